import { describe, expect, it } from 'vitest';
import os from 'node:os';
import { busyFractions, parseProcStat, readCoreTimes, startUtilizationSampler } from '../../../src-main/engine/utilization-sampler.ts';

describe('utilization sampler', () => {
  it('reads /proc/stat per core, counting iowait as idle', () => {
    const before = parseProcStat('cpu  9 0 9 9 0 0 0 0 0 0\ncpu0 100 0 50 800 50 0 0 0 0 0\ncpu1 0 0 0 1000 0 0 0 0 0 0\nintr 1 2\n');
    const after = parseProcStat('cpu0 160 0 70 820 50 0 0 0 0 0\ncpu1 0 0 0 1100 0 0 0 0 0 0\n');
    expect(before).toHaveLength(2);
    expect(busyFractions(before, after)).toEqual([0.8, 0]);
  });

  it('gives one figure per core this machine reports', () => {
    expect(readCoreTimes().length).toBeGreaterThanOrEqual(Math.min(os.cpus().length, os.availableParallelism()));
  });

  it('samples on the run’s clock until stopped, fractions within 0..1', async () => {
    const startNs = process.hrtime.bigint();
    const seen: number[] = [];
    const sampler = startUtilizationSampler({ startNs, intervalMs: 10, onSample: (s) => seen.push(s.tMs) });
    const until = Date.now() + 60;
    while (Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    const samples = sampler.stop();
    const count = samples.length;
    await new Promise((r) => setTimeout(r, 30));
    expect(samples).toHaveLength(count);
    expect(count).toBeGreaterThan(0);
    expect(seen).toEqual(samples.map((s) => s.tMs));
    for (let i = 0; i < samples.length; i++) {
      expect(samples[i].tMs).toBeGreaterThan(i ? samples[i - 1].tMs : 0);
      for (const f of samples[i].cores) expect(f >= 0 && f <= 1).toBe(true);
    }
  });
});
