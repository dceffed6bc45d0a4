// The `shared` workload's vocabulary: how tasks update state they all share (the
// modes), how the read-compute-write is spelled, and which model can run which
// mode, with the reason when one cannot. Used by the schema, the engine, the
// Python runner's request and every view, so each says it in the same words.
import { runtimeOf, type ModelName } from './models.ts';

export const SHARED_MODES = ['unsafe', 'locked', 'atomic', 'yield-inside'] as const;
export type SharedMode = (typeof SHARED_MODES)[number];

export const SHARED_SPELLINGS = ['inline', 'call-between'] as const;
export type SharedSpelling = (typeof SHARED_SPELLINGS)[number];

export const SHARED_MODE_INFO: Record<SharedMode, { label: string; how: string }> = {
  unsafe: { label: 'unsafe', how: 'read, compute, write back, with nothing to stop another task in between' },
  locked: { label: 'locked', how: 'the same read, compute and write, inside a lock' },
  atomic: { label: 'atomic', how: 'one indivisible add (Atomics.add)' },
  'yield-inside': { label: 'yield-inside', how: 'an await between the read and the write' },
};

export const SHARED_SPELLING_INFO: Record<SharedSpelling, string> = {
  inline: 't = x; t = t + 1; x = t',
  'call-between': 't = x; t = inc(t); x = t',
};

/**
 * Models that run every task on one event loop: a task gives up control only where
 * it awaits. (The sequential baselines run on a loop too, one task at a time.)
 */
const LOOP_MODELS: ReadonlySet<ModelName> = new Set(['sequential', 'async', 'py-sequential', 'py-asyncio']);

export function isCooperative(model: ModelName): boolean {
  return LOOP_MODELS.has(model);
}

/** Node processes share no memory: each counts its own updates and there is no shared total to lose. */
export function sharesNoMemory(model: ModelName): boolean {
  return model === 'processes';
}

const NO_ATOMIC_IN_PYTHON =
  'Python has no atomic integer update: x += 1 is a read, an add and a store, and the standard library guards shared state only with locks (multiprocessing.Value carries one); see locked';

/** Why `model` cannot run `mode`, or undefined when it can. */
export function modeUnavailable(model: ModelName, mode: SharedMode): string | undefined {
  if (mode === 'yield-inside') {
    if (model === 'async' || model === 'py-asyncio') return undefined;
    if (isCooperative(model)) {
      return 'one task at a time: no other task runs between the read and the write, so none can be lost (async runs it)';
    }
    return model === 'threads' || model === 'py-threading'
      ? 'threads have no await to yield at: the OS switches them wherever they are (that is unsafe)'
      : 'processes have no await to yield at: they run at the same time (that is unsafe)';
  }
  if (mode === 'atomic' && runtimeOf(model) === 'python') return NO_ATOMIC_IN_PYTHON;
  return undefined;
}

/** Where the shared state lives under each model, in the words the views use. */
export function whereStateLives(model: ModelName): string {
  switch (model) {
    case 'sequential':
    case 'async':
      return 'one variable on the event loop';
    case 'threads':
      return 'a SharedArrayBuffer all worker threads see';
    case 'processes':
      return 'nowhere shared: each process has its own memory and its own count';
    case 'py-sequential':
    case 'py-asyncio':
      return 'one variable on the asyncio loop';
    case 'py-threading':
      return 'a module global all threads see';
    case 'py-multiprocessing':
      return 'a multiprocessing.Value in shared memory';
  }
}

/** Tasks (and spans) in one trial: a shared trial runs all its tasks once per mode. */
export function tasksPerTrial(workload: { kind: string; modes?: readonly unknown[] }, tasks: number): number {
  return workload.kind === 'shared' && workload.modes ? tasks * workload.modes.length : tasks;
}

/** Largest total a Node Int32 counter holds: tasks × ops must stay below it. */
export const MAX_SHARED_TOTAL = 2 ** 31 - 1;
