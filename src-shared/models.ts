// The lab's vocabulary of models and workloads, with the classic table (docs/architecture.md)
// attached so every view and the CLI describe a model in the same words.

export const NODE_MODELS = ['sequential', 'async', 'threads', 'processes'] as const;
export const PYTHON_MODELS = ['py-sequential', 'py-asyncio', 'py-threading', 'py-multiprocessing'] as const;
export const MODELS = [...NODE_MODELS, ...PYTHON_MODELS] as const;

export type NodeModel = (typeof NODE_MODELS)[number];
export type PythonModel = (typeof PYTHON_MODELS)[number];
export type ModelName = (typeof MODELS)[number];
export type Runtime = 'node' | 'python';

export const WORKLOAD_KINDS = ['primes', 'hash', 'sleep', 'http', 'file', 'mixed', 'shared', 'code'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];
/** 'own': the user's code, whose mix of CPU and waiting the lab cannot know beforehand. */
export type WorkloadClass = 'cpu' | 'io' | 'mixed' | 'own';

/** The workloads whose task size can be set by time (taskMs / cpuMs), so a calibration sizes them. */
export const CALIBRATABLE_KINDS = ['primes', 'hash', 'mixed'] as const satisfies readonly WorkloadKind[];
export type CalibratableKind = (typeof CALIBRATABLE_KINDS)[number];

export function isCalibratable(kind: WorkloadKind): kind is CalibratableKind {
  return (CALIBRATABLE_KINDS as readonly WorkloadKind[]).includes(kind);
}

export const WORKLOAD_CLASS: Record<WorkloadKind, WorkloadClass> = {
  primes: 'cpu',
  hash: 'cpu',
  sleep: 'io',
  http: 'io',
  file: 'io',
  mixed: 'mixed',
  // Tight loops of updates to shared state: CPU work, whose lesson is in what gets lost.
  shared: 'cpu',
  code: 'own',
};

/**
 * How a model runs its tasks: one after another, as coroutines on one event loop,
 * on a pool of threads, or on a pool of processes. What "k" counts follows from it.
 */
export type RunnerKind = 'sequential' | 'event-loop' | 'threads' | 'processes';

export interface ModelInfo {
  name: ModelName;
  runtime: Runtime;
  runner: RunnerKind;
  /** The display name, for headings and legends. */
  label: string;
  /** The name inside a sentence ("threads 1.8× faster…", "Python threading 1.0×"). */
  short: string;
  /** Who decides when to switch between tasks (the classic table). */
  switching: string;
  /** How many processors the model can use at once (the classic table). */
  processors: string;
  /** The single-runner baseline that speedup is measured against. */
  baseline: ModelName;
  /** What its start-up figure measures: the cost of the model itself, before its first task. */
  startup: string;
}

export const MODEL_INFO: Record<ModelName, ModelInfo> = {
  sequential: {
    name: 'sequential', runtime: 'node', runner: 'sequential', label: 'Sequential', short: 'sequential',
    switching: 'no switching: one task after another', processors: '1', baseline: 'sequential',
    startup: "handing the trial to the run's loop worker (the worker is started once, before the first trial, and not counted)",
  },
  async: {
    name: 'async', runtime: 'node', runner: 'event-loop', label: 'Async (event loop)', short: 'async',
    switching: 'cooperative: the task decides when to give up control (await)', processors: '1',
    baseline: 'sequential',
    startup: "setting up the k tasks on the run's loop worker (the worker itself is started once per run, not counted)",
  },
  threads: {
    name: 'threads', runtime: 'node', runner: 'threads', label: 'Worker threads', short: 'threads',
    switching: 'pre-emptive: the OS decides when to switch', processors: 'many (one per worker)',
    baseline: 'sequential',
    startup: 'starting a pool of k worker threads',
  },
  processes: {
    name: 'processes', runtime: 'node', runner: 'processes', label: 'Processes', short: 'processes',
    switching: 'pre-emptive: processes run at the same time', processors: 'many (one per process)',
    baseline: 'sequential',
    startup: 'starting a pool of k child processes',
  },
  'py-sequential': {
    name: 'py-sequential', runtime: 'python', runner: 'sequential', label: 'Python sequential', short: 'Python sequential',
    switching: 'no switching: one task after another', processors: '1', baseline: 'py-sequential',
    startup: "nothing to start (the Python runner's own launch is not counted)",
  },
  'py-asyncio': {
    name: 'py-asyncio', runtime: 'python', runner: 'event-loop', label: 'Python asyncio', short: 'Python asyncio',
    switching: 'cooperative: the task decides when to give up control (await)', processors: '1',
    baseline: 'py-sequential',
    startup: 'creating an event loop and its k tasks',
  },
  'py-threading': {
    name: 'py-threading', runtime: 'python', runner: 'threads', label: 'Python threading', short: 'Python threading',
    switching: 'pre-emptive: the OS decides when to switch', processors: '1 under the GIL; many when free-threaded',
    baseline: 'py-sequential',
    startup: 'starting k threads',
  },
  'py-multiprocessing': {
    name: 'py-multiprocessing', runtime: 'python', runner: 'processes', label: 'Python multiprocessing', short: 'Python multiprocessing',
    switching: 'pre-emptive: processes run at the same time', processors: 'many (one per process)',
    baseline: 'py-sequential',
    startup: 'starting a pool of k worker processes',
  },
};

/** What a trial of `model` at level k does before its tasks run, in words: "starting a pool of 8 worker threads". */
export function startupAt(model: ModelName, k: number): string {
  return MODEL_INFO[model].startup.replace(/\bk\b/g, String(k));
}

export function runtimeOf(model: ModelName): Runtime {
  return MODEL_INFO[model].runtime;
}

/** Sequential baselines run once per repetition, at k = 1, whatever levels the spec lists. */
export function isSequential(model: ModelName): boolean {
  return MODEL_INFO[model].runner === 'sequential';
}

/** The interpreter facts that decide whether Python threads run in parallel. */
export interface InterpreterGil {
  /** false on a free-threaded build running without the GIL; null or absent when unknown. */
  gilEnabled?: boolean | null;
}

/**
 * Whether a model's threads take turns on one processor: CPython threads under the GIL do.
 * An unknown interpreter is taken to hold the GIL, as every default CPython build does.
 */
export function holdsGil(model: ModelName, python?: InterpreterGil | null): boolean {
  return runtimeOf(model) === 'python' && MODEL_INFO[model].runner === 'threads' && python?.gilEnabled !== false;
}

/**
 * How many tasks' CPU work a model can run at once at level k on this machine: one for
 * sequential, an event loop or GIL-bound threads; otherwise k, up to the logical cores.
 */
export function cpuLanes(model: ModelName, k: number, logicalCores: number, python?: InterpreterGil | null): number {
  const runner = MODEL_INFO[model].runner;
  if (runner === 'sequential' || runner === 'event-loop' || holdsGil(model, python)) return 1;
  return Math.max(1, Math.min(k, logicalCores));
}

/** What k counts for a model, in words: "4 tasks in flight", "1 worker", "2 processes". */
export function describeLevel(model: ModelName, k: number): string {
  switch (MODEL_INFO[model].runner) {
    case 'event-loop':
      return `${k} task${k === 1 ? '' : 's'} in flight`;
    case 'threads':
      return `${k} worker${k === 1 ? '' : 's'}`;
    case 'processes':
      return `${k} process${k === 1 ? '' : 'es'}`;
    case 'sequential':
      return `${k} task${k === 1 ? '' : 's'} at a time`;
  }
}
