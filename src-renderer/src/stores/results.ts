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
import { windowAround, windowServes } from '../lib/timeline-windows.ts';

/** Columns the first window is asked for before the timeline is laid out: its plot is narrower than the page. */
function pageColumns(): number {
  return typeof window !== 'undefined' && window.innerWidth > 0 ? Math.ceil(window.innerWidth) : 1600;
}

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
  /**
   * The shown trial's first window, asked the moment the run's overview comes, so the backend
   * reads the trial while the view and its charts are drawn; the timeline's first ask takes it
   * when it shows what that ask wants (trialSpans).
   */
  let primed: { runId: string; trialIndex: number; ask: { startMs: number; endMs: number; pixels: number }; answer: Promise<SpanWindow | string> } | null = null;

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
    if (r.ok) {
      run.value = r.value;
      primeFirstWindow();
    } else error.value = explainError(r);
    if (r.ok && r.value.experiment.models.includes('py-threading') && !interpreters.value) {
      const found = await settle(() => getBackend().listInterpreters());
      if (found.ok) interpreters.value = found.value;
    }
  }

  /** One trial's spans between two times, merged below a pixel of `pixels`; or why they could not be read. */
  async function trialSpans(trialIndex: number, startMs: number, endMs: number, pixels: number): Promise<SpanWindow | string> {
    const id = runId.value;
    if (!id) return 'no run is open';
    const p = primed;
    primed = null;
    if (p && p.runId === id && p.trialIndex === trialIndex) {
      const ask = { startMs: p.ask.startMs, endMs: p.ask.endMs, resolutionMs: (p.ask.endMs - p.ask.startMs) / p.ask.pixels };
      if (windowServes(ask, { startMs, endMs }, pixels)) return p.answer;
    }
    return fetchSpans(id, trialIndex, startMs, endMs, pixels);
  }

  async function fetchSpans(id: string, trialIndex: number, startMs: number, endMs: number, pixels: number): Promise<SpanWindow | string> {
    const r = await settle(() => getBackend().getTrialSpans({ runId: id, trialIndex, startMs, endMs, pixels }));
    return r.ok ? r.value : explainError(r);
  }

  /** Asks for the window the timeline will first ask for (the same margin and detail, on the page's width). */
  function primeFirstWindow(): void {
    const id = runId.value;
    const t = trial.value;
    primed = null;
    if (!id || !t || t.spanCount === 0) return;
    const ask = windowAround({ startMs: 0, endMs: Math.max(t.wallMs, 0.001) }, pageColumns());
    primed = { runId: id, trialIndex: t.index, ask, answer: fetchSpans(id, t.index, ask.startMs, ask.endMs, ask.pixels) };
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
    primed = null;
    runId.value = null;
    run.value = null;
    selectedTrial.value = null;
    error.value = null;
    loading.value = false;
  }

  return { runId, run, loading, error, selectedTrial, exportError, verdicts, trial, spanCount, load, trialSpans, selectTrial, exportAs, clear };
});
