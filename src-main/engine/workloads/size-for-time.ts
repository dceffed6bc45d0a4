// Calibration's search, run on the thread that will be measured (a worker thread,
// never the caller's): the size of a CPU workload that takes about taskMs per task
// on this machine now.
import type { Calibration } from '../../../src-shared/result.ts';
import { nowNs } from '../clock.ts';
import { countPrimesBelow } from './primes.ts';

export type CalibrationKind = 'primes' | 'hash' | 'mixed';

/** hash calibrates rounds over this fixed buffer: big enough that a round is native work, small enough to stay in cache. */
export const HASH_CALIBRATION_BYTES = 64 * 1024;

// Total time the search may spend measuring at full size, beyond the growth phase.
const REFINE_BUDGET_MS = 400;
const MEASURE_BUDGET_MS = 600;

function timeMs(run: () => void): number {
  const start = nowNs();
  run();
  return Number(nowNs() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Finds size with run(size) ≈ targetMs, given that time grows about as size^exponent:
 * warm up, double until one run is long enough to time reliably, take the fastest
 * of three there (the least disturbed by other work on a busy machine), predict from
 * the power law, then correct the prediction while that stays cheap.
 */
function search(run: (size: number) => void, start: number, min: number, exponent: number, targetMs: number): number {
  for (let i = 0; i < 3; i++) run(start);
  const floorMs = Math.min(targetMs / 2, 20);
  let size = start;
  while (timeMs(() => run(size)) < floorMs && size < Number.MAX_SAFE_INTEGER / 4) size *= 2;
  let ms = Math.min(timeMs(() => run(size)), timeMs(() => run(size)), timeMs(() => run(size)));
  let spent = 0;
  for (let step = 0; step < 3; step++) {
    const next = Math.max(min, Math.round(size * Math.pow(targetMs / Math.max(ms, 1e-3), 1 / exponent)));
    if (next === size || spent + targetMs > REFINE_BUDGET_MS) return next;
    size = next;
    ms = timeMs(() => run(size));
    spent += ms;
    if (Math.abs(ms - targetMs) <= targetMs * 0.05) break;
  }
  return size;
}

/** Median time of a few runs at the chosen size: as many as fit the budget, 1 to 5. */
function measure(run: () => void, targetMs: number): number {
  const count = Math.max(1, Math.min(5, Math.floor(MEASURE_BUDGET_MS / Math.max(targetMs, 1e-3))));
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(timeMs(run));
  return Math.round(median(times) * 1e3) / 1e3;
}

/** Async only to load the hash workload's module when it is the one calibrated (run-task.ts says why). */
export async function sizeForTime(kind: CalibrationKind, taskMs: number): Promise<Calibration> {
  if (!(taskMs > 0)) throw new Error(`taskMs must be a positive number of ms, got ${taskMs}`);
  if (kind === 'hash') {
    const { hashInput, hashRounds } = await import('./hash.ts');
    const data = hashInput(HASH_CALIBRATION_BYTES);
    const rounds = search((r) => hashRounds(data, r), 1, 1, 1, taskMs);
    return { params: { bytes: HASH_CALIBRATION_BYTES, rounds }, measuredMs: measure(() => hashRounds(data, rounds), taskMs) };
  }
  // mixed's CPU part is primes below n, so both calibrate the same way.
  // Trial division costs about n^1.5 / ln n; 1.4 is the local exponent at the sizes used.
  const n = search((size) => countPrimesBelow(size), 1000, 2, 1.4, taskMs);
  return { params: { n }, measuredMs: measure(() => countPrimesBelow(n), taskMs) };
}
