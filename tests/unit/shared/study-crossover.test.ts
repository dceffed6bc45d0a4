// Crossovers on made-up curves: interpolation on the log scale, the bounds the intervals
// allow, and the two cases without a crossing ("never faster", "faster at every size").
import { describe, expect, it } from 'vitest';
import { crossing, crossingBelow, crossingSettled, overtakes, plateauFrom, type CurvePoint } from '../../../src-shared/crossover.ts';
import { describeCrossing } from '../../../src-shared/study-analysis.ts';

const ms = (x: number) => `${Number(x.toPrecision(3))} ms`;

describe('crossing on the log scale', () => {
  it('interpolates between the two sizes that straddle 1×, in log(size)', () => {
    // 0.5× at 0.1 ms, 1.5× at 1 ms: halfway in speedup is halfway in log size, √(0.1 · 1) ≈ 0.316 ms.
    const c = crossing([{ x: 0.1, y: 0.5 }, { x: 1, y: 1.5 }, { x: 10, y: 1.9 }], 1, 'log');
    expect(c.kind).toBe('crosses');
    expect(c.at).toBeCloseTo(Math.sqrt(0.1), 6);
    // Without intervals the bounds are the point itself.
    expect(c.earliest).toEqual({ kind: 'at', x: c.at });
    expect(c.latest).toEqual({ kind: 'at', x: c.at });
  });

  it('gives a different answer from a linear interpolation (the axis matters)', () => {
    const pts = [{ x: 0.1, y: 0.5 }, { x: 1, y: 1.5 }];
    expect(crossing(pts, 1, 'linear').at).toBeCloseTo(0.55, 6);
    expect(crossing(pts, 1, 'log').at).not.toBeCloseTo(0.55, 2);
  });

  it('takes its bounds from the intervals: the upper curve crosses first, the lower last', () => {
    const pts: CurvePoint[] = [
      { x: 0.1, y: 0.6, low: 0.5, high: 0.9 },
      { x: 1, y: 1.2, low: 0.95, high: 1.4 },
      { x: 10, y: 1.8, low: 1.6, high: 2 },
    ];
    const c = crossing(pts, 1, 'log');
    expect(c.kind).toBe('crosses');
    const at = c.at!;
    expect(c.earliest.kind).toBe('at');
    expect(c.latest.kind).toBe('at');
    const early = (c.earliest as { x: number }).x;
    const late = (c.latest as { x: number }).x;
    expect(early).toBeLessThan(at);
    expect(late).toBeGreaterThan(at);
    // The lower curve is at or below 1 until 1 ms, so it crosses between 1 and 10 ms.
    expect(late).toBeGreaterThan(1);
    expect(late).toBeLessThan(10);
  });

  it('says "never faster in the range tried" for a curve that never gets above 1', () => {
    const c = crossing([{ x: 0.1, y: 0.2 }, { x: 1, y: 0.6 }, { x: 10, y: 0.98 }], 1, 'log');
    expect(c.kind).toBe('never');
    expect(c.at).toBeNull();
    expect(c.latest).toEqual({ kind: 'above-range' });
    expect(describeCrossing(c, ms, 'faster than sequential', 'size')).toBe('never faster than sequential in the range tried (0.1 ms to 10 ms)');
  });

  it('says "faster at every size tried" for a curve above 1 everywhere', () => {
    const c = crossing([{ x: 10, y: 1.9 }, { x: 0.1, y: 1.1 }, { x: 1, y: 1.6 }], 1, 'log');
    expect(c.kind).toBe('always');
    expect(c.earliest).toEqual({ kind: 'below-range' });
    expect(describeCrossing(c, ms, 'faster than sequential', 'size')).toBe('faster than sequential at every size tried (0.1 ms to 10 ms)');
  });

  it('a crossing whose intervals reach past both ends of the range is not given as a finding', () => {
    // Async on CPU work, on a quiet 2-core machine: the medians cross at 0.11 ms, the intervals anywhere.
    const c = crossing(
      [
        { x: 0.1, y: 0.98, low: 0.7, high: 1.4 },
        { x: 1, y: 1.05, low: 0.8, high: 1.3 },
        { x: 30, y: 1.3, low: 0.75, high: 1.6 },
      ],
      1,
      'log',
    );
    expect(c.kind).toBe('crosses');
    expect(c.earliest).toEqual({ kind: 'below-range' });
    expect(c.latest).toEqual({ kind: 'above-range' });
    expect(describeCrossing(c, ms, 'faster than sequential', 'size')).toMatch(
      /^faster than sequential from 0\.\d+ ms by the medians, though the intervals do not settle it \(anywhere from below 0\.1 ms to above 30 ms\)$/,
    );
  });

  it('a never-faster curve whose intervals reach above 1 says where it might pay', () => {
    const c = crossing([{ x: 1, y: 0.8, low: 0.7, high: 0.9 }, { x: 10, y: 0.95, low: 0.8, high: 1.1 }], 1, 'log');
    expect(c.kind).toBe('never');
    expect(c.earliest.kind).toBe('at');
    expect(describeCrossing(c, ms, 'faster')).toMatch(/^never faster in the range tried .*perhaps from 3\.\d+ ms$/);
  });

  it('a dip back below 1 moves the crossing past the dip: "from" means it stays faster', () => {
    const c = crossing([{ x: 0.1, y: 0.5 }, { x: 0.3, y: 1.2 }, { x: 1, y: 0.9 }, { x: 3, y: 1.5 }], 1, 'log');
    expect(c.kind).toBe('crosses');
    expect(c.at!).toBeGreaterThan(1);
    expect(c.at!).toBeLessThan(3);
  });

  it('refuses an empty curve', () => {
    expect(() => crossing([], 1, 'log')).toThrow(RangeError);
  });
});

