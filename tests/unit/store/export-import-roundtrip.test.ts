import { afterAll, describe, expect, it } from 'vitest';
import { explainRun } from '../../../src-shared/explain-run.ts';
import { summarize } from '../../../src-shared/summary.ts';
import { LabStore } from '../../../src-main/store/index.ts';
import { makeMachine, makeRun, recordRun, tempDir } from './fixtures/make-run.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('export to JSON and import into a fresh database', () => {
  it('brings every run back equal: trials, spans, summary, machine, tags and notes', () => {
    const source = LabStore.open(tmp.file('source.db'));
    const runs = [
      makeRun({ seed: 1, name: 'one' }),
      makeRun({ seed: 2, name: 'two', machine: makeMachine({ fingerprint: 'fp-2', hostname: 'other' }) }),
    ];
    runs[1].trials[2] = { ...runs[1].trials[2], status: 'timeout', error: 'task 3 ran past 60000 ms' };
    runs[1].summary = summarize(runs[1].trials, runs[1].machine.logicalCores);
    for (const run of runs) recordRun(source, run);
    source.updateRun(runs[0].runId, { tags: ['baseline', 'laptop'], notes: 'on battery\nfans loud' });

    const payload = source.exportRuns(runs.map((r) => r.runId), 'json');
    expect(payload.mimeType).toBe('application/json');
    expect(payload.fileName).toBe('concurrency-lab-2-runs.json');
    const doc = JSON.parse(payload.content);
    expect(doc).toMatchObject({ format: 'concurrency-lab', version: 1 });
    expect(Date.parse(doc.exportedAt)).not.toBeNaN();
    // Each run carries its verdicts, made from its figures; an import drops them (they are derived).
    for (const [i, run] of runs.entries()) {
      expect(doc.runs[i].verdicts).toEqual(JSON.parse(JSON.stringify(explainRun(source.getRun(run.runId)))));
    }
    expect(doc.runs[1].verdicts.map((v: { id: string }) => v.id)).toContain('failures');

    const target = LabStore.open(tmp.file('target.db'));
    expect(target.importRuns(payload.content)).toEqual({ imported: runs.map((r) => r.runId), skipped: [] });
    for (const run of runs) expect(target.getRun(run.runId)).toEqual(source.getRun(run.runId));
    expect(target.getRun(runs[0].runId)).toMatchObject({ tags: ['baseline', 'laptop'], notes: 'on battery\nfans loud' });
    expect(target.listRuns({ tag: 'laptop' }).total).toBe(1);
    source.close();
    target.close();
  });

  it('is idempotent by run id: importing the same file again skips every run', () => {
    const store = LabStore.open(tmp.file('twice.db'));
    const run = makeRun({ seed: 3 });
    const content = JSON.stringify({ format: 'concurrency-lab', version: 1, runs: [run] });
    expect(store.importRuns(content)).toEqual({ imported: [run.runId], skipped: [] });
    const before = store.getRun(run.runId);
    expect(store.importRuns(content)).toEqual({ imported: [], skipped: [run.runId] });
    expect(store.getRun(run.runId)).toEqual(before);
    expect(store.listRuns().total).toBe(1);
    store.close();
  });

  it('imports a bare run result (the CLI `run --json` file)', () => {
    const store = LabStore.open(tmp.file('bare.db'));
    const run = makeRun({ seed: 4 });
    expect(store.importRuns(JSON.stringify({ ...run, verdicts: explainRun(run) }))).toEqual({ imported: [run.runId], skipped: [] });
    expect(store.getRun(run.runId)).toEqual(run);
    store.close();
  });

  it('imports a run exported while running as interrupted: nobody here will finish it', () => {
    const store = LabStore.open(tmp.file('running.db'));
    const run = makeRun({ seed: 5, status: 'running' });
    delete run.endedAt;
    store.importRuns(JSON.stringify(run));
    expect(store.getRun(run.runId).status).toBe('interrupted');
    store.close();
  });

  it('keeps NaN figures (written as null in JSON) through the round trip', () => {
    const source = LabStore.open(tmp.file('nan-source.db'));
    const run = makeRun({ seed: 6 });
    run.trials[0] = { ...run.trials[0], status: 'failed', cpuMs: NaN, error: 'no cpu time' };
    run.summary = summarize(run.trials, run.machine.logicalCores);
    recordRun(source, run);
    const target = LabStore.open(tmp.file('nan-target.db'));
    target.importRuns(source.exportRuns([run.runId], 'json').content);
    expect(target.getRun(run.runId).trials[0].cpuMs).toBeNaN();
    expect(target.getRun(run.runId)).toEqual(source.getRun(run.runId));
    source.close();
    target.close();
  });

  it('names a single-run export after the run', () => {
    const store = LabStore.open(tmp.file('names.db'));
    const run = makeRun({ seed: 7, runId: '3f2a9c1e-1111-4000-8000-000000000000', name: 'CPU bound: 4 cores / laptop!' });
    recordRun(store, run);
    expect(store.exportRuns([run.runId], 'json').fileName).toBe('cpu-bound-4-cores-laptop-3f2a9c1e.json');
    expect(store.exportRuns([run.runId], 'csv').fileName).toBe('cpu-bound-4-cores-laptop-3f2a9c1e.csv');
    expect(() => store.exportRuns([], 'json')).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() => store.exportRuns([run.runId], 'xml' as 'json')).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    store.close();
  });
});
