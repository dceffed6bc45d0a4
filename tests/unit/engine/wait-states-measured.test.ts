// Every model measures where its tasks' time went, on the tasks' own threads: CPU work
// is on a core or waiting for one, never blocked; a sleep is blocked; pools say what a
// hand-off cost; async reports its loop thread instead of per-task states.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NodeModel } from '../../../src-shared/models.ts';
import type { TrialStates } from '../../../src-shared/result.ts';
import { spanStates, trialStates } from '../../../src-shared/wait-states.ts';
import { NODE_RUNNERS } from '../../../src-main/engine/runners/index.ts';
import type { TrialOutcome } from '../../../src-main/engine/types.ts';
import { trialContext } from './helpers.ts';
import type { ExperimentInput } from '../../../src-shared/experiment.ts';

const LINUX = existsSync('/proc/thread-self/schedstat');

async function run(model: NodeModel, workload: ExperimentInput['workload'], k: number, tasks: number, measureWaits = true) {
  const ctx = trialContext(model, workload, { concurrency: k, tasks, measureWaits });
  try {
    const outcome = await NODE_RUNNERS[model](ctx);
    expect(outcome.status, outcome.error).toBe('ok');
    return { outcome, states: states(outcome) };
  } finally {
    ctx.cleanup();
  }
}

function states(o: TrialOutcome): TrialStates {
  const s = trialStates(o.spans.toSpans(), { ...(o.loop ? { loop: o.loop } : {}), ...(o.contextSwitches ? { contextSwitches: o.contextSwitches } : {}) });
  expect(s).toBeDefined();
  return s!;
}

const share = (s: TrialStates, part: number) => part / (s.runningMs + (s.waitingMs ?? 0) + s.blockedMs);

describe('wait states measured per task', () => {
  for (const model of ['threads', 'processes', 'sequential'] as const) {
    it(`${model}: CPU work is running or waiting for a core, hardly ever blocked`, async () => {
      const { outcome, states: s } = await run(model, { kind: 'primes', n: 60_000 }, model === 'sequential' ? 1 : 2, 8);
      // Tasks of a few ms are each measured (only sub-millisecond ones are sampled).
      expect(s.measuredSpans).toBeGreaterThanOrEqual(7);
      expect(s.scope).toBe('tasks');
      expect(share(s, s.blockedMs)).toBeLessThan(0.25);
      if (LINUX) expect(s.waitingMs).not.toBeNull();
      for (const span of outcome.spans.toSpans()) {
        const st = spanStates(span);
        if (!st) continue;
        expect(st.running + (st.waiting ?? 0) + st.blocked).toBeCloseTo(span.endMs - span.startMs, 2);
      }
    });
  }

  it('threads: a sleeping task is off the core (blocked, then maybe waiting for a core to wake on), not running', async () => {
    const { states: s } = await run('threads', { kind: 'sleep', ms: 20 }, 2, 6);
    // How long a woken thread waits for a core depends on the machine's load; that it hardly ran does not.
    expect(share(s, s.runningMs)).toBeLessThan(0.2);
    expect(s.blockedMs).toBeGreaterThan(0);
  });

  it('pools: every span says what handing it to its worker and back cost', async () => {
    for (const model of ['threads', 'processes'] as const) {
      const { outcome, states: s } = await run(model, { kind: 'primes', n: 2000 }, 2, 40);
      for (const span of outcome.spans.toSpans()) {
        expect(span.handoffInMs).toBeGreaterThanOrEqual(0);
        expect(span.handoffOutMs).toBeGreaterThanOrEqual(0);
      }
      expect(s.handoffMs!.p95).toBeGreaterThanOrEqual(s.handoffMs!.median);
      expect(s.handoffMs!.median).toBeGreaterThan(0);
    }
  });

  it('tiny tasks are sampled (about 1 in 32), so measuring costs little', async () => {
    const { states: s } = await run('threads', { kind: 'primes', n: 50 }, 2, 3200);
    expect(s.measuredSpans).toBeGreaterThanOrEqual(3200 / 32 - 2);
    expect(s.measuredSpans).toBeLessThan(3200 / 4);
  });

  it('async: tasks share one thread, so the loop thread is measured over the trial, not per task', async () => {
    const { outcome, states: s } = await run('async', { kind: 'sleep', ms: 10 }, 4, 12);
    expect(s.scope).toBe('loop');
    expect(outcome.spans.toSpans().every((span) => span.runMs === undefined)).toBe(true);
    // Four sleeps at a time: the loop runs a fraction of the wall and is idle for some of it.
    expect(share(s, s.runningMs)).toBeLessThan(0.5);
    expect(s.blockedMs).toBeGreaterThan(0);
  });

  it('with measuring off (the bench baseline), no span carries wait states', async () => {
    const { outcome } = await run('threads', { kind: 'primes', n: 20_000 }, 2, 6, false);
    expect(outcome.spans.toSpans().some((span) => span.runMs !== undefined || span.waitMs !== undefined)).toBe(false);
  });

  it.runIf(LINUX)('reports the context switches of the threads that ran tasks (Linux)', async () => {
    const { outcome } = await run('threads', { kind: 'sleep', ms: 5 }, 2, 6);
    // Each sleep gives up the core at least once: voluntary switches.
    expect(outcome.contextSwitches!.voluntary).toBeGreaterThanOrEqual(6);
  });
});
