// calibrateNode finds a size for a target time per task, on a worker thread.
import { describe, expect, it } from 'vitest';
import { calibrateNode } from '../../../src-main/engine/calibrate.ts';
import { sizeForTime } from '../../../src-main/engine/workloads/size-for-time.ts';

describe('calibrateNode', () => {
  it('gives primes an n and a measured time', async () => {
    const c = await calibrateNode('primes', 3);
    expect(Object.keys(c.params)).toEqual(['n']);
    expect(Number.isInteger(c.params.n) && c.params.n >= 2).toBe(true);
    expect(c.measuredMs).toBeGreaterThan(0);
  });

  it('gives mixed an n for its CPU part', async () => {
    const c = await calibrateNode('mixed', 2);
    expect(Object.keys(c.params)).toEqual(['n']);
    expect(c.params.n).toBeGreaterThanOrEqual(2);
    expect(c.measuredMs).toBeGreaterThan(0);
  });

  it('gives hash a fixed buffer and calibrated rounds', async () => {
    const c = await calibrateNode('hash', 3);
    expect(c.params.bytes).toBe(64 * 1024);
    expect(Number.isInteger(c.params.rounds) && c.params.rounds >= 1).toBe(true);
    expect(c.measuredMs).toBeGreaterThan(0);
  });

  it('asks for more work for a longer target', async () => {
    // Sizes, not times: n for 20 ms cannot come out below n for 0.2 ms on any machine.
    expect((await sizeForTime('primes', 20)).params.n).toBeGreaterThan((await sizeForTime('primes', 0.2)).params.n);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const pending = calibrateNode('primes', 2000, { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });

  it('refuses a target that is not a positive time', async () => {
    await expect(calibrateNode('primes', 0)).rejects.toThrow(/taskMs must be a positive number/);
    await expect(calibrateNode('hash', Number.NaN)).rejects.toThrow(/taskMs/);
  });
});
