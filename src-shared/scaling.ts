// Scaling models fitted to a run's speedups (issue 12): Amdahl's serial fraction and
// Gunther's Universal Scalability Law, speedup(k) = k / (1 + σ(k − 1) + κk(k − 1)),
// by bounded nonlinear least squares on every repetition, with standard errors from
// the Jacobian; and a seeded bootstrap interval on each speedup.
import { isSequential, MODEL_INFO, type ModelName } from './models.ts';
import type { TrialResult } from './result.ts';
import { median, quantile } from './stats.ts';

export interface SpeedupPoint {
  k: number;
  speedup: number;
}

/** Fewer distinct levels of k than this and two parameters are not told apart from noise. */
export const MIN_FIT_LEVELS = 4;

export interface ScalingFit {
  model: 'amdahl' | 'usl';
  /** Contention (serial fraction, for Amdahl). */
  sigma: number;
  sigmaSe: number;
  /** Coherency (crosstalk); 0 for Amdahl. */
  kappa: number;
  kappaSe: number;
  /** Where the USL curve peaks, √((1 − σ)/κ); null when κ = 0 (it never does). */
  peakK: number | null;
  /** Residual standard error of the speedups. */
  residualSe: number;
  points: number;
  levels: number;
}

export type FitResult = { ok: true; fit: ScalingFit } | { ok: false; reason: string };

export function uslSpeedup(k: number, sigma: number, kappa: number): number {
  return k / (1 + sigma * (k - 1) + kappa * k * (k - 1));
}

function residuals(points: readonly SpeedupPoint[], sigma: number, kappa: number): number[] {
  return points.map((p) => p.speedup - uslSpeedup(p.k, sigma, kappa));
}

function ssr(points: readonly SpeedupPoint[], sigma: number, kappa: number): number {
  let s = 0;
  for (const r of residuals(points, sigma, kappa)) s += r * r;
  return s;
}

/** ∂speedup/∂σ and ∂speedup/∂κ at each point. */
function jacobian(points: readonly SpeedupPoint[], sigma: number, kappa: number): [number, number][] {
  return points.map(({ k }) => {
    const d = 1 + sigma * (k - 1) + kappa * k * (k - 1);
    return [(-k * (k - 1)) / (d * d), (-k * k * (k - 1)) / (d * d)];
  });
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * Levenberg–Marquardt projected onto the box [0, 1]², started from the best point of a
 * coarse grid (the surface can be flat along one axis, so one start can stall far off).
 */
function levenbergMarquardt(points: readonly SpeedupPoint[], fitKappa: boolean): { sigma: number; kappa: number } {
  let sigma = 0;
  let kappa = 0;
  let best = Infinity;
  const grid = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.2, 0.4, 0.7, 1];
  for (const s of grid) {
    for (const c of fitKappa ? grid : [0]) {
      const v = ssr(points, s, c);
      if (v < best) [best, sigma, kappa] = [v, s, c];
    }
  }
  let lambda = 1e-3;
  for (let iter = 0; iter < 200; iter++) {
    const r = residuals(points, sigma, kappa);
    const J = jacobian(points, sigma, kappa);
    // Normal equations (JᵀJ + λ diag(JᵀJ)) δ = Jᵀr for the parameters being fitted.
    let a = 0, b = 0, d = 0, g1 = 0, g2 = 0;
    for (let i = 0; i < r.length; i++) {
      a += J[i][0] * J[i][0];
      b += J[i][0] * J[i][1];
      d += J[i][1] * J[i][1];
      g1 += J[i][0] * r[i];
      g2 += J[i][1] * r[i];
    }
    let improved = false;
    for (let tries = 0; tries < 20 && !improved; tries++) {
      let ds: number;
      let dk: number;
      if (fitKappa) {
        const A = a * (1 + lambda), D = d * (1 + lambda);
        const det = A * D - b * b;
        if (!(Math.abs(det) > 0)) break;
        ds = (D * g1 - b * g2) / det;
        dk = (A * g2 - b * g1) / det;
      } else {
        if (!(a > 0)) break;
        ds = g1 / (a * (1 + lambda));
        dk = 0;
      }
      const s2 = clamp01(sigma + ds);
      const k2 = fitKappa ? clamp01(kappa + dk) : 0;
      const v = ssr(points, s2, k2);
      if (v < best) {
        const step = Math.abs(s2 - sigma) + Math.abs(k2 - kappa);
        [best, sigma, kappa] = [v, s2, k2];
        lambda = Math.max(lambda / 10, 1e-12);
        improved = true;
        if (step < 1e-12) return { sigma, kappa };
      } else lambda *= 10;
    }
    if (!improved) break;
  }
  return { sigma, kappa };
}

