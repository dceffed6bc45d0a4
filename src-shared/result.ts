// The result format of docs/architecture.md: what the engine produces, the store keeps,
// the CLI writes with --json and export/import exchange. Plain data only.
import type { ExperimentSpec } from './experiment.ts';
import type { ModelName, Runtime } from './models.ts';
import type { SharedMode } from './shared-state.ts';
import type { SpanTable } from './span-table.ts';
import type { StudyProgress } from './study-result.ts';

export const RESULT_VERSION = 1;

/** A run's status; 'interrupted' is a run found 'running' when the database is next opened. */
export const RUN_STATUSES = ['running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TRIAL_STATUSES = ['ok', 'failed', 'timeout', 'cancelled'] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];

/** One task, on the shared monotonic clock, relative to its trial's start. */
export interface Span {
  task: number;
  /** Worker index within the pool, 0..k-1 (0 for sequential; the in-flight slot for async). */
  worker: number;
  /** Fractional ms with µs precision, relative to the trial's first dispatch. */
  startMs: number;
  endMs: number;
  pid?: number;
  /** OS thread id (Linux tid; Python's threading.get_native_id()), so Node and Python lanes use one kind of id; worker_threads' threadId off Linux. */
  thread?: number;
  /** CPU core the task finished on (Linux), where known. */
  cpu?: number;
  /**
   * Wait states of the task, read on its own thread at its start and end (see
   * src-shared/wait-states.ts): CPU time it ran, and time it sat in the run queue
   * waiting for a core (Linux only). Absent where not measured: tasks under ~1 ms are
   * sampled (1 in 32), and tasks sharing one event loop have no thread of their own.
   */
  runMs?: number;
  waitMs?: number;
  /** Hand-off to the worker: the parent's dispatch (or, in a pool that queues tasks ahead, the worker's previous end) to this start. */
  handoffInMs?: number;
  /** Hand-off back: this task's end to the parent's receipt of it. */
  handoffOutMs?: number;
}

/**
 * Where a trial's task time went (issue 12). `tasks`: summed over the spans that carry
 * runMs (each task on a thread of its own); `loop`: the one event-loop thread over the
 * trial (async models, where tasks share that thread and a span's CPU is not its own).
 */
export interface TrialStates {
  scope: 'tasks' | 'loop';
  /** On a core. */
  runningMs: number;
  /** Runnable but waiting for a core; null where the OS does not report it (off Linux). */
  waitingMs: number | null;
  /** Neither: IO, timers, the GIL, locks (for `loop`: the loop idle or waiting on IO). */
  blockedMs: number;
  /** Spans that carried the measurement, of `spans` (tiny tasks are sampled). */
  measuredSpans: number;
  spans: number;
  /** Hand-off per task (in + out), where the model hands tasks over. */
  handoffMs?: { median: number; p95: number };
  /** Context switches of the threads or processes that ran tasks, where the OS reports them. */
  contextSwitches?: { voluntary: number; involuntary: number };
  /** Share of the wall, after the last task started, during which fewer than k tasks ran: the tail. */
  tailShare?: number;
}

export interface EventLoopFigures {
  /** perf_hooks.monitorEventLoopDelay over the trial, in ms. */
  delayP50Ms: number;
  delayP99Ms: number;
  delayMaxMs: number;
  /** performance.eventLoopUtilization over the trial, 0..1. */
  utilization: number;
}

/**
 * One mode of a `shared` trial: all its tasks updated fresh shared state `ops` times
 * each; afterwards the state was read back. Counted, never estimated.
 */
export interface SharedPhase {
  mode: SharedMode;
  /** tasks × ops: what the state holds if no update was lost. */
  expected: number;
  /** The state read back after the last task; null where no state is shared (Node processes). */
  observed: number | null;
  /** expected − observed; null where nothing is shared. */
  lost: number | null;
  /** Node processes: what each process counted in its own memory, by worker. */
  perProcess?: number[];
  /** First dispatch to last completion of this mode's tasks (the pool's start-up apart). */
  wallMs: number;
  /** sys.getswitchinterval() of the Python process(es) that ran it, ms. */
  switchIntervalMs?: number;
  /** Context switches of the threads or processes that ran this mode, where the OS reports them. */
  contextSwitches?: { voluntary: number; involuntary: number };
  /** Set when this model cannot run this mode: the reason, and no figures. */
  unavailable?: string;
}

export interface TrialResult {
  /** Position in the run's execution order (warm-ups excluded), 0-based. */
  index: number;
  model: ModelName;
  concurrency: number;
  repetition: number;
  status: TrialStatus;
  /** First dispatch to last completion. */
  wallMs: number;
  /** Pool start-up (every worker's ready handshake), measured apart from wallMs. */
  startupMs: number;
  /** CPU time (user + system) of every thread or process that ran tasks. */
  cpuMs: number;
  peakRssBytes?: number;
  /** Trial start relative to the run's start, ms on the shared clock. */
  offsetMs: number;
  error?: string;
  eventLoop?: EventLoopFigures;
  /** `shared` workload: one entry per mode, in the order they ran (wallMs, cpuMs and spans cover all of them). */
  shared?: SharedPhase[];
  /** Wait states, hand-off and context switches, where measured. */
  states?: TrialStates;
  spans: Span[];
}

/**
 * A trial without its spans: what the engine keeps once it has handed the trial on, what
 * the live view hears when a trial ends, and what getRun returns (spans are fetched per
 * window, see LabApi.getTrialSpans). `spanCount` says how many spans were saved.
 */
export interface TrialFigures extends Omit<TrialResult, 'spans'> {
  spanCount: number;
}

/**
 * A measured trial as the engine hands it on (TrialDataEvent): its spans as the columns
 * it collected them in, so a trial of a million tasks is never a million objects.
 */
export interface TrialData extends Omit<TrialResult, 'spans'> {
  spans: SpanTable;
}

/** A handed trial with its spans as objects (the result format), for the few who need them so. */
export function withSpanObjects(trial: TrialData): TrialResult {
  return { ...trial, spans: trial.spans.toSpans() };
}

/** A trial's figures without its spans. */
export function figuresOf(trial: TrialResult | TrialData): TrialFigures {
  const { spans, ...figures } = trial;
  return { ...figures, spanCount: spans.length };
}

/** Per-core busy fraction (0..1), sampled about every 100 ms. */
export interface UtilizationSample {
  /** ms since the run started, shared clock. */
  tMs: number;
  cores: number[];
}

export interface PythonInfo {
  executable: string;
  version: string;
  implementation: string;
  /** false on a free-threaded build running without the GIL; null when unknown (< 3.13). */
  gilEnabled: boolean | null;
  freeThreaded: boolean;
}

export interface MachineInfo {
  /** Stable hash of the fields that make runs comparable (cpu, cores, memory, os, runtime versions). */
  fingerprint: string;
  hostname: string;
  cpuModel: string;
  logicalCores: number;
  memoryBytes: number;
  os: string;
  platform: string;
  arch: string;
  kernel: string;
  node: string;
  electron?: string;
  python?: PythonInfo;
}

export interface Interval {
  low: number;
  high: number;
}

export interface SummaryRow {
  model: ModelName;
  runtime: Runtime;
  concurrency: number;
  /** Trials that counted (status ok). */
  trials: number;
  failed: number;
  wallMs: { median: number; mean: number; ci95: Interval; min: number; max: number; stdev: number };
  startupMs: { median: number };
  cpuMs: { median: number };
  /**
   * Median wall of the runtime's sequential baseline / median wall of this cell; null without a
   * baseline, or (shared workload) when the baseline ran other modes than this cell could.
   */
  speedup: number | null;
  /** 95% bootstrap interval of the speedup over both cells' repetitions (seeded: the same run, the same interval); null when either cell has < 2 trials. */
  speedupCi95?: Interval | null;
  /** CPU share f of the work: CPU time / wall of the runtime's sequential baseline (k = 1); null without one. */
  cpuShare: number | null;
  /** What physics allows k workers on this machine's cores for this work: min(k, cores / f) (summary.ts). */
  idealSpeedup: number | null;
  /** speedup / idealSpeedup: 100% is as fast as the work and the cores allow. */
  efficiency: number | null;
  /** Tasks per second at the median wall. */
  throughput: number;
  /** Median over trials of each trial's task-latency (end − start) p50 and p95, ms. */
  latencyMs: { p50: number; p95: number };
  /** Median over trials of CPU time of all workers ÷ wall: the classic table's "processors", measured. */
  processorsUsed?: number | null;
  /** Shares (0..1) of task time running / waiting for a core / blocked, over the cell's trials; null where not measured. */
  stateShares?: { scope: 'tasks' | 'loop'; running: number; waiting: number | null; blocked: number } | null;
  /** Median over trials of each trial's median and p95 hand-off per task, ms. */
  handoffMs?: { median: number; p95: number } | null;
  /** Median over trials of the tail share (TrialStates.tailShare). */
  tailShare?: number | null;
  /** Median over trials of the trial's peak RSS (processes: all members together). */
  peakRssBytes?: number | null;
  /** Medians over trials of the event-loop figures, where the model has one. */
  eventLoop?: { utilization: number; delayP99Ms: number } | null;
  /** Spread too large to trust one figure (relative CI half-width over a threshold, or < 3 trials). */
  noisy: boolean;
}

export interface Calibration {
  /** The size the engine chose for taskMs-style workloads, e.g. { n: 180000 }. */
  params: Record<string, number>;
  measuredMs: number;
}

export interface RunResult {
  version: typeof RESULT_VERSION;
  runId: string;
  name: string;
  /** The spec as run (defaults filled in, calibrated sizes resolved into the workload). */
  experiment: ExperimentSpec;
  machine: MachineInfo;
  status: RunStatus;
  startedAt: string;
  endedAt?: string;
  calibration?: Calibration;
  trials: TrialResult[];
  summary: SummaryRow[];
  utilization: UtilizationSample[];
  error?: string;
  tags?: string[];
  notes?: string;
}

/** A run without its spans (getRun): the trials' figures and counts, the summary, the samples. */
export interface RunOverview extends Omit<RunResult, 'trials'> {
  trials: TrialFigures[];
}

/** Progress of a run, streamed as it goes. Task completions are batched (≤ ~20 events/s). */
export type ProgressEvent =
  | { type: 'run-started'; runId: string; name: string; experiment: ExperimentSpec; machine: MachineInfo; totalTrials: number; startedAt: string; calibration?: Calibration }
  | { type: 'trial-started'; runId: string; index: number; warmup: boolean; model: ModelName; concurrency: number; repetition: number; offsetMs: number; progress: Progress }
  /**
   * `done` counts the trial's finished tasks; `spans` are the newest of those since the last
   * event, at most LIVE_SPAN_WINDOW (live-spans.ts). From the engine they are made when first
   * read, from the trial's span table, which the engine frees once the trial is saved (a
   * read after that throws): a listener that keeps events reads them when it hears one (the
   * transports do), or copies it then.
   */
  | { type: 'tasks'; runId: string; index: number; warmup: boolean; done: number; total: number; spans: Span[]; progress: Progress }
  /** The trial's figures (its spans went to whoever saves it, see TrialDataEvent) and the summary so far. */
  | { type: 'trial-finished'; runId: string; warmup: boolean; trial: TrialFigures; summary: SummaryRow[]; progress: Progress }
  | { type: 'utilization'; runId: string; sample: UtilizationSample }
  | { type: 'run-finished'; runId: string; status: RunStatus; endedAt: string; summary: SummaryRow[]; error?: string }
  | StudyProgress;

/**
 * A measured trial with all its spans (as columns), handed by the engine to whoever saves it (the
 * recorder, the CLI's --json file) just before its trial-finished event. It never goes to
 * the views: the engine and the service drop the spans once it is handed on, so memory
 * depends on the largest trial, not on the run.
 */
export interface TrialDataEvent {
  type: 'trial-data';
  runId: string;
  trial: TrialData;
}

/** What the engine emits: the progress stream plus the trials' data for saving. */
export type EngineEvent = ProgressEvent | TrialDataEvent;

export interface Progress {
  /** Trials finished (warm-ups included) / total planned. */
  trialsDone: number;
  trialsTotal: number;
  /** 0..1 over all planned work, counting tasks within the current trial. */
  fraction: number;
  /** Estimated ms left; null until there is something to estimate from. */
  etaMs: number | null;
}
