// The time estimate: each model runs as many tasks at once as it can, CPU work is
// capped by the cores (and by one event loop), and unknown sizes give no estimate.
import { describe, expect, it } from 'vitest';
import { CALIBRATION_MS, estimateRunMs, trialWallMs } from '../../../src-shared/estimate.ts';
import { validSpec } from '../helpers/specs.ts';

describe('estimate', () => {
  it('overlaps waits but not CPU on one event loop', () => {
    const cpu = { cpuMs: 10, waitMs: 0 };
    const io = { cpuMs: 0, waitMs: 10 };
    expect(trialWallMs('sequential', 1, 8, io, 2)).toBe(80);
    expect(trialWallMs('async', 4, 8, io, 2)).toBe(20);
    expect(trialWallMs('async', 4, 8, cpu, 2)).toBe(80);
    expect(trialWallMs('threads', 4, 8, cpu, 2)).toBe(40);
    expect(trialWallMs('py-threading', 4, 8, cpu, 2)).toBe(80);
  });

  it('lets free-threaded Python threads use the cores, as the verdicts do', () => {
    const cpu = { cpuMs: 10, waitMs: 0 };
    expect(trialWallMs('py-threading', 4, 8, cpu, 2, { gilEnabled: true })).toBe(80);
    expect(trialWallMs('py-threading', 4, 8, cpu, 2, { gilEnabled: false })).toBe(40);
  });

  it('adds up every planned trial, warm-ups included', () => {
    const one = estimateRunMs(validSpec({ workload: { kind: 'sleep', ms: 10 }, tasks: 10, models: ['sequential'], concurrency: [1], repetitions: 1, warmup: 0 }), 2)!;
    const four = estimateRunMs(validSpec({ workload: { kind: 'sleep', ms: 10 }, tasks: 10, models: ['sequential'], concurrency: [1], repetitions: 2, warmup: 2 }), 2)!;
    expect(one).toBeGreaterThanOrEqual(100);
    // Three trials more, each at least its 100 ms of sleeping (the loop worker starts once per run).
    expect(four - one).toBeGreaterThanOrEqual(300);
  });

  it('has no estimate for a fixed CPU size never measured, and one when measured', () => {
    const s = validSpec({ workload: { kind: 'primes', n: 1000 }, tasks: 4, models: ['threads'], concurrency: [2] });
    expect(estimateRunMs(s, 2)).toBeNull();
    // A measured 5 ms per task costs what a spec asking for 5 ms per task does, less that spec's calibration.
    const asked = validSpec({ workload: { kind: 'primes', taskMs: 5 }, tasks: 4, models: ['threads'], concurrency: [2] });
    expect(estimateRunMs(s, 2, 5)).toBe(estimateRunMs(asked, 2)! - CALIBRATION_MS);
  });
});
