// Descriptive statistics and the two significance tests the lab uses.
// Distribution functions come from jstat; the rest is a few lines each.
// jstat is UMD: only its default export is visible to native ESM.
import jstat from 'jstat';

const { jStat } = jstat;

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n - 1); 0 for fewer than two values. */
export function stdev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/** Linear-interpolated quantile (the R-7 / numpy default), q in [0, 1]. */
export function quantile(xs: readonly number[], q: number): number {
  return sortedQuantile([...xs].sort((a, b) => a - b), q);
}

/** quantile of values sorted already (a typed array sorted in place: no copy of a million numbers). */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** 95% confidence interval of the mean (Student's t); collapses to the value for n < 2. */
export function ci95(xs: readonly number[]): { low: number; high: number } {
  const m = mean(xs);
  if (xs.length < 2) return { low: m, high: m };
  const half = jStat.studentt.inv(0.975, xs.length - 1) * (stdev(xs) / Math.sqrt(xs.length));
  return { low: m - half, high: m + half };
}

export interface TestResult {
  statistic: number;
  /** Two-sided p-value. */
  p: number;
}

/** Welch's unequal-variance t-test, two-sided. Needs at least 2 values per side. */
export function welchTTest(a: readonly number[], b: readonly number[]): TestResult {
  if (a.length < 2 || b.length < 2) return { statistic: NaN, p: NaN };
  const va = stdev(a) ** 2 / a.length;
  const vb = stdev(b) ** 2 / b.length;
  const diff = mean(a) - mean(b);
  if (va + vb === 0) return { statistic: diff === 0 ? 0 : Infinity, p: diff === 0 ? 1 : 0 };
  const t = diff / Math.sqrt(va + vb);
  const dof = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  return { statistic: t, p: 2 * (1 - jStat.studentt.cdf(Math.abs(t), dof)) };
}

/** Mann–Whitney U, two-sided, normal approximation with tie correction and continuity correction. */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): TestResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { statistic: NaN, p: NaN };
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const ranks = new Array<number>(all.length);
  let tieTerm = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1].v === all[i].v) j++;
    const r = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) ranks[t] = r;
    const ties = j - i + 1;
    tieTerm += ties ** 3 - ties;
    i = j + 1;
  }
  let r1 = 0;
  all.forEach((x, i) => {
    if (x.g === 0) r1 += ranks[i];
  });
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u = Math.min(u1, n1 * n2 - u1);
  const n = n1 + n2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (sigma === 0) return { statistic: u, p: 1 };
  const z = (Math.abs(u - (n1 * n2) / 2) - 0.5) / sigma;
  return { statistic: u, p: Math.min(1, 2 * (1 - jStat.normal.cdf(Math.max(z, 0), 0, 1))) };
}

/** Fraction of (a_i, b_j) pairs in which a is strictly smaller (faster, for walls). */
export function fractionSmaller(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return NaN;
  let wins = 0;
  for (const x of a) for (const y of b) if (x < y) wins++;
  return wins / (a.length * b.length);
}

/**
 * Amdahl fit: the serial fraction s that best explains speedup(k) = 1 / (s + (1 - s) / k),
 * by least squares on 1/speedup = s + (1 - s)/k, which is linear in s. Clamped to [0, 1].
 */
export function amdahlSerialFraction(points: readonly { k: number; speedup: number }[]): number | null {
  const usable = points.filter((p) => p.k > 1 && p.speedup > 0 && Number.isFinite(p.speedup));
  if (usable.length === 0) return null;
  // 1/S - 1/k = s (1 - 1/k)  =>  s = Σ x y / Σ x²  with x = 1 - 1/k, y = 1/S - 1/k
  let xy = 0;
  let xx = 0;
  for (const p of usable) {
    const x = 1 - 1 / p.k;
    const y = 1 / p.speedup - 1 / p.k;
    xy += x * y;
    xx += x * x;
  }
  return Math.min(1, Math.max(0, xy / xx));
}

export function amdahlSpeedup(serialFraction: number, k: number): number {
  return 1 / (serialFraction + (1 - serialFraction) / k);
}
