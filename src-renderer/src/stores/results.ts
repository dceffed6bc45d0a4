// One saved run opened on the Results view: the run's figures without its spans (the
// timeline asks the backend for the spans of the window it draws), the chosen trial for
// the timeline, its verdicts and its exports.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ExportFormat, ExportPayload, SpanWindow } from '../../../src-shared/contract.ts';
import type { PythonInfo, RunOverview, TrialFigures } from '../../../src-shared/result.ts';
import { getBackend } from '../../backend/index.ts';
import { explainError, settle } from '../lib/api-error.ts';
import { explainRun, type Verdict } from '../../../src-shared/explain-run.ts';

export const useResultsStore = defineStore('results', () => {
  const runId = ref<string | null>(null);
  const run = shallowRef<RunOverview | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const selectedTrial = ref<number | null>(null);
  const exportError = ref<string | null>(null);
  /** This machine's interpreters, looked up for a run with py-threading (its GIL-bound step names a free-threaded one only if found). */
  const interpreters = shallowRef<readonly PythonInfo[] | undefined>(undefined);
  let loadSeq = 0;

  const verdicts = computed<Verdict[]>(() => {
    const r = run.value;
    if (!r) return [];
    return explainRun(r, interpreters.value ? { interpreters: interpreters.value } : {});
  });

  /** The trial whose timeline shows: the chosen one, else the most parallel ok trial (the most to see). */
  const trial = computed<TrialFigures | null>(() => {
    const r = run.value;
    if (!r || r.trials.length === 0) return null;
    if (selectedTrial.value !== null) {
      const t = r.trials.find((x) => x.index === selectedTrial.value);
      if (t) return t;
    }
    const ok = r.trials.filter((t) => t.status === 'ok' && t.spanCount > 0);
    const pool = ok.length ? ok : r.trials;
    return pool.reduce((a, b) => (b.concurrency > a.concurrency || (b.concurrency === a.concurrency && b.spanCount > a.spanCount) ? b : a));
  });

  const spanCount = computed(() => run.value?.trials.reduce((n, t) => n + t.spanCount, 0) ?? 0);

  async function load(id: string, force = false): Promise<void> {
    if (!force && id === runId.value && run.value) return;
    const seq = ++loadSeq;
    runId.value = id;
    loading.value = true;
    error.value = null;
    if (run.value?.runId !== id) {
      run.value = null;
      selectedTrial.value = null;
    }
    const r = await settle(() => getBackend().getRun(id));
    if (seq !== loadSeq) return; // a later load won
    loading.value = false;
    if (r.ok) run.value = r.value;
    else error.value = explainError(r);
    if (r.ok && r.value.experiment.models.includes('py-threading') && !interpreters.value) {
      const found = await settle(() => getBackend().listInterpreters());
      if (found.ok) interpreters.value = found.value;
    }
  }

  /** One trial's spans between two times, merged below a pixel of `pixels`; or why they could not be read. */
  async function trialSpans(trialIndex: number, startMs: number, endMs: number, pixels: number): Promise<SpanWindow | string> {
    const id = runId.value;
    if (!id) return 'no run is open';
    const r = await settle(() => getBackend().getTrialSpans({ runId: id, trialIndex, startMs, endMs, pixels }));
    return r.ok ? r.value : explainError(r);
  }

  function selectTrial(index: number | null): void {
    selectedTrial.value = index;
  }

  /** Ask the backend for an export of this run; the caller saves the payload. */
  async function exportAs(format: ExportFormat): Promise<ExportPayload | null> {
    if (!runId.value) return null;
    exportError.value = null;
    const r = await settle(() =>
      getBackend().exportRuns({ runIds: [runId.value!], format, ...(format === 'trace' ? { trialIndex: trial.value?.index ?? 0 } : {}) }),
    );
    if (r.ok) return r.value;
    exportError.value = explainError(r);
    return null;
  }

  function clear(): void {
    loadSeq++;
    runId.value = null;
    run.value = null;
    selectedTrial.value = null;
    error.value = null;
    loading.value = false;
  }

  return { runId, run, loading, error, selectedTrial, exportError, verdicts, trial, spanCount, load, trialSpans, selectTrial, exportAs, clear };
});
