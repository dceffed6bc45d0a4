import { afterAll, describe, expect, it } from 'vitest';
import { figuresOf, type EngineEvent, type Progress, type RunResult } from '../../../src-shared/result.ts';
import { SpanTable } from '../../../src-shared/span-table.ts';
import { LabStore, createRecorder, type SaveFailure } from '../../../src-main/store/index.ts';
import { makeRun, tempDir } from './fixtures/make-run.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());

const progress: Progress = { trialsDone: 0, trialsTotal: 1, fraction: 0, etaMs: null };

/** The events the engine would emit for `run`, with warm-ups, task batches and samples mixed in. */
function eventsFor(run: RunResult, samples: number): EngineEvent[] {
  const events: EngineEvent[] = [
    {
      type: 'run-started',
      runId: run.runId,
      name: run.name,
      experiment: run.experiment,
      machine: run.machine,
      totalTrials: run.trials.length + 1,
      startedAt: run.startedAt,
      calibration: run.calibration,
    },
    // A warm-up: reported, never saved.
    { type: 'trial-finished', runId: run.runId, warmup: true, trial: figuresOf({ ...run.trials[0], index: 0, wallMs: 999 }), summary: [], progress },
  ];
  const perTrial = Math.ceil(samples / run.trials.length);
  let sent = 0;
  for (const trial of run.trials) {
    const { index, model, concurrency, repetition, offsetMs } = trial;
    events.push({ type: 'trial-started', runId: run.runId, index, warmup: false, model, concurrency, repetition, offsetMs, progress });
    events.push({ type: 'tasks', runId: run.runId, index, warmup: false, done: 2, total: 4, spans: trial.spans.slice(0, 2), progress });
    for (let i = 0; i < perTrial && sent < samples; i++, sent++) {
      events.push({ type: 'utilization', runId: run.runId, sample: { tMs: sent * 100, cores: [sent / samples, 1 - sent / samples] } });
    }
    // The engine hands the trial with its spans on first, then reports its figures.
    events.push({ type: 'trial-data', runId: run.runId, trial: { ...trial, spans: SpanTable.from(trial.spans) } });
    events.push({ type: 'trial-finished', runId: run.runId, warmup: false, trial: figuresOf(trial), summary: [], progress });
  }
  events.push({ type: 'run-finished', runId: run.runId, status: run.status, endedAt: run.endedAt!, summary: run.summary });
  return events;
}

describe('the recorder', () => {
  it('saves a run from its progress events: measured trials only, every sample, the final summary', () => {
    const file = tmp.file('recorded.db');
    const store = LabStore.open(file);
    const record = createRecorder(store);
    const run = makeRun({ seed: 1 });
    const samples = 37;
    const events = eventsFor(run, samples);
    run.utilization = events.flatMap((e) => (e.type === 'utilization' ? [e.sample] : []));
    expect(run.utilization).toHaveLength(samples);
    for (const e of events) record(e);
    expect(store.getRun(run.runId)).toEqual(run);
    store.close();
  });

  it('saves as it goes: another connection sees each trial once it has finished', () => {
    const file = tmp.file('as-it-goes.db');
    const store = LabStore.open(file);
    const record = createRecorder(store);
    const run = makeRun({ seed: 2 });
    const reader = LabStore.open(file);
    let finished = 0;
    for (const e of eventsFor(run, 20)) {
      record(e);
      if (e.type === 'trial-finished' && !e.warmup) {
        finished++;
        const seen = reader.getRun(run.runId);
        expect(seen.status).toBe('running');
        expect(seen.trials).toHaveLength(finished);
        // Samples are flushed with each trial, so a crash loses at most the trial in flight.
        expect(seen.utilization.length).toBeGreaterThan(0);
      }
    }
    expect(reader.getRun(run.runId).status).toBe('completed');
    reader.close();
    store.close();
  });

  it('ends a run whose saving failed with the summary of the trials saved, as the engine gave it at their end', () => {
    const store = LabStore.open(tmp.file('fails-midway.db'));
    const failures: SaveFailure[] = [];
    const record = createRecorder(store, { onSaveFailed: (failure) => failures.push(failure) });
    const run = makeRun({ seed: 4 });
    expect(run.trials.length).toBeGreaterThanOrEqual(2);
    // Each trial's end carries a summary of its own, so the one kept can be told apart.
    let measured = 0;
    const summaryAfter = (n: number) => run.summary.slice(0, 1).map((row) => ({ ...row, trials: n }));
    for (const e of eventsFor(run, 10)) {
      // The failure stops the run (the service does so from onSaveFailed): its end comes next.
      if (failures.length && e.type !== 'run-finished' && e.type !== 'trial-finished') continue;
      if (e.type === 'trial-finished' && !e.warmup) {
        measured++;
        record({ ...e, summary: summaryAfter(measured) });
        // The disk goes away after the first trial: every later write fails.
        if (measured === 1) store.close();
        continue;
      }
      record(e);
    }
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ saved: 1, measured: 2, summary: summaryAfter(1) });
    expect(failures[0].error).toMatch(/1 of 2 measured trials were saved$/);
  });

  it('hands a failed write to onSaveFailed instead of throwing into the engine', () => {
    const store = LabStore.open(tmp.file('errors.db'));
    const failures: [SaveFailure, string][] = [];
    const record = createRecorder(store, { onSaveFailed: (failure, runId) => failures.push([failure, runId]) });
    const run = makeRun({ seed: 3 });
    const stray: EngineEvent = { type: 'trial-data', runId: 'never-started', trial: { ...run.trials[0], spans: SpanTable.from(run.trials[0].spans) } };
    expect(() => record(stray)).not.toThrow();
    expect(failures).toHaveLength(1);
    expect(failures[0][1]).toBe('never-started');
    expect(failures[0][0]).toMatchObject({ reason: 'no running run never-started to record into', saved: 0, measured: 1 });
    // Without onSaveFailed the error reaches the caller.
    expect(() => createRecorder(store)(stray)).toThrow(/no running run never-started/);
    store.close();
  });
});
