// The lab's vocabulary of models and workloads, with the seed document's table
// attached so every view and the CLI describe a model in the same words.

export const NODE_MODELS = ['sequential', 'async', 'threads', 'processes'] as const;
export const PYTHON_MODELS = ['py-sequential', 'py-asyncio', 'py-threading', 'py-multiprocessing'] as const;
export const MODELS = [...NODE_MODELS, ...PYTHON_MODELS] as const;

export type NodeModel = (typeof NODE_MODELS)[number];
export type PythonModel = (typeof PYTHON_MODELS)[number];
export type ModelName = (typeof MODELS)[number];
export type Runtime = 'node' | 'python';

export const WORKLOAD_KINDS = ['primes', 'hash', 'sleep', 'http', 'file', 'mixed'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];
export type WorkloadClass = 'cpu' | 'io' | 'mixed';

export const WORKLOAD_CLASS: Record<WorkloadKind, WorkloadClass> = {
  primes: 'cpu',
  hash: 'cpu',
  sleep: 'io',
  http: 'io',
  file: 'io',
  mixed: 'mixed',
};

export interface ModelInfo {
  name: ModelName;
  runtime: Runtime;
  label: string;
  /** Who decides when to switch between tasks (the seed's table). */
  switching: string;
  /** How many processors the model can use at once (the seed's table). */
  processors: string;
  /** The single-runner baseline that speedup is measured against. */
  baseline: ModelName;
}

export const MODEL_INFO: Record<ModelName, ModelInfo> = {
  sequential: {
    name: 'sequential', runtime: 'node', label: 'Sequential',
    switching: 'no switching: one task after another', processors: '1', baseline: 'sequential',
  },
  async: {
    name: 'async', runtime: 'node', label: 'Async (event loop)',
    switching: 'cooperative: the task decides when to give up control (await)', processors: '1',
    baseline: 'sequential',
  },
  threads: {
    name: 'threads', runtime: 'node', label: 'Worker threads',
    switching: 'pre-emptive: the OS decides when to switch', processors: 'many (one per worker)',
    baseline: 'sequential',
  },
  processes: {
    name: 'processes', runtime: 'node', label: 'Processes',
    switching: 'pre-emptive: processes run at the same time', processors: 'many (one per process)',
    baseline: 'sequential',
  },
  'py-sequential': {
    name: 'py-sequential', runtime: 'python', label: 'Python sequential',
    switching: 'no switching: one task after another', processors: '1', baseline: 'py-sequential',
  },
  'py-asyncio': {
    name: 'py-asyncio', runtime: 'python', label: 'Python asyncio',
    switching: 'cooperative: the task decides when to give up control (await)', processors: '1',
    baseline: 'py-sequential',
  },
  'py-threading': {
    name: 'py-threading', runtime: 'python', label: 'Python threading',
    switching: 'pre-emptive: the OS decides when to switch', processors: '1 under the GIL; many when free-threaded',
    baseline: 'py-sequential',
  },
  'py-multiprocessing': {
    name: 'py-multiprocessing', runtime: 'python', label: 'Python multiprocessing',
    switching: 'pre-emptive: processes run at the same time', processors: 'many (one per process)',
    baseline: 'py-sequential',
  },
};

export function runtimeOf(model: ModelName): Runtime {
  return MODEL_INFO[model].runtime;
}

/** Sequential baselines run once per repetition, at k = 1, whatever levels the spec lists. */
export function isSequential(model: ModelName): boolean {
  return model === 'sequential' || model === 'py-sequential';
}
