// Calibration in CPython gives the size of a CPU task of about taskMs in Python.
import { describe, expect, it } from 'vitest';
import { calibratePython } from '../../../src-main/engine/python/index.ts';

describe('calibratePython', () => {
  it('sizes primes as n', async () => {
    const c = await calibratePython('primes', 2);
    expect(Object.keys(c.params)).toEqual(['n']);
    expect(Number.isInteger(c.params.n) && c.params.n >= 2).toBe(true);
    expect(c.measuredMs).toBeGreaterThan(0);
  });

  it('sizes hash as bytes and rounds', async () => {
    const c = await calibratePython('hash', 2);
    expect(Object.keys(c.params).sort()).toEqual(['bytes', 'rounds']);
    expect(c.params.rounds).toBeGreaterThanOrEqual(1);
    expect(c.measuredMs).toBeGreaterThan(0);
  });

  it('sizes mixed by its CPU part, as primes below n', async () => {
    const c = await calibratePython('mixed', 2);
    expect(c.params.n).toBeGreaterThanOrEqual(2);
  });

  it('rejects with the reason when there is no interpreter', async () => {
    await expect(calibratePython('primes', 2, { executable: '/nonexistent/python3' })).rejects.toThrow(/not found: install Python 3\.9\+/);
  });

  it('rejects when cancelled', async () => {
    const controller = new AbortController();
    const pending = calibratePython('primes', 2000, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toThrow();
  });
});
