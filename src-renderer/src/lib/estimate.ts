// A rough forecast of how long a spec takes, so nobody starts a 40-minute run by accident.
// It models each task as c ms of CPU then w ms of waiting, and each model by how many
// of those run at once; start-up and per-trial overheads are typical figures, not measured.
import { planTrials, type ExperimentSpec } from '../../../src-shared/experiment.ts';
import { isSequential, type ModelName } from '../../../src-shared/models.ts';

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
  }
}

// Typical of a laptop under light load; a busy machine takes several times longer.
const STARTUP_MS_PER_WORKER: Partial<Record<ModelName, number>> = {
  threads: 30,
  processes: 70,
  'py-threading': 2,
  'py-multiprocessing': 90,
};
const TRIAL_OVERHEAD_MS = 40;
const CALIBRATION_MS = 1500;

/** Wall of one trial of `tasks` tasks in one model at level k. */
export function trialWallMs(model: ModelName, k: number, tasks: number, cost: TaskCost, logicalCores: number): number {
  const per = cost.cpuMs + cost.waitMs;
  if (isSequential(model)) return tasks * per;
  const rounds = Math.ceil(tasks / k);
  // How many tasks' CPU parts can run at once: one for an event loop or a GIL-bound thread pool.
  const cpuLanes = model === 'async' || model === 'py-asyncio' || model === 'py-threading' ? 1 : Math.min(k, logicalCores);
  return Math.max((tasks * cost.cpuMs) / cpuLanes, rounds * per);
}

export function estimateRunMs(spec: ExperimentSpec, logicalCores: number, measuredMsPerTask?: number): number | null {
  const cost = taskCost(spec.workload, measuredMsPerTask);
  if (!cost) return null;
  let total = TRIAL_OVERHEAD_MS;
  for (const t of planTrials(spec)) {
    total += trialWallMs(t.model, t.concurrency, spec.tasks, cost, logicalCores);
    total += (STARTUP_MS_PER_WORKER[t.model] ?? 0) * t.concurrency + TRIAL_OVERHEAD_MS;
  }
  const calibrates =
    ((spec.workload.kind === 'primes' || spec.workload.kind === 'hash') && spec.workload.taskMs !== undefined) ||
    (spec.workload.kind === 'mixed' && spec.workload.n === undefined);
  return total + (calibrates ? CALIBRATION_MS : 0);
}
