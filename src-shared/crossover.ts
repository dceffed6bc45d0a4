// Where a measured curve crosses a level (issue 13): the task size from which a model is
// faster than sequential, the CPU share from which one model overtakes another. Found on
// the measured points alone, interpolated between the two that straddle the level (on a
// log axis for task sizes), with bounds from the points' intervals: the upper curve
// crosses first, the lower curve last.

export type AxisScale = 'log' | 'linear';

export interface CurvePoint {
  x: number;
  y: number;
  /** The 95% interval of y; absent where there is none (one trial): y itself is used. */
  low?: number | null;
  high?: number | null;
}

/** One end of a crossing's uncertainty: at an x, or beyond the values tried on either side. */
export type Bound = { kind: 'at'; x: number } | { kind: 'below-range' } | { kind: 'above-range' };

export interface Crossing {
  /**
   * 'crosses': below the level at small x, above it from `at` on; 'always': above it at
   * every x tried; 'never': not above it from any x on (the last point is at or below it).
   */
  kind: 'never' | 'always' | 'crosses';
  /** Where the measured curve crosses, interpolated; null unless 'crosses'. */
  at: number | null;
  /** The earliest the intervals allow (the upper curve), and the latest (the lower curve). */
  earliest: Bound;
  latest: Bound;
  /** The x values tried, smallest and largest. */
  range: { min: number; max: number };
}

/**
 * Whether the intervals place a crossing anywhere: when they reach past both ends of the
 * range tried, the medians' crossing point is no finding, and nothing should mark it.
 */
export function crossingSettled(c: Crossing): boolean {
  return !(c.kind === 'crosses' && c.earliest.kind === 'below-range' && c.latest.kind === 'above-range');
}

type Simple = { kind: 'never' } | { kind: 'always' } | { kind: 'crosses'; at: number };

/**
 * Where y comes to stay above `level`, from the left: the first point from which every
 * point is above it (a dip back below, noise or not, moves the crossing past the dip),
 * interpolated between that point and the one before it.
 */
function staysAbove(xs: readonly number[], ys: readonly number[], level: number, scale: AxisScale): Simple {
  const n = xs.length;
  if (n === 0 || !(ys[n - 1] > level)) return { kind: 'never' };
  let j = n - 1;
  while (j > 0 && ys[j - 1] > level) j--;
  if (j === 0) return { kind: 'always' };
  const t = (level - ys[j - 1]) / (ys[j] - ys[j - 1]);
  const [a, b] = scale === 'log' ? [Math.log(xs[j - 1]), Math.log(xs[j])] : [xs[j - 1], xs[j]];
  const at = a + t * (b - a);
  return { kind: 'crosses', at: scale === 'log' ? Math.exp(at) : at };
}

function bound(s: Simple): Bound {
  if (s.kind === 'always') return { kind: 'below-range' };
  if (s.kind === 'never') return { kind: 'above-range' };
  return { kind: 'at', x: s.at };
}

/**
 * Where a curve crosses `level` and stays above it, with the bounds its intervals allow.
 * Points need not be sorted; a log scale needs x > 0. Throws on an empty curve.
 */
export function crossing(points: readonly CurvePoint[], level: number, scale: AxisScale): Crossing {
  const sorted = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (scale === 'linear' || p.x > 0)).sort((a, b) => a.x - b.x);
  if (sorted.length === 0) throw new RangeError('a crossing needs at least one measured point');
  const xs = sorted.map((p) => p.x);
  const mid = staysAbove(xs, sorted.map((p) => p.y), level, scale);
  const upper = staysAbove(xs, sorted.map((p) => Math.max(p.y, p.high ?? p.y)), level, scale);
  const lower = staysAbove(xs, sorted.map((p) => Math.min(p.y, p.low ?? p.y)), level, scale);
  return {
    kind: mid.kind,
    at: mid.kind === 'crosses' ? mid.at : null,
    earliest: bound(upper),
    latest: bound(lower),
    range: { min: xs[0], max: xs[xs.length - 1] },
  };
}

/** Where a curve comes to stay below `level` (asyncio stops helping): the crossing of −y above −level. */
export function crossingBelow(points: readonly CurvePoint[], level: number, scale: AxisScale): Crossing {
  return crossing(
    points.map((p) => ({ x: p.x, y: -p.y, low: p.high == null ? null : -p.high, high: p.low == null ? null : -p.low })),
    -level,
    scale,
  );
}

/**
 * Where curve a comes to stay above curve b (py-multiprocessing overtakes py-threading),
 * on the x values both measured. The difference's bounds come from both intervals: a's
 * high less b's low, a's low less b's high. Null when they share fewer than one x.
 */
export function overtakes(a: readonly CurvePoint[], b: readonly CurvePoint[], scale: AxisScale): Crossing | null {
  const diff: CurvePoint[] = [];
  for (const p of a) {
    const q = b.find((r) => r.x === p.x);
    if (!q) continue;
    diff.push({ x: p.x, y: p.y - q.y, low: (p.low ?? p.y) - (q.high ?? q.y), high: (p.high ?? p.y) - (q.low ?? q.y) });
  }
  return diff.length ? crossing(diff, 0, scale) : null;
}

/** The share of its large-size figure a model must reach to count as having "arrived". */
export const PLATEAU_SHARE = 0.9;

/**
 * Where a curve comes to stay at PLATEAU_SHARE (90%) of its value at the largest x tried:
 * where a model reaches most of the speedup it has for large tasks. Null when that value
 * is not above 1, or its interval reaches down to 1 (no speedup to reach).
 */
export function plateauFrom(points: readonly CurvePoint[], scale: AxisScale): { at: number; kind: 'always' | 'crosses'; target: number } | null {
  const sorted = [...points].filter((p) => Number.isFinite(p.y)).sort((a, b) => a.x - b.x);
  if (sorted.length === 0) return null;
  const last = sorted[sorted.length - 1];
  const large = last.y;
  // A large-task "speedup" whose interval reaches 1 (a 1.0x within noise) is none to arrive at.
  if (!(large > 1) || (last.low != null && !(last.low > 1))) return null;
  const target = PLATEAU_SHARE * large;
  // "Stays at or above": the largest point is exactly at 100%, never short of it.
  const s = staysAbove(sorted.map((p) => p.x), sorted.map((p) => p.y), target - 1e-12, scale);
  if (s.kind === 'never') return null;
  return s.kind === 'always' ? { at: sorted[0].x, kind: 'always', target } : { at: s.at, kind: 'crosses', target };
}
