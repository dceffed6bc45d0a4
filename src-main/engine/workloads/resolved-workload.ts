// A workload with every size its tasks need: what a spec may leave to calibration (primes'
// and mixed's n, hash's bytes and rounds) is there. Runners, pools and task code take this
// type, so the compiler checks that nothing runs a workload calibration has not sized.
import type { Workload } from '../../../src-shared/experiment.ts';

type OfKind<K extends Workload['kind']> = Extract<Workload, { kind: K }>;
/** W with the optional fields K present. */
type WithSizes<W, K extends keyof W> = Omit<W, K> & { [P in K]-?: Exclude<W[P], undefined> };

export type ResolvedWorkload =
  | WithSizes<OfKind<'primes'>, 'n'>
  | WithSizes<OfKind<'hash'>, 'bytes' | 'rounds'>
  | WithSizes<OfKind<'mixed'>, 'n'>
  | Exclude<Workload, { kind: 'primes' | 'hash' | 'mixed' }>;

/** The workload as its tasks run it, or the size calibration should have filled in. */
export function sizedWorkload(w: Workload): { ok: true; workload: ResolvedWorkload } | { ok: false; missing: string } {
  const later = 'calibrate taskMs into sizes before the trial';
  switch (w.kind) {
    case 'primes':
      return w.n === undefined ? { ok: false, missing: `workload.n is not set (${later})` } : { ok: true, workload: { ...w, n: w.n } };
    case 'hash':
      return w.bytes === undefined || w.rounds === undefined
        ? { ok: false, missing: `workload.bytes and workload.rounds must both be set (${later})` }
        : { ok: true, workload: { ...w, bytes: w.bytes, rounds: w.rounds } };
    case 'mixed':
      if (w.n !== undefined) return { ok: true, workload: { ...w, n: w.n } };
      // No CPU part asked for: primes below 2 is no work at all, with nothing to calibrate.
      if (w.cpuMs === 0) return { ok: true, workload: { ...w, n: 2 } };
      return { ok: false, missing: 'workload.n is not set (calibrate cpuMs into n before the trial)' };
    default:
      return { ok: true, workload: w };
  }
}

/** The workload as its tasks run it; throws, naming the missing size, when calibration has not sized it. */
export function mustBeSized(w: Workload): ResolvedWorkload {
  const sized = sizedWorkload(w);
  if (!sized.ok) throw new Error(sized.missing);
  return sized.workload;
}
