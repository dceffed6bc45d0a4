// The run in progress, fed by the backend's progress stream. Events are coalesced
// into one state change per LIVE_APPLY_INTERVAL_MS (on an animation frame), and only a
// bounded window of the latest spans and utilisation samples is kept, so thousands of
// tasks a second stay smooth and watching costs the run little CPU.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ApiResult, StartRunOptions } from '../../../src-shared/contract.ts';
import { planTrials, type ExperimentSpec } from '../../../src-shared/experiment.ts';
import type { ModelName } from '../../../src-shared/models.ts';
import { type MachineInfo, type Progress, type ProgressEvent, type RunStatus, type Span, type SummaryRow, type TrialFigures, type UtilizationSample } from '../../../src-shared/result.ts';
import { LIVE_SPAN_WINDOW, newestOf } from '../../../src-shared/live-spans.ts';
import { getBackend } from '../../backend/index.ts';
import { explainError, settle } from '../lib/api-error.ts';
import { createFrameBatcher, throttledFrame, type Schedule } from '../lib/frame-batcher.ts';

/** Utilisation samples kept for the live chart: about a minute at 10 per second. */
export const LIVE_UTILIZATION_WINDOW = 600;
/**
 * Least time between two state changes, so between two redraws of the live view: samples
 * come about every 100 ms and task batches every 33 ms; three redraws a second still look
 * live, and on a 2-core machine redrawing for each slowed the run it showed (bench/ui.bench.ts,
 * section 4; README, "Measuring honestly").
 */
export const LIVE_APPLY_INTERVAL_MS = 333;

export type LiveStatus = 'idle' | 'starting' | RunStatus;

export interface CurrentTrial {
  index: number;
  warmup: boolean;
  model: ModelName;
  concurrency: number;
  repetition: number;
  done: number;
  total: number;
}

const NO_PROGRESS: Progress = { trialsDone: 0, trialsTotal: 0, fraction: 0, etaMs: null };

/** Which scheduler coalesces events; tests pass one they drive by hand. */
let schedule: Schedule | undefined;
export function setRunSchedule(s: Schedule | undefined): void {
  schedule = s;
}

