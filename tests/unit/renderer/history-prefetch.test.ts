// History's first page is read before the view opens, shown at once when it opens and read
// again (stale-while-revalidate), and never shown as current after a change the app knows of.
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProgressEvent } from '../../../src-shared/result.ts';
import { setBackend } from '../../../src-renderer/backend/index.ts';
import { REVALIDATE_AFTER_MS, useHistoryStore } from '../../../src-renderer/src/stores/history.ts';
import { useStudyStore } from '../../../src-renderer/src/stores/study.ts';
import { FakeLab, makeRun } from './fake-lab.ts';

let lab: FakeLab;

/** Lets the timers (the idle callback is one where there is no requestIdleCallback) and the reads they start finish. */
const idle = () => new Promise((done) => setTimeout(done, 5));
const ids = (h: ReturnType<typeof useHistoryStore>) => Array.from({ length: h.rowsLoaded }, (_, i) => h.rowAt(i)?.runId);
const finished = (runId: string): ProgressEvent => ({ type: 'run-finished', runId, status: 'completed', endedAt: '2026-01-02T03:04:09.000Z', summary: [] });

beforeEach(() => {
  lab = new FakeLab();
  for (const id of ['a', 'b', 'c']) lab.runs.set(id, makeRun(id));
  setBackend(lab);
  setActivePinia(createPinia());
});
afterEach(() => vi.useRealTimers());

describe('history prefetch', () => {
  it('reads the first page after the app starts, and the view opens on it without reading it again', async () => {
    const h = useHistoryStore();
    h.watchChanges();
    expect(lab.called('listRuns')).toHaveLength(0);
    await idle();
    expect(lab.called('listRuns')).toHaveLength(1);
    expect(ids(h)).toEqual(['a', 'b', 'c']);
    await h.open();
    expect(lab.called('listRuns')).toHaveLength(1);
  });

  it('waits for a read of the first page still under way rather than asking twice', async () => {
    const h = useHistoryStore();
    const listRuns = lab.listRuns.bind(lab);
    lab.listRuns = (f) => listRuns(f).then((r) => new Promise((done) => setTimeout(() => done(r), 20)));
    h.watchChanges();
    await new Promise((done) => setTimeout(done, 2));
    expect(lab.called('listRuns')).toHaveLength(1);
    await h.open();
    expect(lab.called('listRuns')).toHaveLength(1);
    expect(ids(h)).toEqual(['a', 'b', 'c']);
  });

  it('opened later, shows the rows held at once and reads them again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const h = useHistoryStore();
    await h.reload();
    h.close();
    // Another process (the CLI) saved a run meanwhile: the app was not told.
    lab.runs.set('d', makeRun('d'));
    vi.setSystemTime(Date.now() + REVALIDATE_AFTER_MS + 1);
    const opening = h.open();
    expect(ids(h)).toEqual(['a', 'b', 'c']);
    expect(h.stale).toBe(false);
    await opening;
    expect(lab.called('listRuns')).toHaveLength(2);
    expect(ids(h)).toEqual(['a', 'b', 'c', 'd']);
    expect(h.total).toBe(4);
  });

  it('drops the rows held when a run ends while History is closed, and reads them again when idle', async () => {
    const h = useHistoryStore();
    h.watchChanges();
    await idle();
    lab.runs.set('d', makeRun('d'));
    lab.emit(finished('d'));
    // Opened now, the view would wait for the new reading rather than show the old rows.
    expect(h.rowAt(0)).toBeUndefined();
    expect(h.loaded).toBe(false);
    await idle();
    expect(ids(h)).toEqual(['a', 'b', 'c', 'd']);
    await h.open();
    expect(lab.called('listRuns')).toHaveLength(2);
  });

  it('keeps the rows on screen marked stale when a run starts while History is open, until they are read again', async () => {
    const h = useHistoryStore();
    h.watchChanges();
    await h.open();
    const reads = lab.called('listRuns').length;
    const listRuns = lab.listRuns.bind(lab);
    let release!: () => void;
    const held = new Promise<void>((done) => (release = done));
    lab.listRuns = (f) => listRuns(f).then((r) => held.then(() => r));
    lab.runs.set('d', makeRun('d'));
    lab.emit({ type: 'run-started', runId: 'd', name: 'run d', experiment: makeRun('d').experiment, machine: makeRun('d').machine, totalTrials: 3, startedAt: '2026-01-02T03:04:05.000Z' });
    expect(h.stale).toBe(true);
    expect(ids(h)).toEqual(['a', 'b', 'c']);
    release();
    await idle();
    expect(lab.called('listRuns').length).toBe(reads + 1);
    expect(h.stale).toBe(false);
    expect(ids(h)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('ignores progress that leaves the list as it is', async () => {
    const h = useHistoryStore();
    h.watchChanges();
    await idle();
    lab.emit({ type: 'utilization', runId: 'a', sample: { t: 0, cpu: [0.5] } as never });
    await idle();
    expect(lab.called('listRuns')).toHaveLength(1);
    expect(ids(h)).toEqual(['a', 'b', 'c']);
  });

  it('drops the rows held when a study is deleted or renamed in this window', async () => {
    const h = useHistoryStore();
    const studies = useStudyStore();
    h.watchChanges();
    await idle();
    lab.runs.delete('b');
    expect(await studies.remove('study-1')).toBeNull();
    expect(h.rowAt(0)).toBeUndefined();
    await idle();
    expect(ids(h)).toEqual(['a', 'c']);
    await studies.rename('study-1', 'renamed', []);
    expect(h.loaded).toBe(false);
  });
});
