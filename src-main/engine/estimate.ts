// A rough duration for an experiment before it runs (preset list, CLI), from its
// sizes and a simple model of each way of running tasks. It is a hint to the user,
// not a measurement: the engine's ETA replaces it as soon as trials finish.
import { planTrials, type ExperimentSpec, type Workload } from '../../src-shared/experiment.ts';
import { WORKLOAD_CLASS, runtimeOf, type ModelName } from '../../src-shared/models.ts';

/**
 * Start-up of a pool, ms, as measured on a small, busy 2-core Linux machine: a fixed
 * part plus a part per worker (each loads its modules; processes a whole runtime).
 */
const STARTUP_MS = {
  loop: 75,
  thread: { base: 20, each: 43 },
  process: { base: 40, each: 60 },
  python: { base: 60, each: 60 },
} as const;
/** Pool teardown and bookkeeping around every trial. */
const TRIAL_OVERHEAD_MS = 20;
/** Calibration of a taskMs workload before the run. */
const CALIBRATION_MS = 800;

/** Time of one task on an idle core, split into CPU and waiting; null when only a run can tell. */
function taskCost(w: Workload): { cpu: number; wait: number } | null {
  switch (w.kind) {
    case 'primes':
    case 'hash':
      return w.taskMs !== undefined ? { cpu: w.taskMs, wait: 0 } : null;
    case 'sleep':
      return { cpu: 0, wait: w.ms };
    case 'http':
      return { cpu: 0.2, wait: w.latencyMs + w.bytes / 200e3 };
    case 'file':
      return { cpu: w.bytes / 500e3, wait: 2 + w.bytes / 200e3 };
    case 'mixed':
      return { cpu: w.cpuMs, wait: w.waitMs };
  }
}

/** How many tasks' CPU parts can run at once under a model. */
function parallelism(model: ModelName, k: number, cores: number): number {
  if (model === 'sequential' || model === 'async' || model === 'py-sequential' || model === 'py-asyncio') return 1;
  // The GIL: CPython threads share one interpreter lock for pure-Python work.
  if (model === 'py-threading') return 1;
  return Math.max(1, Math.min(k, cores));
}

function startupMs(model: ModelName, k: number): number {
  if (model === 'py-multiprocessing') return STARTUP_MS.python.base + STARTUP_MS.python.each * (k + 1);
  if (runtimeOf(model) === 'python') return STARTUP_MS.python.base + STARTUP_MS.python.each;
  if (model === 'threads') return STARTUP_MS.thread.base + STARTUP_MS.thread.each * k;
  if (model === 'processes') return STARTUP_MS.process.base + STARTUP_MS.process.each * k;
  return STARTUP_MS.loop;
}

/** Estimated ms for the whole run, warm-ups and calibration included; null when sizes need a run to know. */
export function estimateDurationMs(spec: ExperimentSpec, cores: number): number | null {
  const cost = taskCost(spec.workload);
  if (!cost) return null;
  const cpuBound = WORKLOAD_CLASS[spec.workload.kind] === 'cpu';
  let total = 'taskMs' in spec.workload && spec.workload.taskMs !== undefined ? CALIBRATION_MS : 0;
  for (const t of planTrials(spec)) {
    const k = t.model === 'sequential' || t.model === 'py-sequential' ? 1 : t.concurrency;
    const p = parallelism(t.model, k, cores);
    const cpuTotal = (spec.tasks * cost.cpu) / p;
    // Waiting overlaps across the k tasks in flight; CPU overlaps only across p of them.
    const rounds = Math.ceil(spec.tasks / k) * (cost.cpu + cost.wait);
    const wall = cpuBound ? cpuTotal : Math.max(cpuTotal, rounds);
    total += wall + startupMs(t.model, k) + TRIAL_OVERHEAD_MS;
  }
  return Math.round(total);
}
