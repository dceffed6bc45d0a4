// Studies (issue 13): the saved ones, the presets, the one or two open (a study, or two of
// the same kind compared), and the progress of a study running now, from the same event
// stream as the runs'. Analysis is src-shared's, done here from the saved figures.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { StudyExportFormat, StudyPreset } from '../../../src-shared/contract.ts';
import type { ProgressEvent } from '../../../src-shared/result.ts';
import { analyzeStudy, type StudyAnalysis } from '../../../src-shared/study-analysis.ts';
import type { StudyListItem, StudyProgress, StudyResult } from '../../../src-shared/study-result.ts';
import { getBackend } from '../../backend/index.ts';
import { explainError, settle } from '../lib/api-error.ts';
import { downloadPayload } from '../lib/download.ts';

export const useStudyStore = defineStore('study', () => {
  const studies = ref<StudyListItem[]>([]);
  const presets = ref<StudyPreset[]>([]);
  const open = shallowRef<{ study: StudyResult; analysis: StudyAnalysis }[]>([]);
  const progress = shallowRef<StudyProgress | null>(null);
  const error = ref<string | null>(null);
  const loading = ref(false);
  let unsubscribe: (() => void) | null = null;
  let openSeq = 0;

  const running = computed(() => progress.value !== null && !progress.value.finished);

  async function loadList(): Promise<void> {
    const [list, p] = await Promise.all([settle(() => getBackend().listStudies()), settle(() => getBackend().listStudyPresets())]);
    if (list.ok) studies.value = list.value;
    else error.value = explainError(list);
    if (p.ok) presets.value = p.value;
  }

  async function openStudies(ids: string[]): Promise<void> {
    const seq = ++openSeq;
    error.value = null;
    if (ids.length === 0) {
      open.value = [];
      return;
    }
    loading.value = true;
    const results = await Promise.all(ids.map((id) => settle(() => getBackend().getStudy(id))));
    if (seq !== openSeq) return;
    loading.value = false;
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok) {
      error.value = explainError(failed);
      open.value = [];
      return;
    }
    open.value = results.flatMap((r) => (r.ok ? [{ study: r.value, analysis: analyzeStudy(r.value) }] : []));
  }

  function onEvents(events: ProgressEvent[]): void {
    for (const e of events) {
      if (e.type !== 'study-progress') continue;
      progress.value = e;
      if (e.finished) {
        void loadList();
        if (open.value.some((o) => o.study.studyId === e.studyId)) void openStudies(open.value.map((o) => o.study.studyId));
      }
    }
  }

  async function attach(): Promise<void> {
    unsubscribe ??= getBackend().onProgress(onEvents);
    const active = await settle(() => getBackend().getActiveStudy());
    if (active.ok && active.value && !progress.value) {
      progress.value = { type: 'study-progress', studyId: active.value.studyId, name: active.value.name, runsDone: 0, runsTotal: 0, runId: null, current: null, fraction: 0, etaMs: null };
    }
  }

  function detach(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  /** Starts a study (a preset's, or one written by hand); resolves with its id, or sets `error`. */
  async function start(study: unknown, confirmed = false): Promise<string | null> {
    error.value = null;
    const r = await settle(() => getBackend().startStudy(study, confirmed ? { confirmed: true } : undefined));
    if (!r.ok) {
      error.value = explainError(r);
      return null;
    }
    progress.value = { type: 'study-progress', studyId: r.value.studyId, name: '', runsDone: 0, runsTotal: 0, runId: null, current: null, fraction: 0, etaMs: null };
    void loadList();
    return r.value.studyId;
  }

  async function cancel(): Promise<void> {
    const id = progress.value?.studyId;
    if (!id) return;
    const r = await settle(() => getBackend().cancelStudy(id));
    if (!r.ok) error.value = explainError(r);
  }

  async function rename(studyId: string, name: string, tags: string[]): Promise<string | null> {
    const r = await settle(() => getBackend().updateStudy(studyId, { name, tags }));
    if (!r.ok) return explainError(r);
    await loadList();
    open.value = open.value.map((o) => (o.study.studyId === studyId ? { study: r.value, analysis: o.analysis } : o));
    return null;
  }

  async function remove(studyId: string): Promise<string | null> {
    const r = await settle(() => getBackend().deleteStudy(studyId));
    if (!r.ok) return explainError(r);
    open.value = open.value.filter((o) => o.study.studyId !== studyId);
    await loadList();
    return null;
  }

  async function exportAs(studyId: string, format: StudyExportFormat): Promise<string | null> {
    const r = await settle(() => getBackend().exportStudy({ studyId, format }));
    if (!r.ok) return explainError(r);
    downloadPayload(r.value);
    return null;
  }

  return { studies, presets, open, progress, running, error, loading, loadList, openStudies, attach, detach, start, cancel, rename, remove, exportAs };
});
