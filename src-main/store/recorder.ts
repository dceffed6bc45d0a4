// Turns the engine's progress events into store writes, so a run is saved as it goes.
// When a write fails, the history of that run is incomplete: the recorder stops saving
// it, says so to its caller (who stops the run), and ends the run as failed with a
// summary of the trials that were saved, never of more.
import type { EngineEvent, SummaryRow, UtilizationSample } from '../../src-shared/result.ts';
import type { LabStore } from './lab-store.ts';

/** What a run whose saving failed kept: for the run's end, its event and its exit code. */
export interface SaveFailure {
  /** The first write that failed ("…/lab.db cannot be written: the disk is full (SQLITE_FULL)"). */
  reason: string;
  /** The run's error as saved and reported: why, and how much of it was kept. */
  error: string;
  saved: number;
  measured: number;
  /** Computed from the saved trials only. */
  summary: SummaryRow[];
  /** Whether the run's end (status failed, this summary) reached the history too. */
  ended: boolean;
  /** When the run ended, once it has. */
  endedAt?: string;
}

export interface RecorderOptions {
  /**
   * Called once per run, at its first failed write, instead of throwing into the engine's
   * event stream: the caller stops the run. Without it, a failed write throws.
   */
  onSaveFailed?: (failure: SaveFailure, runId: string) => void;
  /** Utilisation samples (about 10 a second) are written in batches of this many. */
  samplesPerWrite?: number;
}

export interface Recorder {
  (event: EngineEvent): void;
  /** The run's saving failure, if a write of it failed. */
  failure(runId: string): SaveFailure | undefined;
  /** Tries again to write the end of failed runs whose end could not be written; quiet while it still cannot. */
  settle(): void;
}

interface RunState {
  samples: UtilizationSample[];
  /** How many measured trials were saved. */
  saved: number;
  /**
   * The summary of the saved trials: the engine's, from each trial's end while every write
   * has succeeded (the trials measured then are the trials saved). Kept instead of every
   * saved trial's latencies, which the engine already holds: at 100,000 tasks a trial that
   * was 0.8 MB more per trial for the whole run (issue 15).
   */
  summary: SummaryRow[];
  measured: number;
  failure?: SaveFailure;
}

/**
 * run-started → startRun; trial-data (a measured trial with its span columns) → saveTrial;
 * utilization → buffered saveUtilization (flushed at each trial's end and the run's end,
 * so a crash loses at most a second of samples); run-finished → finishRun with the
 * event's summary. Other events are ignored.
 */
export function createRecorder(store: LabStore, options: RecorderOptions = {}): Recorder {
  const batch = options.samplesPerWrite ?? 10;
  const runs = new Map<string, RunState>();
  const stateOf = (runId: string): RunState => {
    let state = runs.get(runId);
    if (!state) {
      state = { samples: [], saved: 0, summary: [], measured: 0 };
      runs.set(runId, state);
    }
    return state;
  };

  const flush = (runId: string, state: RunState) => {
    if (!state.samples.length) return;
    const samples = state.samples;
    state.samples = [];
    store.saveUtilization(runId, samples);
  };

  /** One write; a failure ends the saving of the run (false), and its caller hears of it once. */
  const write = (runId: string, state: RunState, act: () => void): boolean => {
    if (state.failure) return false;
    try {
      act();
      return true;
    } catch (error) {
      if (!options.onSaveFailed) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      state.failure = { reason, error: '', saved: 0, measured: 0, summary: [], ended: false };
      describe(state);
      options.onSaveFailed(state.failure, runId);
      return false;
    }
  };

  const describe = (state: RunState) => {
    const f = state.failure!;
    f.saved = state.saved;
    f.measured = state.measured;
    f.summary = state.summary;
    f.error = `saving failed, so the run was stopped: ${f.reason}. ${f.saved} of ${f.measured} measured trials were saved`;
  };

  const record = (event: EngineEvent) => {
    // A study's own progress: its runs are recorded by their own events.
    if (event.type === 'study-progress') return;
    const state = stateOf(event.runId);
    switch (event.type) {
      case 'run-started':
        write(event.runId, state, () =>
          store.startRun({
            runId: event.runId,
            name: event.name,
            experiment: event.experiment,
            machine: event.machine,
            startedAt: event.startedAt,
            ...(event.calibration && { calibration: event.calibration }),
          }),
        );
        break;
      case 'trial-data':
        state.measured++;
        if (
          // The samples first: when either write fails, the trial is not counted as saved,
          // and the summary kept (of the trials before it) is the summary of those saved.
          write(event.runId, state, () => {
            flush(event.runId, state);
            store.saveTrial(event.runId, event.trial);
            state.saved++;
          })
        ) break;
        describe(state);
        break;
      case 'trial-finished':
        if (!state.failure) state.summary = event.summary;
        break;
      case 'utilization':
        if (state.failure) break;
        state.samples.push(event.sample);
        if (state.samples.length >= batch) write(event.runId, state, () => flush(event.runId, state));
        break;
      case 'run-finished': {
        runs.delete(event.runId);
        if (!state.failure) {
          state.summary = event.summary;
          try {
            flush(event.runId, state);
          } catch (error) {
            if (!options.onSaveFailed) throw error;
            // Samples are not trials: the run's end still says what was kept.
          }
          const ended = write(event.runId, state, () =>
            store.finishRun(event.runId, {
              status: event.status,
              endedAt: event.endedAt,
              summary: event.summary,
              ...(event.error !== undefined && { error: event.error }),
            }),
          );
          if (ended) break;
        }
        const failure = state.failure!;
        describe(state);
        failure.endedAt = event.endedAt;
        endFailed(event.runId, failure);
        // Kept for failure() and settle(): the caller reads it after this event (the trials are not).
        runs.set(event.runId, { samples: [], saved: failure.saved, summary: failure.summary, measured: failure.measured, failure });
        break;
      }
      default:
        break;
    }
  };

  const endFailed = (runId: string, failure: SaveFailure) => {
    try {
      store.finishRun(runId, { status: 'failed', endedAt: failure.endedAt!, summary: failure.summary, error: failure.error });
      failure.ended = true;
    } catch {
      // Still unwritable: settle() tries again; if it never can, the run stays `running`
      // under this process until the next open that can write finds its recorder gone.
    }
  };

  return Object.assign(record, {
    failure: (runId: string) => runs.get(runId)?.failure,
    settle: () => {
      for (const [runId, state] of runs) {
        if (state.failure?.endedAt && !state.failure.ended) endFailed(runId, state.failure);
      }
    },
  });
}
