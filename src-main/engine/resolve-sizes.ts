// Turns a spec's "about N ms per task" into concrete sizes before a run, by
// calibrating on the runtime that will run the tasks, so the spec as run (and as
// stored) says exactly how much work each task did.
import type { CalibrateRequest } from '../../src-shared/contract.ts';
import type { ExperimentSpec, Workload } from '../../src-shared/experiment.ts';
import { runtimeOf } from '../../src-shared/models.ts';
import type { Calibration } from '../../src-shared/result.ts';
import { calibrateNode } from './calibrate.ts';
import { calibratePython } from './python/index.ts';

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
 * The spec with every size filled in, and the calibration that chose them (none when
 * the spec gave its sizes). Node calibrates unless every model is a Python model:
 * the two runtimes differ several-fold on pure arithmetic, and a mixed run compares
 * them on the same work, sized for Node.
 */
export async function resolveSizes(
  spec: ExperimentSpec,
  options: CalibrateOptions = {},
): Promise<{ spec: ExperimentSpec; calibration?: Calibration }> {
  const runtime = spec.models.every((m) => runtimeOf(m) === 'python') ? 'python' : 'node';
  const w = spec.workload;
  let workload: Workload = w;
  let calibration: Calibration | undefined;
  const cal = async (kind: CalibrateRequest['kind'], taskMs: number) => {
    calibration = await calibrate({ kind, taskMs, runtime }, options);
    return calibration.params;
  };

  if (w.kind === 'primes' && w.n === undefined) {
    workload = { ...w, n: requireParam(await cal('primes', w.taskMs!), 'n') };
  } else if (w.kind === 'hash' && (w.bytes === undefined || w.rounds === undefined)) {
    const p = await cal('hash', w.taskMs!);
    workload = { ...w, bytes: requireParam(p, 'bytes'), rounds: requireParam(p, 'rounds') };
  } else if (w.kind === 'mixed' && w.n === undefined) {
    // No CPU part asked for: primes below 2 is no work at all, with nothing to calibrate.
    workload = { ...w, n: w.cpuMs > 0 ? requireParam(await cal('mixed', w.cpuMs), 'n') : 2 };
  }
  return { spec: { ...spec, workload }, calibration };
}

function requireParam(params: Record<string, number>, name: string): number {
  const v = params[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`calibration gave no ${name}`);
  return v;
}
