// The scaling fits recover σ and κ from made-up speedups with known values, say when
// the run cannot support a fit, and the bootstrap interval is seeded and honest.
import { describe, expect, it } from 'vitest';
import { fitScaling, scalingFits, speedupInterval, uslSpeedup, type SpeedupPoint } from '../../../src-shared/scaling.ts';
import type { TrialResult } from '../../../src-shared/result.ts';

/** Points from a known curve, three "repetitions" per k with a small, deterministic wobble. */
function made(sigma: number, kappa: number, ks: number[], wobble = 0.01): SpeedupPoint[] {
  const out: SpeedupPoint[] = [];
  for (const k of ks) {
    for (const w of [-wobble, 0, wobble]) out.push({ k, speedup: uslSpeedup(k, sigma, kappa) * (1 + w) });
  }
  return out;
}

describe('USL and Amdahl fits', () => {
  it('recovers σ and κ of a curve that peaks, with the peak k* = √((1 − σ)/κ)', () => {
    const r = fitScaling(made(0.05, 0.02, [1, 2, 4, 8, 16]), 'usl');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fit.sigma).toBeCloseTo(0.05, 2);
    expect(r.fit.kappa).toBeCloseTo(0.02, 3);
    expect(r.fit.peakK).toBeCloseTo(Math.sqrt(0.95 / 0.02), 0);
    // The true values lie within a few standard errors.
    expect(Math.abs(r.fit.sigma - 0.05)).toBeLessThan(4 * r.fit.sigmaSe + 1e-9);
    expect(Math.abs(r.fit.kappa - 0.02)).toBeLessThan(4 * r.fit.kappaSe + 1e-9);
    expect(r.fit.sigmaSe).toBeGreaterThan(0);
  });

  it('finds κ = 0 and no peak for a pure Amdahl curve; the Amdahl fit gives its serial fraction', () => {
    const points = made(0.2, 0, [1, 2, 3, 4, 8]);
    const usl = fitScaling(points, 'usl');
    const amdahl = fitScaling(points, 'amdahl');
    expect(usl.ok && amdahl.ok).toBe(true);
    if (!usl.ok || !amdahl.ok) return;
    expect(usl.fit.kappa).toBeLessThan(0.002);
    expect(amdahl.fit.sigma).toBeCloseTo(0.2, 2);
    expect(amdahl.fit.kappa).toBe(0);
    expect(amdahl.fit.peakK).toBeNull();
  });

  it('keeps σ and κ inside [0, 1] when the data would pull them out (super-linear speedups)', () => {
    const r = fitScaling([1, 2, 4, 8].flatMap((k) => [{ k, speedup: k * 1.3 }, { k, speedup: k * 1.25 }]), 'usl');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fit.sigma).toBeGreaterThanOrEqual(0);
    expect(r.fit.kappa).toBeGreaterThanOrEqual(0);
    expect(r.fit.sigma).toBeLessThanOrEqual(1);
  });

  it('refuses with fewer than 4 levels of k, saying how many there are', () => {
    const r = fitScaling(made(0.1, 0.01, [1, 2, 4]), 'usl');
    expect(r).toEqual({ ok: false, reason: 'a scaling fit needs at least 4 levels of k; this run has 3' });
  });

  it('fits each concurrent model of a run from its trials against its own baseline', () => {
    let index = 0;
    const trial = (model: TrialResult['model'], k: number, wallMs: number): TrialResult => ({
      index: index++, model, concurrency: k, repetition: 0, status: 'ok', wallMs, startupMs: 1, cpuMs: 1, offsetMs: 0, spans: [],
    });
    const trials = [trial('sequential', 1, 800), trial('sequential', 1, 800)];
    for (const k of [1, 2, 4, 8]) trials.push(trial('threads', k, 800 / uslSpeedup(k, 0.1, 0.01)), trial('threads', k, 800 / uslSpeedup(k, 0.1, 0.01)));
    trials.push(trial('async', 2, 800), trial('async', 4, 800));
    const fits = scalingFits(trials);
    expect(fits.map((f) => f.model)).toEqual(['threads', 'async']);
    const threads = fits[0].usl;
    expect(threads.ok && threads.fit.sigma).toBeCloseTo(0.1, 3);
    expect(threads.ok && threads.fit.kappa).toBeCloseTo(0.01, 3);
    expect(fits[1].usl.ok).toBe(false);
  });
});

describe('bootstrap interval on a speedup', () => {
  it('is the same for the same run (seeded) and holds the point estimate', () => {
    const base = [100, 104, 98, 101, 99];
    const cell = [50, 52, 49, 55, 51];
    const a = speedupInterval(base, cell, 42)!;
    const b = speedupInterval(base, cell, 42)!;
    expect(a).toEqual(b);
    expect(a.low).toBeLessThanOrEqual(100 / 51);
    expect(a.high).toBeGreaterThanOrEqual(100 / 51);
    expect(a.low).toBeGreaterThan(1.7);
    expect(a.high).toBeLessThan(2.2);
  });

  it('widens when the walls spread, and is absent with fewer than two walls on a side', () => {
    const tight = speedupInterval([100, 101, 99, 100], [50, 51, 49, 50], 7)!;
    const loose = speedupInterval([100, 140, 70, 100], [50, 80, 30, 50], 7)!;
    expect(loose.high - loose.low).toBeGreaterThan(tight.high - tight.low);
    expect(speedupInterval([100], [50, 51], 7)).toBeNull();
  });
});
