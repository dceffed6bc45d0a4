// CPython tasks are measured on their own threads too (time.thread_time_ns and the
// run queue): under the GIL, threads doing CPU work spend much of each task blocked
// waiting for it; separate processes do not.
import { describe, expect, it } from 'vitest';
import type { PythonModel } from '../../../src-shared/models.ts';
import type { TrialStates } from '../../../src-shared/result.ts';
import { trialStates } from '../../../src-shared/wait-states.ts';
import type { ExperimentInput } from '../../../src-shared/experiment.ts';
import { runPythonTrial } from '../../../src-main/engine/python/index.ts';
import { pyTrial } from './helpers.ts';

async function run(model: PythonModel, workload: ExperimentInput['workload'], k: number, tasks: number) {
  const ctx = pyTrial(model, workload, { concurrency: k, tasks });
  try {
    const o = await runPythonTrial(ctx);
    expect(o.status, o.error).toBe('ok');
    const s = trialStates(o.spans.toSpans(), { ...(o.loop ? { loop: o.loop } : {}), ...(o.contextSwitches ? { contextSwitches: o.contextSwitches } : {}) });
    expect(s).toBeDefined();
    return { outcome: o, states: s! };
  } finally {
    ctx.cleanup();
  }
}

const share = (s: TrialStates, part: number) => part / (s.runningMs + (s.waitingMs ?? 0) + s.blockedMs);

describe('Python wait states', () => {
  it('py-sequential: CPU work is measured on every task, and hardly blocked', async () => {
    const { states: s } = await run('py-sequential', { kind: 'primes', n: 12_000 }, 1, 6);
    expect(s.measuredSpans).toBe(6);
    expect(share(s, s.blockedMs)).toBeLessThan(0.25);
  });

  it('py-threading k = 2 on CPU work: threads take turns on one core (the GIL); py-multiprocessing tasks are never blocked', async () => {
    // Tasks of ~20 ms on a quiet core, several switch intervals (5 ms) each: at ~5 ms a task
    // could finish inside one turn with the GIL, and the share off the core ranged 0.28–0.5.
    const threads = await run('py-threading', { kind: 'primes', n: 30_000 }, 2, 8);
    const procs = await run('py-multiprocessing', { kind: 'primes', n: 30_000 }, 2, 8);
    const t = threads.states;
    // Under the GIL one thread runs at a time: the tasks' running time never adds up to more than the wall.
    expect(t.runningMs).toBeLessThan(threads.outcome.wallMs * 1.15);
    // Each task spends much of its time off the core: blocked on the GIL on a quiet machine; on a
    // busy one, much of the GIL hand-over turns into waiting for a core after the wake-up.
    expect(share(t, t.blockedMs + (t.waitingMs ?? 0))).toBeGreaterThan(0.3);
    // Processes share no lock: their CPU work is never blocked.
    expect(share(procs.states, procs.states.blockedMs)).toBeLessThan(0.25);
    expect(procs.states.handoffMs).toBeDefined();
    expect(procs.outcome.spans.toSpans().every((s) => s.handoffOutMs !== undefined)).toBe(true);
  });

  it('py-asyncio: the loop thread is measured over the trial', async () => {
    const { outcome, states: s } = await run('py-asyncio', { kind: 'sleep', ms: 10 }, 4, 8);
    expect(s.scope).toBe('loop');
    expect(outcome.spans.toSpans().every((span) => span.runMs === undefined)).toBe(true);
    expect(share(s, s.runningMs)).toBeLessThan(0.5);
  });
});
