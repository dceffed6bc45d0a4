// Turns a spec's "about N ms per task" into concrete sizes before a run, by
// calibrating on the runtime that will run the tasks, so the spec as run (and as
// stored) says exactly how much work each task did.
import type { CalibrateRequest } from '../../src-shared/contract.ts';
import type { ExperimentSpec, Workload } from '../../src-shared/experiment.ts';
import { runtimeOf } from '../../src-shared/models.ts';
import type { Calibration } from '../../src-shared/result.ts';
import { calibrateNode } from './calibrate.ts';
import { calibratePython } from './python/index.ts';
import { mustBeSized, type ResolvedWorkload } from './workloads/resolved-workload.ts';

export interface CalibrateOptions {
  signal?: AbortSignal;
  python?: { executable?: string };
}

export async function calibrate(req: CalibrateRequest, options: CalibrateOptions = {}): Promise<Calibration> {
  if (req.runtime === 'python') {
    return calibratePython(req.kind, req.taskMs, { executable: options.python?.executable, signal: options.signal });
  }
  return calibrateNode(req.kind, req.taskMs, { signal: options.signal });
}

/**
 * The spec with every size filled in, the workload as its tasks run it, and the
 * calibration that chose the sizes (none when the spec gave them). Node calibrates unless
 * every model is a Python model: the two runtimes differ several-fold on pure arithmetic,
 * and a mixed run compares them on the same work, sized for Node.
 */
export async function resolveSizes(
  spec: ExperimentSpec,
  options: CalibrateOptions = {},
): Promise<{ spec: ExperimentSpec; workload: ResolvedWorkload; calibration?: Calibration }> {
  const runtime = spec.models.every((m) => runtimeOf(m) === 'python') ? 'python' : 'node';
  const w = spec.workload;
  let workload: Workload = w;
  let calibration: Calibration | undefined;
  const cal = async (kind: CalibrateRequest['kind'], taskMs: number | undefined) => {
    // The schema asks for a size or a time per task; this is a bug if it ever fires.
    if (taskMs === undefined) throw new Error(`workload: ${kind} has neither its size nor a time per task`);
    calibration = await calibrate({ kind, taskMs, runtime }, options);
    return calibration.params;
  };

  if (w.kind === 'primes' && w.n === undefined) {
    workload = { ...w, n: requireParam(await cal('primes', w.taskMs), 'n') };
  } else if (w.kind === 'hash' && (w.bytes === undefined || w.rounds === undefined)) {
    const p = await cal('hash', w.taskMs);
    workload = { ...w, bytes: requireParam(p, 'bytes'), rounds: requireParam(p, 'rounds') };
  } else if (w.kind === 'mixed' && w.n === undefined && w.cpuMs > 0) {
    workload = { ...w, n: requireParam(await cal('mixed', w.cpuMs), 'n') };
  }
  const sized = mustBeSized(workload);
  return { spec: { ...spec, workload: sized }, workload: sized, calibration };
}

function requireParam(params: Record<string, number>, name: string): number {
  const v = params[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`calibration gave no ${name}`);
  return v;
}
