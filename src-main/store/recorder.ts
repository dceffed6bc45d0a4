// Turns the engine's progress events into store writes, so a run is saved as it goes.
import type { ProgressEvent, UtilizationSample } from '../../src-shared/result.ts';
import type { LabStore } from './lab-store.ts';

export interface RecorderOptions {
  /**
   * Called when a write fails, instead of throwing into the engine's event stream
   * (the measurement goes on; the history misses what failed). Default: rethrow.
   */
  onError?: (error: unknown, event: ProgressEvent) => void;
  /** Utilisation samples (about 10 a second) are written in batches of this many. */
  samplesPerWrite?: number;
}

/**
 * run-started → startRun; trial-finished (not warm-ups) → saveTrial; utilization →
 * buffered saveUtilization (flushed at each trial's end and the run's end, so a
 * crash loses at most a second of samples); run-finished → finishRun with the
 * event's summary. Other events are ignored.
 */
export function createRecorder(store: LabStore, options: RecorderOptions = {}): (event: ProgressEvent) => void {
  const batch = options.samplesPerWrite ?? 10;
  const pending = new Map<string, UtilizationSample[]>();

  const flush = (runId: string) => {
    const samples = pending.get(runId);
    if (!samples?.length) return;
    pending.set(runId, []);
    store.saveUtilization(runId, samples);
  };

  const record = (event: ProgressEvent) => {
    switch (event.type) {
      case 'run-started':
        pending.set(event.runId, []);
        store.startRun({
          runId: event.runId,
          name: event.name,
          experiment: event.experiment,
          machine: event.machine,
          startedAt: event.startedAt,
          ...(event.calibration && { calibration: event.calibration }),
        });
        break;
      case 'trial-finished':
        if (event.warmup) break;
        store.saveTrial(event.runId, event.trial);
        flush(event.runId);
        break;
      case 'utilization': {
        const samples = pending.get(event.runId) ?? [];
        samples.push(event.sample);
        pending.set(event.runId, samples);
        if (samples.length >= batch) flush(event.runId);
        break;
      }
      case 'run-finished':
        try {
          flush(event.runId);
        } finally {
          pending.delete(event.runId);
          store.finishRun(event.runId, {
            status: event.status,
            endedAt: event.endedAt,
            summary: event.summary,
            ...(event.error !== undefined && { error: event.error }),
          });
        }
        break;
      default:
        break;
    }
  };

  return (event) => {
    if (!options.onError) return record(event);
    try {
      record(event);
    } catch (error) {
      options.onError(error, event);
    }
  };
}
