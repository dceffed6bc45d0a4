import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabStore } from '../../../src-main/store/index.ts';
import { pageSql } from '../../../src-main/store/run-list.ts';
import { makeMachine, makeRun, makeSpec, recordRun, tempDir } from './fixtures/make-run.ts';

const tmp = tempDir();
let store: LabStore;

// 12 runs, one a minute: every third sleeps, every fourth is on the server, even ones tagged.
beforeAll(() => {
  store = LabStore.open(tmp.file('list.db'));
  for (let i = 0; i < 12; i++) {
    const run = makeRun({
      seed: i + 1,
      runId: `run${String(i).padStart(2, '0')}-0000-4000-8000-000000000000`,
      name: i === 7 ? 'Hash 100% on the_server' : `run number ${i}`,
      startedAt: new Date(Date.UTC(2026, 10, 1, 12, i)).toISOString(),
      experiment:
        i % 3 === 0
          ? makeSpec({ workload: { kind: 'sleep', ms: 5 }, models: ['async'], concurrency: [4] })
          : makeSpec({ models: ['threads', 'processes'], concurrency: [1, 2] }),
      machine: i % 4 === 0 ? makeMachine({ fingerprint: 'fp-server', hostname: 'server', logicalCores: 64 }) : makeMachine(),
      status: i === 11 ? 'cancelled' : 'completed',
    });
    recordRun(store, run);
    if (i % 2 === 0) store.updateRun(run.runId, { tags: ['even', i < 6 ? 'early' : 'late'] });
  }
});
afterAll(() => {
  store.close();
  tmp.remove();
});

const ids = (page: { runs: { runId: string }[] }) => page.runs.map((r) => Number(r.runId.slice(3, 5)));

describe('listing runs', () => {
  it('lists newest first with the figures a history table shows', () => {
    const page = store.listRuns();
    expect(page.total).toBe(12);
    expect(ids(page)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    const item = page.runs.find((r) => r.runId.startsWith('run05'))!;
    expect(item).toMatchObject({
      name: 'run number 5',
      status: 'completed',
      workload: 'primes',
      tasks: 4,
      models: ['sequential', 'threads', 'processes'],
      concurrency: [1, 2],
      machine: { fingerprint: 'fp-laptop', hostname: 'laptop', cpuModel: 'Test CPU 9000', logicalCores: 8 },
      trialCount: 15,
      tags: [],
      notes: '',
    });
    expect(item.bestSpeedup).toBeGreaterThan(0);
    expect(item.endedAt).toBeDefined();
  });

  it('pages with limit and offset, the total counting every match', () => {
    expect(ids(store.listRuns({ limit: 5 }))).toEqual([11, 10, 9, 8, 7]);
    expect(ids(store.listRuns({ limit: 5, offset: 5 }))).toEqual([6, 5, 4, 3, 2]);
    const last = store.listRuns({ limit: 5, offset: 10 });
    expect(ids(last)).toEqual([1, 0]);
    expect(last.total).toBe(12);
    expect(store.listRuns({ offset: 50 })).toEqual({ runs: [], total: 12 });
  });

  it('reads a page from the start-time index and its rows by id, whatever the statistics say', () => {
    // History scrolls to any depth of 10,000 runs: the page's ids must come straight off the
    // index and only its rows be read (a sort of every run, or a walk of every run looked
    // up in the page, made a page cost 100 to 500 ms). The statistics are those `PRAGMA
    // optimize` keeps, which once led the planner to the walk.
    const db = new Database(tmp.file('list.db'));
    try {
      db.exec('ANALYZE');
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${pageSql('')}`).all({ limit: 50, offset: 9950 }) as { id: number; parent: number; detail: string }[];
      const pageIds = plan.find((p) => p.detail.startsWith('CO-ROUTINE'))!;
      expect(plan.filter((p) => p.parent === pageIds.id).map((p) => p.detail)).toEqual(['SCAN r USING COVERING INDEX runs_by_start']);
      const outer = plan.filter((p) => p.parent === 0).map((p) => p.detail);
      expect(outer.slice(1, 3)).toEqual(['SCAN p', 'SEARCH r USING INTEGER PRIMARY KEY (rowid=?)']);
    } finally {
      db.close();
    }
  });

  it('filters by workload kind, model, machine, tag and status', () => {
    expect(ids(store.listRuns({ workload: 'sleep' }))).toEqual([9, 6, 3, 0]);
    expect(ids(store.listRuns({ model: 'async' }))).toEqual([9, 6, 3, 0]);
    // The baseline every Node run measures counts as a model it ran.
    expect(store.listRuns({ model: 'sequential' }).total).toBe(12);
    expect(store.listRuns({ model: 'py-threading' }).total).toBe(0);
    expect(ids(store.listRuns({ machine: 'fp-server' }))).toEqual([8, 4, 0]);
    expect(ids(store.listRuns({ tag: 'late' }))).toEqual([10, 8, 6]);
    expect(ids(store.listRuns({ status: 'cancelled' }))).toEqual([11]);
  });

  it('combines filters, with paging over the matches', () => {
    const page = store.listRuns({ tag: 'even', workload: 'primes', limit: 2 });
    expect(ids(page)).toEqual([10, 8]);
    expect(page.total).toBe(4);
  });

  it('finds text in names, notes, tags, ids and host names, with % and _ taken literally', () => {
    store.updateRun('run03', { notes: 'fans were loud' });
    expect(ids(store.listRuns({ text: 'FANS' }))).toEqual([3]);
    expect(ids(store.listRuns({ text: 'number 1' }))).toEqual([11, 10, 1]);
    expect(ids(store.listRuns({ text: 'run07' }))).toEqual([7]);
    expect(ids(store.listRuns({ text: 'server' }))).toEqual([8, 7, 4, 0]);
    expect(ids(store.listRuns({ text: 'late' }))).toEqual([10, 8, 6]);
    expect(ids(store.listRuns({ text: '100%' }))).toEqual([7]);
    expect(ids(store.listRuns({ text: 'the_s' }))).toEqual([7]);
    expect(store.listRuns({ text: '%' }).total).toBe(1);
    expect(store.listRuns({ text: '   ' }).total).toBe(12);
  });

  it('refuses a bad filter, naming the field', () => {
    const bad = (filter: object, text: string) =>
      expect(() => store.listRuns(filter)).toThrow(expect.objectContaining({ code: 'invalid-input', message: expect.stringContaining(text) }));
    bad({ limit: 0 }, 'limit: must be an integer from 1 to 1000');
    bad({ limit: 2.5 }, 'limit');
    bad({ offset: -1 }, 'offset');
    bad({ workload: 'cpu' }, 'workload: must be one of');
    bad({ model: 'goroutines' }, 'model: must be one of');
    bad({ status: 'done' }, 'status: must be one of');
    bad({ text: 42 }, 'text: must be text');
  });
});