describe('a crossing the intervals settle', () => {
  it('is not settled when the intervals reach past both ends of the range', () => {
    // Medians cross between 1 and 10, but each interval straddles 1 at every size.
    const wide = crossing([{ x: 1, y: 0.9, low: 0.5, high: 1.5 }, { x: 10, y: 1.1, low: 0.6, high: 1.6 }], 1, 'log');
    expect(wide.kind).toBe('crosses');
    expect(crossingSettled(wide)).toBe(false);
    const tight = crossing([{ x: 1, y: 0.9, low: 0.85, high: 0.95 }, { x: 10, y: 1.1, low: 1.05, high: 1.15 }], 1, 'log');
    expect(tight.kind).toBe('crosses');
    expect(crossingSettled(tight)).toBe(true);
    expect(crossingSettled(crossing([{ x: 1, y: 1.5 }, { x: 10, y: 2 }], 1, 'log'))).toBe(true);
  });
});

describe('the 90% point', () => {
  it('is where the curve reaches 90% of its speedup at the largest size', () => {
    // Large-task speedup 2.0: 90% is 1.8, reached between 1 ms (1.4) and 10 ms (2.0): 1.8 is 2/3 of the way in log.
    const p = plateauFrom([{ x: 0.1, y: 0.5 }, { x: 1, y: 1.4 }, { x: 10, y: 2 }], 'log');
    expect(p?.kind).toBe('crosses');
    expect(p?.target).toBeCloseTo(1.8, 9);
    expect(p!.at).toBeCloseTo(10 ** (2 / 3), 6);
  });

  it('is absent when the largest size has no speedup to reach', () => {
    expect(plateauFrom([{ x: 1, y: 0.5 }, { x: 10, y: 0.9 }], 'log')).toBeNull();
  });

  it('is absent when the largest size\'s speedup is within noise of none (its interval reaches 1)', () => {
    // A 1.04x whose interval runs from 0.95x to 1.12x: "90% of its large-task speedup (1.0x)" would state noise.
    expect(plateauFrom([{ x: 1, y: 0.5 }, { x: 10, y: 1.04, low: 0.95, high: 1.12 }], 'log')).toBeNull();
    // The same median with an interval clear of 1 is a speedup to reach.
    expect(plateauFrom([{ x: 1, y: 0.5 }, { x: 10, y: 1.04, low: 1.01, high: 1.07 }], 'log')).not.toBeNull();
  });
});

describe('overtaking and stopping to help (CPU share, linear)', () => {
  it('finds where one curve comes to stay above another, on the values both measured', () => {
    const mp = [{ x: 0, y: 1.5 }, { x: 0.5, y: 1.7 }, { x: 1, y: 1.9 }];
    const th = [{ x: 0, y: 3.5 }, { x: 0.5, y: 1.5 }, { x: 1, y: 1 }];
    const c = overtakes(mp, th, 'linear')!;
    expect(c.kind).toBe('crosses');
    // Difference −2 at 0, +0.2 at 0.5: crosses at 0.5 · 2 / 2.2.
    expect(c.at).toBeCloseTo((0.5 * 2) / 2.2, 9);
    expect(overtakes(mp, [{ x: 0.25, y: 1 }], 'linear')).toBeNull();
  });

  it('finds where a curve comes to stay below a level', () => {
    const c = crossingBelow([{ x: 0, y: 3.8 }, { x: 0.5, y: 1.6 }, { x: 1, y: 1 }], 1.2, 'linear');
    expect(c.kind).toBe('crosses');
    expect(c.at).toBeCloseTo(0.5 + 0.5 * (0.4 / 0.6), 9);
  });
});
