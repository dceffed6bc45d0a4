// History: the filtered list, edits that update the row in place, delete, import,
// and a comparison selection of at most four runs.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { setBackend } from '../../../src-renderer/backend/index.ts';
import { MAX_COMPARE, PAGE_SIZE, useHistoryStore } from '../../../src-renderer/src/stores/history.ts';
import { FakeLab, makeRun } from './fake-lab.ts';

let lab: FakeLab;

beforeEach(() => {
  lab = new FakeLab();
  for (const id of ['a', 'b', 'c', 'd', 'e']) lab.runs.set(id, makeRun(id));
  setBackend(lab);
  setActivePinia(createPinia());
});

describe('history store', () => {
  it('lists runs with the filter it was given', async () => {
    const h = useHistoryStore();
    await h.load();
    expect(h.runs).toHaveLength(5);
    expect(h.total).toBe(5);
    h.filter.text = ' run c ';
    h.filter.workload = 'primes';
    await h.load();
    expect(lab.called('listRuns').at(-1)!.args[0]).toEqual({ limit: PAGE_SIZE, offset: 0, text: 'run c', workload: 'primes' });
    expect(h.runs.map((r) => r.runId)).toEqual(['c']);
    expect(h.filtered).toBe(true);
    await h.clearFilter();
    expect(h.runs).toHaveLength(5);
  });

  it('reads only the pages that hold the rows in view, each once', async () => {
    for (let i = 0; i < 2.5 * PAGE_SIZE; i++) {
      const id = `many-${String(i).padStart(4, '0')}`;
      lab.runs.set(id, makeRun(id));
    }
    const h = useHistoryStore();
    await h.load();
    expect(h.total).toBe(2.5 * PAGE_SIZE + 5);
    expect(h.rowAt(PAGE_SIZE + 3)).toBeUndefined();
    const before = lab.called('listRuns').length;
    // Rows 150..219 lie on the second and third pages; asking twice at once reads each once.
    await Promise.all([h.ensureRows(150, 220), h.ensureRows(160, 210)]);
    expect(lab.called('listRuns').slice(before).map((c) => (c.args[0] as { offset: number }).offset)).toEqual([PAGE_SIZE, 2 * PAGE_SIZE]);
    expect(h.rowAt(PAGE_SIZE + 3)?.runId).toBe([...lab.runs.keys()][PAGE_SIZE + 3]);
    expect(h.rowsLoaded).toBe(h.total);
    // Past the end there is nothing to read.
    await h.ensureRows(h.total, h.total + 50);
    expect(lab.called('listRuns').length).toBe(before + 2);
  });

  it('drops a page that answers after the filter changed, and starts the new list from its top', async () => {
    const h = useHistoryStore();
    // The first filter's answer comes last, as a slow query's would.
    const listRuns = lab.listRuns.bind(lab);
    let call = 0;
    lab.listRuns = (f) => {
      const late = call++ === 0;
      return listRuns(f).then((r) => new Promise((done) => setTimeout(() => done(r), late ? 30 : 0)));
    };
    h.filter.text = 'run c';
    const first = h.reload();
    h.filter.text = 'run d';
    await Promise.all([first, h.reload()]);
    expect(h.runs.map((r) => r.runId)).toEqual(['d']);
    expect(h.total).toBe(1);
  });

  it('renames, tags and notes a run in place', async () => {
    const h = useHistoryStore();
    await h.load();
    expect(await h.rename('b', 'baseline')).toBeNull();
    expect(await h.setTags('b', [' x ', 'y', 'x', ''])).toBeNull();
    expect(await h.setNotes('b', 'quiet machine')).toBeNull();
    expect(h.runs.find((r) => r.runId === 'b')).toMatchObject({ name: 'baseline', tags: ['x', 'y'], notes: 'quiet machine' });
    expect(h.allTags).toEqual(['x', 'y']);
  });

  it('deletes a run and drops it from the selection', async () => {
    const h = useHistoryStore();
    await h.load();
    h.toggleSelected('a');
    expect(await h.remove('a')).toBeNull();
    expect(h.runs.map((r) => r.runId)).not.toContain('a');
    expect(h.total).toBe(4);
    expect(h.selected).toEqual([]);
  });

  it('selects two to four runs to compare, refusing a fifth', async () => {
    const h = useHistoryStore();
    h.toggleSelected('a');
    expect(h.canCompare).toBe(false);
    for (const id of ['b', 'c', 'd']) expect(h.toggleSelected(id)).toBe(true);
    expect(h.selected).toHaveLength(MAX_COMPARE);
    expect(h.canCompare).toBe(true);
    expect(h.toggleSelected('e')).toBe(false);
    expect(h.selected).toEqual(['a', 'b', 'c', 'd']);
    h.toggleSelected('a');
    expect(h.selected).toEqual(['b', 'c', 'd']);
  });

  it('imports, then reloads the list; errors say what to try', async () => {
    const h = useHistoryStore();
    expect(await h.importContent('{"version":1}')).toBeNull();
    expect(h.lastImport).toEqual({ imported: ['{"ve'], skipped: [] });
    expect(lab.called('listRuns')).toHaveLength(1);
    lab.failNext.deleteRun = { code: 'store-error', message: 'disk I/O error' };
    expect(await h.remove('a')).toMatch(/^disk I\/O error\. .*check the disk/);
    lab.failNext.listRuns = { code: 'store-error', message: 'database is locked' };
    await h.load();
    expect(h.error).toMatch(/database is locked/);
  });
});
