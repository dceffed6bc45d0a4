import { afterAll, describe, expect, it } from 'vitest';
import { LabStore, StoreError } from '../../../src-main/store/index.ts';
import { makeMachine, makeRun, makeSpec, makeTrial, recordRun, seeded, tempDir } from './fixtures/make-run.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('save and reload a run', () => {
  it('gives back exactly what was recorded: spec, machine, trials, spans, summary, utilisation', () => {
    const file = tmp.file('fidelity.db');
    const store = LabStore.open(file);
    const run = makeRun({ seed: 11, experiment: makeSpec({ models: ['async', 'threads', 'processes'], concurrency: [1, 2, 4] }) });
    run.trials[3] = { ...run.trials[3], status: 'failed', error: 'task 2 threw: boom, "quoted"\nsecond line' };
    delete run.trials[4].peakRssBytes;
    recordRun(store, run);
    store.close();

    // Reopened from the file, so nothing comes from memory.
    const again = LabStore.open(file);
    const back = again.getRun(run.runId);
    expect(back).toEqual(run);
    expect(back.summary).toEqual(run.summary);
    expect(back.trials.map((t) => t.spans)).toEqual(run.trials.map((t) => t.spans));
    expect(back.trials[0].eventLoop).toEqual(run.trials[0].eventLoop);
    expect(back.trials[4]).not.toHaveProperty('peakRssBytes');
    again.close();
  });

  it('keeps a run on a machine with no Python and no calibration as it was', () => {
    const store = LabStore.open(tmp.file('plain.db'));
    const machine = makeMachine({ fingerprint: 'fp-bare' });
    delete machine.python;
    const run = makeRun({ seed: 12, machine });
    delete run.calibration;
    recordRun(store, run);
    const back = store.getRun(run.runId);
    expect(back).toEqual(run);
    expect(back).not.toHaveProperty('calibration');
    expect(back.machine).not.toHaveProperty('python');
    store.close();
  });

  it('finds a run by a unique prefix of its id, and says when a prefix is ambiguous', () => {
    const store = LabStore.open(tmp.file('prefix.db'));
    recordRun(store, makeRun({ seed: 1, runId: 'abc12345-0000' }));
    recordRun(store, makeRun({ seed: 2, runId: 'abc99999-0000' }));
    expect(store.getRun('abc1').runId).toBe('abc12345-0000');
    expect(() => store.getRun('abc')).toThrow(/ambiguous/);
    expect(() => store.getRun('zzz')).toThrow(expect.objectContaining({ code: 'not-found' }));
    // LIKE wildcards in a prefix are taken literally.
    expect(() => store.getRun('abc%')).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => store.getRun('_bc1')).toThrow(expect.objectContaining({ code: 'not-found' }));
    store.close();
  });

  it('computes the summary of a run still running from the trials saved so far', () => {
    const store = LabStore.open(tmp.file('running.db'));
    const run = makeRun({ seed: 13 });
    store.startRun({ runId: run.runId, name: run.name, experiment: run.experiment, machine: run.machine, startedAt: run.startedAt });
    for (const t of run.trials.slice(0, 5)) store.saveTrial(run.runId, t);
    const partial = store.getRun(run.runId);
    expect(partial.status).toBe('running');
    expect(partial.trials).toHaveLength(5);
    expect(partial.summary.length).toBeGreaterThan(0);
    expect(partial.summary.reduce((n, r) => n + r.trials, 0)).toBe(5);
    expect(store.listRuns().runs[0]).toMatchObject({ status: 'running', trialCount: 5, bestSpeedup: null });
    store.close();
  });

  it('refuses a second trial with the same index, and a run id used twice', () => {
    const store = LabStore.open(tmp.file('dupes.db'));
    const run = makeRun({ seed: 14 });
    store.startRun({ runId: run.runId, name: run.name, experiment: run.experiment, machine: run.machine, startedAt: run.startedAt });
    store.saveTrial(run.runId, run.trials[0]);
    expect(() => store.saveTrial(run.runId, run.trials[0])).toThrow(
      expect.objectContaining({ code: 'invalid-input', message: expect.stringContaining('already has a trial 0') }),
    );
    expect(() =>
      store.startRun({ runId: run.runId, name: 'x', experiment: run.experiment, machine: run.machine, startedAt: run.startedAt }),
    ).toThrow(StoreError);
    expect(() => store.saveTrial('no-such-run', run.trials[1])).toThrow(expect.objectContaining({ code: 'not-found' }));
    // The refused writes left the run as it was.
    expect(store.getRun(run.runId).trials).toHaveLength(1);
    store.close();
  });

  it('saves a trial all or nothing: one that fails half-way leaves no row behind', () => {
    const store = LabStore.open(tmp.file('atomic.db'));
    const run = makeRun({ seed: 16 });
    store.startRun({ runId: run.runId, name: run.name, experiment: run.experiment, machine: run.machine, startedAt: run.startedAt });
    store.saveTrial(run.runId, run.trials[0]);
    // Spans that cannot be packed fail after the trial's row is written: it must be rolled back.
    const broken = { ...run.trials[1], spans: null as unknown as [] };
    expect(() => store.saveTrial(run.runId, broken)).toThrow();
    const back = store.getRun(run.runId);
    expect(back.trials).toEqual([run.trials[0]]);
    expect(store.findRun(run.runId).trialCount).toBe(1);
    // The index is free again for the real trial.
    store.saveTrial(run.runId, run.trials[1]);
    expect(store.getRun(run.runId).trials).toHaveLength(2);
    store.close();
  });

  it('stores a trial with many spans and no spans alike', () => {
    const store = LabStore.open(tmp.file('sizes.db'));
    const rand = seeded(5);
    const big = makeTrial(0, 'threads', 2, 0, rand);
    big.spans = Array.from({ length: 20_000 }, (_, task) => ({ task, worker: task % 2, startMs: task / 1000, endMs: task / 1000 + 0.5, pid: 77, thread: 1 + (task % 2) }));
    const empty = { ...makeTrial(1, 'threads', 2, 1, rand), status: 'cancelled' as const, spans: [] };
    const run = makeRun({ seed: 15, trials: [big, empty] });
    recordRun(store, run);
    const back = store.getRun(run.runId);
    expect(back.trials[0].spans).toEqual(big.spans);
    expect(back.trials[1].spans).toEqual([]);
    store.close();
  });
});