export const useRunStore = defineStore('run', () => {
  const runId = ref<string | null>(null);
  const name = ref('');
  const status = ref<LiveStatus>('idle');
  const experiment = shallowRef<ExperimentSpec | null>(null);
  const machine = shallowRef<MachineInfo | null>(null);
  const startedAt = ref<string | null>(null);
  const endedAt = ref<string | null>(null);
  const progress = ref<Progress>({ ...NO_PROGRESS });
  const current = ref<CurrentTrial | null>(null);
  const liveSpans = shallowRef<Span[]>([]);
  const utilization = shallowRef<UtilizationSample[]>([]);
  const trials = shallowRef<TrialFigures[]>([]);
  const summary = shallowRef<SummaryRow[]>([]);
  const tasksPerSecond = ref(0);
  const error = ref<string | null>(null);
  const cancelling = ref(false);
  /** Events applied so far: how the UI (and the tests) know batching happened. */
  const applied = ref(0);

  const active = computed(() => status.value === 'starting' || status.value === 'running');
  const finished = computed(() => !active.value && status.value !== 'idle');
  const percent = computed(() => Math.round(Math.min(1, Math.max(0, progress.value.fraction)) * 100));

  let tasksDone = 0;
  /** The trial in flight's `done` at its last tasks event: an event stands for `done` minus this. */
  let trialDone = 0;
  let rateMark = { t: 0, done: 0 };

  function reset(): void {
    runId.value = null;
    name.value = '';
    status.value = 'idle';
    experiment.value = null;
    machine.value = null;
    startedAt.value = null;
    endedAt.value = null;
    progress.value = { ...NO_PROGRESS };
    current.value = null;
    liveSpans.value = [];
    utilization.value = [];
    trials.value = [];
    summary.value = [];
    tasksPerSecond.value = 0;
    error.value = null;
    cancelling.value = false;
    tasksDone = 0;
    trialDone = 0;
    rateMark = { t: Date.now(), done: 0 };
  }

  /** The trial an event's (index, warmup) names, from the plan: for a view that joined mid-trial. */
  function plannedTrial(index: number, warmup: boolean): CurrentTrial | null {
    const spec = experiment.value;
    const t = spec ? planTrials(spec).filter((p) => p.warmup === warmup)[index] : undefined;
    return t && spec ? { index, warmup, model: t.model, concurrency: t.concurrency, repetition: t.repetition, done: 0, total: spec.tasks } : null;
  }

  function apply(events: ProgressEvent[]): void {
    // Changed windows are fresh arrays, never the same one mutated: a view's watcher and a
    // child's props compare by identity, so a mutated array would never redraw.
    let spans: Span[] | null = null;
    let samples: UtilizationSample[] | null = null;
    let finishedTrials: TrialFigures[] | null = null;
    let partialSummary: SummaryRow[] | null = null;

    for (const e of events) {
      // A study's progress over its runs is the study store's; each run's own events follow here.
      if (e.type === 'study-progress') continue;
      if (e.type === 'run-started') {
        reset();
        runId.value = e.runId;
        name.value = e.name;
        status.value = 'running';
        experiment.value = e.experiment;
        machine.value = e.machine;
        startedAt.value = e.startedAt;
        progress.value = { trialsDone: 0, trialsTotal: e.totalTrials, fraction: 0, etaMs: null };
        spans = null;
        samples = null;
        finishedTrials = null;
        partialSummary = null;
        continue;
      }
      if (runId.value === null && status.value !== 'starting') {
        // The window opened mid-run: follow that run and fetch what was missed.
        runId.value = e.runId;
        status.value = 'running';
        void hydrate(e.runId);
      }
      if (e.runId !== runId.value) continue;
      switch (e.type) {
        case 'trial-started':
          current.value = { index: e.index, warmup: e.warmup, model: e.model, concurrency: e.concurrency, repetition: e.repetition, done: 0, total: experiment.value?.tasks ?? 0 };
          progress.value = e.progress;
          spans = [];
          trialDone = 0;
          break;
        case 'tasks':
          if (!current.value || current.value.index !== e.index || current.value.warmup !== e.warmup) {
            // Its trial-started was missed (the view opened mid-trial): take the trial from the plan.
            const t = plannedTrial(e.index, e.warmup);
            if (t) {
              current.value = t;
              spans = [];
              // The tasks done before the view joined are not this second's rate.
              trialDone = e.done;
            }
          }
          if (current.value && current.value.index === e.index && current.value.warmup === e.warmup) {
            current.value.done = e.done;
            current.value.total = e.total;
          }
          spans ??= liveSpans.value.slice();
          for (const s of e.spans) spans.push(s);
          // The event's spans are the newest LIVE_SPAN_WINDOW of it; `done` counts them all.
          tasksDone += Math.max(0, e.done - trialDone);
          trialDone = e.done;
          progress.value = e.progress;
          break;
        case 'trial-finished':
          progress.value = e.progress;
          if (!e.warmup) (finishedTrials ??= [...trials.value]).push(e.trial);
          // The engine's summary of the trials so far (it has their latencies; the view has no spans to keep).
          partialSummary = e.summary;
          break;
        case 'utilization':
          (samples ??= utilization.value.slice()).push(e.sample);
          break;
        case 'run-finished':
          status.value = e.status;
          endedAt.value = e.endedAt;
          summary.value = e.summary;
          error.value = e.error ?? null;
          cancelling.value = false;
          if (e.status === 'completed') progress.value = { ...progress.value, fraction: 1, etaMs: 0 };
          else progress.value = { ...progress.value, etaMs: null };
          // `current` stays: the live timeline keeps showing the last trial's spans in its colours.
          break;
      }
    }

    if (spans) liveSpans.value = newestOf(spans, LIVE_SPAN_WINDOW);
    if (samples) utilization.value = newestOf(samples, LIVE_UTILIZATION_WINDOW);
    if (finishedTrials) trials.value = finishedTrials;
    // Partial figures while the run goes on; the final summary replaces them.
    if (partialSummary && active.value) summary.value = partialSummary;
    const now = Date.now();
    if (now - rateMark.t >= 500) {
      tasksPerSecond.value = ((tasksDone - rateMark.done) * 1000) / (now - rateMark.t);
      rateMark = { t: now, done: tasksDone };
    }
    applied.value += events.length;
  }

  const throttled = throttledFrame(LIVE_APPLY_INTERVAL_MS);
  const batcher = createFrameBatcher<ProgressEvent>(apply, (cb) => (schedule ?? throttled)(cb));
  let unsubscribe: (() => void) | null = null;

  /** Subscribe to the progress stream and pick up a run already going (a reload mid-run). */
  async function attach(): Promise<void> {
    if (unsubscribe) return;
    unsubscribe = getBackend().onProgress((events) => batcher.push(events));
    const r = await settle(() => getBackend().getActiveRun());
    if (r.ok && r.value && runId.value === null) {
      runId.value = r.value.runId;
      name.value = r.value.name;
      startedAt.value = r.value.startedAt;
      status.value = 'running';
      await hydrate(r.value.runId);
    }
  }

  function detach(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  /** What the store saved of a run so far, for a view that opened after it started. */
  async function hydrate(id: string): Promise<void> {
    const r = await settle(() => getBackend().getRun(id));
    if (!r.ok || runId.value !== id) return;
    name.value = r.value.name;
    experiment.value ??= r.value.experiment;
    machine.value ??= r.value.machine;
    startedAt.value ??= r.value.startedAt;
    if (trials.value.length === 0) trials.value = r.value.trials;
    if (summary.value.length === 0) summary.value = r.value.summary;
    if (r.value.status !== 'running' && status.value === 'running') status.value = r.value.status;
  }

  async function start(spec: unknown, options?: StartRunOptions): Promise<ApiResult<{ runId: string }>> {
    if (active.value) {
      return { ok: false, code: 'busy', message: 'A run is already in progress' };
    }
    const previous = status.value;
    status.value = 'starting';
    error.value = null;
    const r = await settle(() => (options ? getBackend().startRun(spec, options) : getBackend().startRun(spec)));
    if (!r.ok) {
      status.value = previous === 'starting' ? 'idle' : previous;
      return r;
    }
    if (runId.value !== r.value.runId) {
      // The answer beat the run-started event: follow the run now, the event fills in the rest.
      if (status.value === 'starting') {
        runId.value = r.value.runId;
        status.value = 'running';
      }
    }
    return r;
  }

  async function cancel(): Promise<string | null> {
    if (!runId.value || !active.value) return null;
    cancelling.value = true;
    const r = await settle(() => getBackend().cancelRun(runId.value!));
    if (!r.ok) {
      cancelling.value = false;
      return explainError(r);
    }
    return null;
  }

  return {
    runId, name, status, experiment, machine, startedAt, endedAt, progress, current, liveSpans, utilization,
    trials, summary, tasksPerSecond, error, cancelling, applied,
    active, finished, percent,
    attach, detach, start, cancel, reset,
    ingest: (events: ProgressEvent[]) => batcher.push(events),
    flush: () => batcher.flush(),
  };
});