/** Standard errors from the Jacobian at the optimum: s²(JᵀJ)⁻¹, s² = SSR / (n − p). */
function standardErrors(points: readonly SpeedupPoint[], sigma: number, kappa: number, fitKappa: boolean) {
  const n = points.length;
  const p = fitKappa ? 2 : 1;
  const s2 = n > p ? ssr(points, sigma, kappa) / (n - p) : NaN;
  const J = jacobian(points, sigma, kappa);
  let a = 0, b = 0, d = 0;
  for (const [x, y] of J) {
    a += x * x;
    b += x * y;
    d += y * y;
  }
  if (!fitKappa) return { sigmaSe: Math.sqrt(s2 / a), kappaSe: 0, residualSe: Math.sqrt(s2) };
  const det = a * d - b * b;
  return { sigmaSe: Math.sqrt((s2 * d) / det), kappaSe: Math.sqrt((s2 * a) / det), residualSe: Math.sqrt(s2) };
}

/**
 * Fits Amdahl (κ = 0) or the USL to speedup points, one per repetition. Refuses with a
 * reason when the points cannot support the fit (fewer than MIN_FIT_LEVELS levels of k).
 */
export function fitScaling(points: readonly SpeedupPoint[], model: 'amdahl' | 'usl'): FitResult {
  const usable = points.filter((p) => p.k >= 1 && Number.isFinite(p.speedup) && p.speedup > 0);
  const levels = new Set(usable.map((p) => p.k)).size;
  if (levels < MIN_FIT_LEVELS) {
    return {
      ok: false,
      reason: `a scaling fit needs at least ${MIN_FIT_LEVELS} levels of k; this run has ${levels}`,
    };
  }
  const fitKappa = model === 'usl';
  const { sigma, kappa } = levenbergMarquardt(usable, fitKappa);
  const se = standardErrors(usable, sigma, kappa, fitKappa);
  return {
    ok: true,
    fit: {
      model,
      sigma,
      sigmaSe: se.sigmaSe,
      kappa,
      kappaSe: se.kappaSe,
      peakK: kappa > 0 ? Math.sqrt((1 - sigma) / kappa) : null,
      residualSe: se.residualSe,
      points: usable.length,
      levels,
    },
  };
}

/** A small deterministic generator (xorshift32), so the same run always gets the same interval. */
function seeded(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** A stable 32-bit seed from text (FNV-1a). */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const BOOTSTRAP_RESAMPLES = 2000;

/**
 * 95% percentile-bootstrap interval of median(baseline) / median(cell), resampling the
 * repetitions of both cells; null with fewer than 2 walls on either side (nothing to resample).
 */
export function speedupInterval(
  baselineWalls: readonly number[],
  cellWalls: readonly number[],
  seed: number,
  resamples = BOOTSTRAP_RESAMPLES,
): { low: number; high: number } | null {
  const base = baselineWalls.filter((w) => w > 0);
  const cell = cellWalls.filter((w) => w > 0);
  if (base.length < 2 || cell.length < 2) return null;
  const rand = seeded(seed);
  const draw = (xs: readonly number[]) => {
    const out = new Array<number>(xs.length);
    for (let i = 0; i < xs.length; i++) out[i] = xs[Math.floor(rand() * xs.length)];
    return out;
  };
  const ratios = new Array<number>(resamples);
  for (let i = 0; i < resamples; i++) ratios[i] = median(draw(base)) / median(draw(cell));
  return { low: quantile(ratios, 0.025), high: quantile(ratios, 0.975) };
}

export interface ModelScaling {
  model: ModelName;
  amdahl: FitResult;
  usl: FitResult;
}

/**
 * Both fits for every concurrent model of a run, from its ok trials: one point per
 * trial, speedup = the baseline's median wall / that trial's wall.
 */
export function scalingFits(trials: readonly Pick<TrialResult, 'model' | 'concurrency' | 'status' | 'wallMs'>[]): ModelScaling[] {
  const ok = trials.filter((t) => t.status === 'ok' && t.wallMs > 0);
  const baselineWall = new Map<ModelName, number>();
  for (const base of new Set(ok.filter((t) => isSequential(t.model)).map((t) => t.model))) {
    baselineWall.set(base, median(ok.filter((t) => t.model === base && t.concurrency === 1).map((t) => t.wallMs)));
  }
  const out: ModelScaling[] = [];
  for (const model of new Set(ok.map((t) => t.model))) {
    if (isSequential(model)) continue;
    const base = baselineWall.get(MODEL_INFO[model].baseline);
    const points = base === undefined ? [] : ok.filter((t) => t.model === model).map((t) => ({ k: t.concurrency, speedup: base / t.wallMs }));
    out.push({ model, amdahl: fitScaling(points, 'amdahl'), usl: fitScaling(points, 'usl') });
  }
  return out;
}
