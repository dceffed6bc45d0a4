// A real shared-workload run keeps its lost-update figures with each trial: saved,
// read back, exported to JSON and imported unchanged, one CSV row per mode; an import
// whose figures do not add up is refused with the field, and nothing is written.
import { afterAll, describe, expect, it } from 'vitest';
import { validateExperiment } from '../../../src-shared/experiment.ts';
import { withSpanObjects, type TrialResult } from '../../../src-shared/result.ts';
import { runExperiment } from '../../../src-main/engine/index.ts';
import { LabStore, createRecorder } from '../../../src-main/store/index.ts';
import { tempDir } from './fixtures/make-run.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('shared figures in the store', () => {
  it('are saved with their trials, exported and imported back equal, and one CSV row per mode', async () => {
    const spec = validateExperiment({
      // A name without commas: the rows below are split on them.
      name: 'shared kept',
      workload: { kind: 'shared', ops: 2_000, modes: ['unsafe', 'locked', 'yield-inside'] },
      tasks: 2,
      models: ['async', 'processes'],
      concurrency: [2],
      repetitions: 1,
      warmup: 0,
    });
    if (!spec.ok) throw new Error(JSON.stringify(spec.issues));
    const store = LabStore.open(tmp.file('shared.db'));
    const result = await runExperiment(spec.value, { onEvent: createRecorder(store) });
    expect(result.status).toBe('completed');
    const saved = store.getRun(result.runId);
    // The engine keeps each trial's figures (its spans went to the recorder): the history has both.
    expect(store.getRunOverview(result.runId)).toEqual({ ...result, tags: [], notes: '' });
    const async = saved.trials.find((t) => t.model === 'async')!;
    expect(async.shared!.map((p) => p.mode)).toEqual(['unsafe', 'locked', 'yield-inside']);
    expect(async.shared![0]).toMatchObject({ expected: 4_000, observed: 4_000, lost: 0 });
    const processes = saved.trials.find((t) => t.model === 'processes')!;
    expect(processes.shared![0].perProcess!.reduce((a, b) => a + b, 0)).toBe(4_000);
    expect(processes.shared![2].unavailable).toMatch(/no await/);

    const other = LabStore.open(tmp.file('imported.db'));
    expect(other.importRuns(store.exportRuns([result.runId], 'json').content).imported).toEqual([result.runId]);
    expect(other.getRun(result.runId)).toEqual(saved);

    const csv = store.exportRuns([result.runId], 'csv').content.trim().split('\r\n');
    const header = csv[0].split(',');
    const rows = csv.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
    // 3 trials (sequential, async, processes) × 3 modes.
    expect(rows).toHaveLength(9);
    const asyncYield = rows.find((r) => r.model === 'async' && r.sharedMode === 'yield-inside')!;
    expect(Number(asyncYield.expected)).toBe(4_000);
    expect(Number(asyncYield.lost)).toBe(4_000 - Number(asyncYield.observed));
    expect(rows.find((r) => r.model === 'processes' && r.sharedMode === 'unsafe')!.sharedNote).toMatch(/^no shared memory; each process counted its own: \d+ \d+$/);
    store.close();
    other.close();
  });

  it('refuses an import whose lost updates are not expected − observed, naming the field', async () => {
    const store = LabStore.open(tmp.file('bad.db'));
    const spec = validateExperiment({ workload: { kind: 'shared', ops: 100, modes: ['unsafe'] }, tasks: 2, models: ['async'], concurrency: [2], repetitions: 1, warmup: 0 });
    if (!spec.ok) throw new Error('spec');
    const run = await runExperiment(spec.value);
    const bad = structuredClone(run);
    bad.trials[1].shared![0].lost = 7;
    expect(() => store.importRuns(JSON.stringify(bad))).toThrow(/trials\[1\]\.shared\[0\].*lost must be expected − observed/);
    expect(store.listRuns().total).toBe(0);
    store.close();
  });
});

describe('shared figures that cannot be measurements', () => {
  it('are refused on import: more counted than made, or an expected that is not tasks × ops', async () => {
    const store = LabStore.open(tmp.file('bad2.db'));
    const spec = validateExperiment({ workload: { kind: 'shared', ops: 100, modes: ['unsafe'] }, tasks: 2, models: ['async'], concurrency: [2], repetitions: 1, warmup: 0 });
    if (!spec.ok) throw new Error('spec');
    // The run as a file holds it: the engine's figures with the trials (spans and all) it handed on.
    const handed: TrialResult[] = [];
    const result = await runExperiment(spec.value, { onEvent: (e) => e.type === 'trial-data' && handed.push(withSpanObjects(e.trial)) });
    const run = { ...result, trials: handed };
    const over = structuredClone(run);
    Object.assign(over.trials[1].shared![0], { observed: 201, lost: -1 });
    expect(() => store.importRuns(JSON.stringify(over))).toThrow(/trials\[1\]\.shared\[0\].*observed must not exceed expected/);
    const wrong = structuredClone(run);
    Object.assign(wrong.trials[1].shared![0], { expected: 300, observed: 300, lost: 0 });
    expect(() => store.importRuns(JSON.stringify(wrong))).toThrow(/trials\[1\]\.shared\[0\]\.expected: 300, but tasks × ops is 200/);
    expect(store.listRuns().total).toBe(0);
    store.close();
  });
});
