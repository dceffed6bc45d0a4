// A rough forecast of how long a spec takes, before it runs: in the Design view (so nobody
// starts a 40-minute run by accident), the preset list and the CLI. It models each task as
// c ms of CPU then w ms of waiting, and each model by how many of those run at once. It is
// a hint, not a measurement: the engine's ETA replaces it as soon as trials finish.
import { needsCalibration, planTrials, type ExperimentSpec } from './experiment.ts';
import { cpuLanes, isSequential, MODEL_INFO, runtimeOf, type InterpreterGil, type ModelName } from './models.ts';

export interface TaskCost {
  cpuMs: number;
  waitMs: number;
}

/** What one task costs, or null when only a calibration would tell (a fixed size never measured). */
export function taskCost(workload: ExperimentSpec['workload'], measuredMsPerTask?: number): TaskCost | null {
  switch (workload.kind) {
    case 'primes':
    case 'hash':
      if (workload.taskMs !== undefined) return { cpuMs: workload.taskMs, waitMs: 0 };
      return measuredMsPerTask !== undefined ? { cpuMs: measuredMsPerTask, waitMs: 0 } : null;
    case 'sleep':
      return { cpuMs: 0.05, waitMs: workload.ms };
    case 'http':
      // Loopback transfer at a few hundred MB/s on top of the server's delay.
      return { cpuMs: 0.2 + workload.bytes / 400_000, waitMs: workload.latencyMs };
    case 'file':
      // Write, fsync and read back: the fsync dominates small files.
      return { cpuMs: workload.bytes / 500_000, waitMs: 2 + workload.bytes / 200_000 };
    case 'mixed':
      return { cpuMs: workload.cpuMs, waitMs: workload.waitMs };
    case 'shared':
      // Every mode runs the task's ops in turn; an update costs well under a microsecond in
      // Node and about one in CPython (more through multiprocessing.Value), so this is rough.
      return { cpuMs: workload.ops * workload.modes.length * SHARED_UPDATE_MS, waitMs: 0 };
    case 'code':
      // The user's function: only a measurement (Try once) tells its time, and not how much of it is waiting.
      return measuredMsPerTask !== undefined ? { cpuMs: measuredMsPerTask, waitMs: 0 } : null;
  }
}

/**
 * Start-up of a pool, ms, as measured on a small, busy 2-core Linux machine: a fixed
 * part plus a part per worker (each loads its modules; a process a whole runtime).
 * A Python trial starts its runner process, and multiprocessing k more.
 */
const STARTUP_MS = {
  /** The run's one loop worker for sequential and async, started before the first trial. */
  loopWorker: 75,
  /** Handing a trial to that running worker. */
  loop: 2,
  thread: { base: 20, each: 43 },
  process: { base: 40, each: 60 },
  python: { base: 60, each: 60 },
} as const;
/** One update of the shared workload, ms: CPython's order of magnitude (Node is faster). */
const SHARED_UPDATE_MS = 0.0005;
/** Pool teardown and bookkeeping around every trial. */
const TRIAL_OVERHEAD_MS = 20;
/** Calibration of a taskMs workload before the run. */
export const CALIBRATION_MS = 800;

function startupMs(model: ModelName, k: number): number {
  const runner = MODEL_INFO[model].runner;
  if (runtimeOf(model) === 'python') {
    return STARTUP_MS.python.base + STARTUP_MS.python.each * (runner === 'processes' ? k + 1 : 1);
  }
  if (runner === 'threads') return STARTUP_MS.thread.base + STARTUP_MS.thread.each * k;
  if (runner === 'processes') return STARTUP_MS.process.base + STARTUP_MS.process.each * k;
  return STARTUP_MS.loop;
}

/**
 * Wall of one trial of `tasks` tasks in one model at level k. `python` says whether the
 * interpreter holds the GIL; unknown counts as holding it (models.ts, cpuLanes).
 */
export function trialWallMs(
  model: ModelName,
  k: number,
  tasks: number,
  cost: TaskCost,
  logicalCores: number,
  python?: InterpreterGil | null,
): number {
  const per = cost.cpuMs + cost.waitMs;
  if (isSequential(model)) return tasks * per;
  const rounds = Math.ceil(tasks / k);
  // Waiting overlaps across the k tasks in flight; CPU only across the lanes.
  return Math.max((tasks * cost.cpuMs) / cpuLanes(model, k, logicalCores, python), rounds * per);
}

/** Why estimateRunMs gives null, for whoever shows the estimate. */
export const NO_ESTIMATE =
  'its task size is fixed (not calibrated to a time), so only measuring a task on this machine tells how long it takes (in Python, tens of times longer than in Node)';

/** Estimated ms for the whole run, warm-ups and calibration included; null when sizes need a run to know. */
export function estimateRunMs(
  spec: ExperimentSpec,
  logicalCores: number,
  measuredMsPerTask?: number,
  python?: InterpreterGil | null,
): number | null {
  const cost = taskCost(spec.workload, measuredMsPerTask);
  if (!cost) return null;
  let total = needsCalibration(spec.workload) ? CALIBRATION_MS : 0;
  // A shared trial starts its pool afresh for every mode.
  const pools = spec.workload.kind === 'shared' ? spec.workload.modes.length : 1;
  const plan = planTrials(spec);
  if (plan.some((t) => t.model === 'sequential' || t.model === 'async')) total += STARTUP_MS.loopWorker;
  for (const t of plan) {
    total += trialWallMs(t.model, t.concurrency, spec.tasks, cost, logicalCores, python);
    total += (startupMs(t.model, t.concurrency) + TRIAL_OVERHEAD_MS) * pools;
  }
  return Math.round(total);
}
