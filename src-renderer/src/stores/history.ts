// Saved runs: the filtered list, the edits (rename, tags, notes, delete) and the
// selection of 2–4 runs to compare. Imports land here too, since they add to the list.
//
// The list is read a page at a time, the pages the view shows: a history of 10,000 runs
// is one scrollable list whose rows are fetched as they come into view (the view draws
// only those, see HistoryView.vue), never 10,000 rows at once.
//
// The first page is read before the view needs it (`watchChanges`, at the app's start), so opening History draws rows at once and then reads them again
// (stale-while-revalidate). A change the app knows of (a run started or ended, a study
// renamed or deleted) drops the pages held while History is closed and reads the first one
// again; while it is open, the rows stay on screen marked `stale` until their new reading comes.
import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import type { ImportSummary, RunFilter, RunListItem, RunPatch } from '../../../src-shared/contract.ts';
import type { ModelName, WorkloadKind } from '../../../src-shared/models.ts';
import type { ProgressEvent, RunStatus } from '../../../src-shared/result.ts';
import { getBackend } from '../../backend/index.ts';
import { explainError, settle } from '../lib/api-error.ts';
import { useStudyStore } from './study.ts';

export const MAX_COMPARE = 4;
/** Rows per request: a screenful or two, so the first rows come at once. */
export const PAGE_SIZE = 100;
/**
 * Opening History reads its first rows again unless they were read this recently: the
 * changes the app makes or hears of drop them anyway, so this only covers another process
 * (the CLI) writing to the same history, and two reads of one page in a row.
 */
export const REVALIDATE_AFTER_MS = 1000;

/** Progress events after which the list reads differently: a new run on top, a status changed. */
const LIST_CHANGES: ReadonlySet<ProgressEvent['type']> = new Set(['run-started', 'run-finished']);

/** Runs `fn` when the renderer has nothing else to do (or soon, where there is no idle callback). */
function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 2000 });
  else setTimeout(fn, 0);
}

export interface HistoryFilter {
  text: string;
  workload: WorkloadKind | '';
  model: ModelName | '';
  status: RunStatus | '';
  tag: string;
}

