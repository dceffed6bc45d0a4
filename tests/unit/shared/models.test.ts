// The model vocabulary: what runs a model's tasks, and how many CPU lanes it has on a
// machine given its interpreter. The estimate and the verdicts both read it.
import { describe, expect, it } from 'vitest';
import { cpuLanes, describeLevel, holdsGil, MODEL_INFO, MODELS, startupAt } from '../../../src-shared/models.ts';

const GIL = { gilEnabled: true };
const FREE = { gilEnabled: false };

describe('models', () => {
  it('gives one lane to sequential, event loops and GIL-bound threads, whatever k', () => {
    for (const m of ['sequential', 'async', 'py-sequential', 'py-asyncio'] as const) expect(cpuLanes(m, 8, 4)).toBe(1);
    expect(cpuLanes('py-threading', 8, 4, GIL)).toBe(1);
    // An interpreter not known to run without the GIL is taken to hold it.
    expect(cpuLanes('py-threading', 8, 4)).toBe(1);
    expect(cpuLanes('py-threading', 8, 4, { gilEnabled: null })).toBe(1);
  });

  it('gives pools k lanes up to the logical cores, and free-threaded Python threads too', () => {
    expect(cpuLanes('threads', 2, 4)).toBe(2);
    expect(cpuLanes('threads', 8, 4)).toBe(4);
    expect(cpuLanes('processes', 8, 4)).toBe(4);
    expect(cpuLanes('py-multiprocessing', 3, 4, GIL)).toBe(3);
    expect(cpuLanes('py-threading', 8, 4, FREE)).toBe(4);
    expect(holdsGil('py-threading', FREE)).toBe(false);
    expect(holdsGil('threads', GIL)).toBe(false);
  });

  it("says what a trial does before its tasks run, with the trial's k", () => {
    expect(startupAt('threads', 8)).toBe('starting a pool of 8 worker threads');
    expect(startupAt('processes', 2)).toBe('starting a pool of 2 child processes');
    expect(startupAt('async', 16)).toBe("setting up the 16 tasks on the run's loop worker (the worker itself is started once per run, not counted)");
    // Only k as a word is replaced: every model's sentence reads without a stray "k".
    for (const m of MODELS) expect(startupAt(m, 3)).not.toMatch(/\bk\b/);
  });

  it('says what k counts in each kind of runner', () => {
    expect(describeLevel('async', 1)).toBe('1 task in flight');
    expect(describeLevel('py-asyncio', 8)).toBe('8 tasks in flight');
    expect(describeLevel('threads', 2)).toBe('2 workers');
    expect(describeLevel('py-multiprocessing', 1)).toBe('1 process');
  });

  it('has a runner, a short name and a label for every model, baselines of its own runtime', () => {
    for (const m of MODELS) {
      const info = MODEL_INFO[m];
      expect(info.short.length).toBeGreaterThan(0);
      expect(MODEL_INFO[info.baseline].runner).toBe('sequential');
      expect(MODEL_INFO[info.baseline].runtime).toBe(info.runtime);
    }
  });
});
