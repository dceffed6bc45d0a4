// Saved runs: the filtered list, the edits (rename, tags, notes, delete) and the
// selection of 2–4 runs to compare. Imports land here too, since they add to the list.
import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { ImportSummary, RunFilter, RunListItem, RunPatch } from '../../../src-shared/contract.ts';
import type { ModelName, WorkloadKind } from '../../../src-shared/models.ts';
import type { RunStatus } from '../../../src-shared/result.ts';
import { getBackend } from '../../backend/index.ts';
import { explainError, settle } from '../lib/api-error.ts';

export const MAX_COMPARE = 4;
export const PAGE_SIZE = 50;

export interface HistoryFilter {
  text: string;
  workload: WorkloadKind | '';
  model: ModelName | '';
  status: RunStatus | '';
  tag: string;
}

export const useHistoryStore = defineStore('history', () => {
  const filter = reactive<HistoryFilter>({ text: '', workload: '', model: '', status: '', tag: '' });
  const runs = ref<RunListItem[]>([]);
  const total = ref(0);
  const page = ref(0);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const selected = ref<string[]>([]);
  const lastImport = ref<ImportSummary | null>(null);
  let loadSeq = 0;

  const canCompare = computed(() => selected.value.length >= 2 && selected.value.length <= MAX_COMPARE);
  const filtered = computed(() => Boolean(filter.text || filter.workload || filter.model || filter.status || filter.tag));
  const pages = computed(() => Math.max(1, Math.ceil(total.value / PAGE_SIZE)));
  const allTags = computed(() => [...new Set(runs.value.flatMap((r) => r.tags))].sort());

  function asRunFilter(): RunFilter {
    const f: RunFilter = { limit: PAGE_SIZE, offset: page.value * PAGE_SIZE };
    if (filter.text.trim()) f.text = filter.text.trim();
    if (filter.workload) f.workload = filter.workload;
    if (filter.model) f.model = filter.model;
    if (filter.status) f.status = filter.status;
    if (filter.tag.trim()) f.tag = filter.tag.trim();
    return f;
  }

  async function load(): Promise<void> {
    const seq = ++loadSeq;
    loading.value = true;
    const r = await settle(() => getBackend().listRuns(asRunFilter()));
    if (seq !== loadSeq) return;
    loading.value = false;
    loaded.value = true;
    if (r.ok) {
      runs.value = r.value.runs;
      total.value = r.value.total;
      error.value = null;
    } else {
      error.value = explainError(r);
    }
  }

  function setPage(p: number): Promise<void> {
    page.value = Math.min(Math.max(0, p), pages.value - 1);
    return load();
  }

  function clearFilter(): Promise<void> {
    Object.assign(filter, { text: '', workload: '', model: '', status: '', tag: '' });
    page.value = 0;
    return load();
  }

  async function patch(runId: string, p: RunPatch): Promise<string | null> {
    const r = await settle(() => getBackend().updateRun(runId, p));
    if (!r.ok) return explainError(r);
    runs.value = runs.value.map((x) => (x.runId === runId ? r.value : x));
    return null;
  }

  const rename = (runId: string, name: string) => patch(runId, { name });
  const setTags = (runId: string, tags: string[]) => patch(runId, { tags: [...new Set(tags.map((t) => t.trim()).filter(Boolean))] });
  const setNotes = (runId: string, notes: string) => patch(runId, { notes });

  async function remove(runId: string): Promise<string | null> {
    const r = await settle(() => getBackend().deleteRun(runId));
    if (!r.ok) return explainError(r);
    runs.value = runs.value.filter((x) => x.runId !== runId);
    total.value = Math.max(0, total.value - 1);
    selected.value = selected.value.filter((id) => id !== runId);
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
    filter, runs, total, page, pages, loading, loaded, error, selected, lastImport, canCompare, filtered, allTags,
    load, setPage, clearFilter, rename, setTags, setNotes, remove, toggleSelected, clearSelection, importContent,
  };
});