export const useHistoryStore = defineStore('history', () => {
  const filter = reactive<HistoryFilter>({ text: '', workload: '', model: '', status: '', tag: '' });
  /** The pages read so far, by page number; replaced (not mutated) so the view redraws. */
  const pages = shallowRef(new Map<number, RunListItem[]>());
  const total = ref(0);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const selected = ref<string[]>([]);
  const lastImport = ref<ImportSummary | null>(null);
  /** Bumped when the list's meaning changes (a filter, a delete): answers to older requests are dropped. */
  let generation = 0;
  /** The generation the pages shown belong to: older ones stay on screen until the first new page comes. */
  let shownGeneration = 0;
  const inFlight = new Map<number, Promise<void>>();
  /** The rows the view last asked for, read again after the list changes. */
  let wanted = { start: 0, end: PAGE_SIZE };
  /** The rows shown predate a change the app knows of, and their new reading has not come yet. */
  const stale = ref(false);
  /** When the newest page was read (ms since the epoch), for revalidating on open. */
  let readAt = 0;
  /** Whether the History view is on screen (`open` / `close`). */
  let viewOpen = false;
  let watching = false;
  let prefetchDue = false;

  const canCompare = computed(() => selected.value.length >= 2 && selected.value.length <= MAX_COMPARE);
  const filtered = computed(() => Boolean(filter.text || filter.workload || filter.model || filter.status || filter.tag));
  /** The rows read so far, in list order (those of pages not read yet are left out). */
  const runs = computed(() => [...pages.value.keys()].sort((a, b) => a - b).flatMap((p) => pages.value.get(p)!));
  const rowsLoaded = computed(() => {
    let n = 0;
    for (const rows of pages.value.values()) n += rows.length;
    return n;
  });
  /** The tags of the rows read so far; the same array while they stay the same, so the view does not redraw for each page. */
  const allTags = computed<string[]>((previous) => {
    const tags = new Set<string>();
    for (const rows of pages.value.values()) for (const r of rows) for (const t of r.tags) tags.add(t);
    const next = [...tags].sort();
    return previous && previous.length === next.length && previous.every((t, i) => t === next[i]) ? previous : next;
  });

  /** The run at a position in the list, or undefined while its page is not read yet. */
  function rowAt(index: number): RunListItem | undefined {
    return pages.value.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  function asRunFilter(page: number): RunFilter {
    const f: RunFilter = { limit: PAGE_SIZE, offset: page * PAGE_SIZE };
    if (filter.text.trim()) f.text = filter.text.trim();
    if (filter.workload) f.workload = filter.workload;
    if (filter.model) f.model = filter.model;
    if (filter.status) f.status = filter.status;
    if (filter.tag.trim()) f.tag = filter.tag.trim();
    return f;
  }

  function fetchPage(page: number): Promise<void> {
    const pending = inFlight.get(page);
    if (pending) return pending;
    const gen = generation;
    loading.value = true;
    const request = settle(() => getBackend().listRuns(asRunFilter(page))).then((r) => {
      if (gen !== generation) return;
      inFlight.delete(page);
      loading.value = inFlight.size > 0;
      loaded.value = true;
      if (!r.ok) {
        error.value = explainError(r);
        return;
      }
      error.value = null;
      stale.value = false;
      readAt = Date.now();
      total.value = r.value.total;
      const kept = shownGeneration === gen ? pages.value : new Map<number, RunListItem[]>();
      shownGeneration = gen;
      pages.value = new Map(kept).set(page, r.value.runs);
    });
    inFlight.set(page, request);
    return request;
  }

  /** Reads the pages that hold rows start..end-1 and are not read yet (the view calls it as it scrolls). */
  function ensureRows(start: number, end: number): Promise<void> {
    wanted = { start, end };
    const last = loaded.value ? Math.min(end, total.value) - 1 : end - 1;
    const wantedPages: Promise<void>[] = [];
    for (let p = Math.floor(Math.max(0, start) / PAGE_SIZE); p <= Math.floor(Math.max(0, last) / PAGE_SIZE); p++) {
      // Pages of an older list (still on screen) are read again; fetchPage asks once per page.
      if (shownGeneration !== generation || !pages.value.has(p)) wantedPages.push(fetchPage(p));
    }
    return Promise.all(wantedPages).then(() => undefined);
  }

  /**
   * Reads the list again (a new filter, an import, a delete, the view opened again): the rows
   * in view first. The rows shown stay until the new ones come, so the table never blinks empty.
   */
  function load(): Promise<void> {
    generation++;
    inFlight.clear();
    const { start, end } = wanted;
    const requests: Promise<void>[] = [];
    for (let p = Math.floor(start / PAGE_SIZE); p <= Math.floor(Math.max(start, end - 1) / PAGE_SIZE); p++) requests.push(fetchPage(p));
    return Promise.all(requests).then(() => undefined);
  }

  /** From the top of the list: a new filter starts at its first row. */
  function reload(): Promise<void> {
    wanted = { start: 0, end: PAGE_SIZE };
    return load();
  }

  /**
   * The view opens: its rows from the top. Rows already read (and not known stale) are shown
   * at once and read again unless they are fresh; a read of them still under way is waited
   * for, not asked twice.
   */
  function open(): Promise<void> {
    viewOpen = true;
    const top = wanted.start === 0;
    wanted = { start: 0, end: PAGE_SIZE };
    const pending = inFlight.get(0);
    if (top && pending) return pending;
    if (top && shownGeneration === generation && pages.value.has(0) && !stale.value && Date.now() - readAt < REVALIDATE_AFTER_MS) {
      return Promise.resolve();
    }
    return load();
  }

  function close(): void {
    viewOpen = false;
  }

  /** Reads the first page while nobody waits for it, unless it is held or on its way. */
  function prefetch(): void {
    prefetchDue = false;
    if (viewOpen || inFlight.size > 0 || (shownGeneration === generation && pages.value.has(0))) return;
    void reload();
  }

  function prefetchWhenIdle(): void {
    if (prefetchDue) return;
    prefetchDue = true;
    whenIdle(prefetch);
  }

  /**
   * The list changed under the pages held. On screen, they stay (marked stale) while those in
   * view are read again; off screen, they are dropped, so the view never opens on them, and
   * the first page is read again when the app is idle.
   */
  function changed(): void {
    if (viewOpen) {
      if (pages.value.size > 0) stale.value = true;
      void load();
      return;
    }
    generation++;
    shownGeneration = generation;
    inFlight.clear();
    pages.value = new Map();
    loaded.value = false;
    loading.value = false;
    stale.value = false;
    prefetchWhenIdle();
  }

  /**
   * Called once at the app's start: follows what changes the list (runs starting and ending,
   * studies renamed or deleted in this window) and reads the first page.
   */
  function watchChanges(): void {
    if (watching) return;
    watching = true;
    getBackend().onProgress((events) => {
      if (events.some((e) => LIST_CHANGES.has(e.type))) changed();
    });
    useStudyStore().$onAction(({ name, after }) => {
      if (name === 'rename' || name === 'remove') after(() => changed());
    });
    // Right after the start rather than when idle: the view the app opens on keeps it busy for
    // a while, and History is often the next thing opened. One small read (a page of 100 rows).
    prefetchDue = true;
    setTimeout(prefetch, 0);
  }

  function clearFilter(): Promise<void> {
    Object.assign(filter, { text: '', workload: '', model: '', status: '', tag: '' });
    return reload();
  }

  async function patch(runId: string, p: RunPatch): Promise<string | null> {
    const r = await settle(() => getBackend().updateRun(runId, p));
    if (!r.ok) return explainError(r);
    const next = new Map(pages.value);
    for (const [n, rows] of next) if (rows.some((x) => x.runId === runId)) next.set(n, rows.map((x) => (x.runId === runId ? r.value : x)));
    pages.value = next;
    return null;
  }

  const rename = (runId: string, name: string) => patch(runId, { name });
  const setTags = (runId: string, tags: string[]) => patch(runId, { tags: [...new Set(tags.map((t) => t.trim()).filter(Boolean))] });
  const setNotes = (runId: string, notes: string) => patch(runId, { notes });

  async function remove(runId: string): Promise<string | null> {
    const r = await settle(() => getBackend().deleteRun(runId));
    if (!r.ok) return explainError(r);
    selected.value = selected.value.filter((id) => id !== runId);
    // Every later row moves up one: the pages in view are read again rather than patched.
    await load();
    return null;
  }

  /** Toggle a run in the comparison; a fifth is refused (returns false) rather than dropping the first silently. */
  function toggleSelected(runId: string): boolean {
    const i = selected.value.indexOf(runId);
    if (i >= 0) {
      selected.value.splice(i, 1);
      return true;
    }
    if (selected.value.length >= MAX_COMPARE) return false;
    selected.value.push(runId);
    return true;
  }

  function clearSelection(): void {
    selected.value = [];
  }

  async function importContent(content: string): Promise<string | null> {
    lastImport.value = null;
    const r = await settle(() => getBackend().importRuns(content));
    if (!r.ok) return explainError(r);
    lastImport.value = r.value;
    await load();
    return null;
  }

  return {
    filter, runs, rowsLoaded, total, loading, loaded, stale, error, selected, lastImport, canCompare, filtered, allTags,
    rowAt, ensureRows, load, reload, open, close, watchChanges, clearFilter, rename, setTags, setNotes, remove, toggleSelected, clearSelection, importContent,
  };
});
