import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { LabStore } from '../../../src-main/store/index.ts';
import { makeRun, recordRun, tempDir } from './fixtures/make-run.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());

function counts(file: string) {
  const db = new Database(file, { readonly: true });
  const n = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const result = {
    runs: n('runs'),
    trials: n('trials'),
    spans: n('trial_spans'),
    samples: n('utilization'),
    tags: n('run_tags'),
    experiments: n('experiments'),
  };
  db.close();
  return result;
}

describe('rename, tag, annotate', () => {
  it('changes only what the patch names and returns the updated list entry', () => {
    const store = LabStore.open(tmp.file('edit.db'));
    const run = makeRun({ seed: 1 });
    recordRun(store, run);
    const renamed = store.updateRun(run.runId.slice(0, 6), { name: '  laptop on battery  ' });
    expect(renamed).toMatchObject({ runId: run.runId, name: 'laptop on battery', tags: [], notes: '' });
    const tagged = store.updateRun(run.runId, { tags: ['battery', ' nightly ', 'battery', ''] });
    expect(tagged).toMatchObject({ name: 'laptop on battery', tags: ['battery', 'nightly'] });
    const noted = store.updateRun(run.runId, { notes: 'fans loud\nsecond line' });
    expect(noted).toMatchObject({ tags: ['battery', 'nightly'], notes: 'fans loud\nsecond line' });
    expect(store.getRun(run.runId)).toMatchObject({ name: 'laptop on battery', tags: ['battery', 'nightly'], notes: 'fans loud\nsecond line' });
    // Replacing the tags replaces what the tag filter sees.
    store.updateRun(run.runId, { tags: ['mains'] });
    expect(store.listRuns({ tag: 'battery' }).total).toBe(0);
    expect(store.listRuns({ tag: 'mains' }).total).toBe(1);
    // The measurements are untouched.
    expect(store.getRun(run.runId).trials).toEqual(run.trials);
    store.close();
  });

  it('refuses a bad patch, naming the field, and changes nothing', () => {
    const store = LabStore.open(tmp.file('bad-edit.db'));
    const run = makeRun({ seed: 2 });
    recordRun(store, run);
    const bad = (patch: object, text: string) =>
      expect(() => store.updateRun(run.runId, patch)).toThrow(expect.objectContaining({ code: 'invalid-input', message: expect.stringContaining(text) }));
    bad({ name: '   ' }, 'name: must be 1 to 200 characters');
    bad({ name: 'x'.repeat(201) }, 'name');
    bad({ tags: 'one' }, 'tags: must be a list of text');
    bad({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags: at most 20');
    bad({ tags: ['y'.repeat(41)] }, 'over 40 characters');
    bad({ notes: 5 }, 'notes');
    expect(store.findRun(run.runId)).toMatchObject({ name: run.name, tags: [], notes: '' });
    expect(() => store.updateRun('nope', { name: 'x' })).toThrow(expect.objectContaining({ code: 'not-found' }));
    store.close();
  });
});

describe('delete', () => {
  it('removes the run with its trials, spans, samples and tags, and leaves other runs whole', () => {
    const file = tmp.file('delete.db');
    const store = LabStore.open(file);
    const keep = makeRun({ seed: 3 });
    const drop = makeRun({ seed: 4, experiment: { ...keep.experiment, tasks: 5 } });
    recordRun(store, keep);
    recordRun(store, drop);
    store.updateRun(drop.runId, { tags: ['doomed'] });
    const before = counts(file);
    expect(before).toMatchObject({ runs: 2, trials: 30, spans: 30, samples: 4, tags: 1, experiments: 2 });

    expect(store.deleteRun(drop.runId.slice(0, 6))).toBe(true);
    expect(counts(file)).toEqual({ runs: 1, trials: 15, spans: 15, samples: 2, tags: 0, experiments: 1 });
    expect(() => store.getRun(drop.runId)).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(store.getRun(keep.runId)).toEqual(keep);
    expect(store.deleteRun(drop.runId)).toBe(false);
    store.close();
  });

  it('keeps a spec another run still uses', () => {
    const file = tmp.file('shared-spec.db');
    const store = LabStore.open(file);
    const a = makeRun({ seed: 5 });
    const b = makeRun({ seed: 6 });
    recordRun(store, a);
    recordRun(store, b);
    expect(counts(file).experiments).toBe(1);
    store.deleteRun(a.runId);
    expect(counts(file).experiments).toBe(1);
    expect(store.getRun(b.runId).experiment).toEqual(b.experiment);
    store.close();
  });

  it('refuses to delete a run that is still being recorded', () => {
    const store = LabStore.open(tmp.file('live.db'));
    const run = makeRun({ seed: 7 });
    store.startRun({ runId: run.runId, name: run.name, experiment: run.experiment, machine: run.machine, startedAt: run.startedAt });
    expect(() => store.deleteRun(run.runId)).toThrow(expect.objectContaining({ code: 'invalid-input', message: expect.stringContaining('still running') }));
    store.finishRun(run.runId, { status: 'cancelled', endedAt: run.endedAt!, summary: [] });
    expect(store.deleteRun(run.runId)).toBe(true);
    store.close();
  });
});
