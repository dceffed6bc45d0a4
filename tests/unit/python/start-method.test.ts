// py-multiprocessing starts its pool the way the spec asks (spawn, fork, forkserver)
// or the platform's default, and every start method runs the same trial.
import { describe, expect, it } from 'vitest';
import { runPythonTrialWith } from '../../../src-main/engine/python/python-runner.ts';
import { pyTrial, spanProblems } from './helpers.ts';

const METHODS = process.platform === 'win32' ? (['spawn'] as const) : (['spawn', 'fork', 'forkserver'] as const);

describe('py-multiprocessing start methods', () => {
  it.each(METHODS)('starts k distinct workers with %s', async (startMethod) => {
    const ctx = pyTrial('py-multiprocessing', { kind: 'primes', n: 500 }, { tasks: 6, concurrency: 3, python: { startMethod } });
    let used: string | null = null;
    let workers: number[] = [];
    const outcome = await runPythonTrialWith(ctx, {
      onReady: (r) => (used = r.startMethod),
      onStarted: (s) => (workers = s.workers.map((w) => w.pid)),
    });
    ctx.cleanup();
    expect(outcome.status).toBe('ok');
    expect(used).toBe(startMethod);
    expect(new Set(workers).size).toBe(3);
    expect(spanProblems(outcome, 6, 3)).toEqual([]);
    // Start-up is measured apart from the wall, and a process pool always costs some.
    expect(outcome.startupMs).toBeGreaterThan(0);
  });

  it('uses the platform default when the spec names none', async () => {
    const ctx = pyTrial('py-multiprocessing', { kind: 'sleep', ms: 0 }, { tasks: 2, concurrency: 2 });
    let used: string | null = null;
    const outcome = await runPythonTrialWith(ctx, { onReady: (r) => (used = r.startMethod) });
    ctx.cleanup();
    expect(outcome.status).toBe('ok');
    expect(['fork', 'spawn', 'forkserver']).toContain(used);
  });
});
