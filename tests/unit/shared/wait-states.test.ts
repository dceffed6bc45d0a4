// From readings to states: a span's three states always add up to its wall, a trial
// sums what was measured, the tail and processors used are what their names say.
import { describe, expect, it } from 'vitest';
import type { Span } from '../../../src-shared/result.ts';
import { processorsUsed, spanStates, stateShares, tailShare, trialStates } from '../../../src-shared/wait-states.ts';

const span = (task: number, worker: number, startMs: number, endMs: number, extra: Partial<Span> = {}): Span => ({ task, worker, startMs, endMs, ...extra });

/** Equal tasks of `ms` on k workers, back to back, as a pool with no hand-off cost would run them. */
function rounds(tasks: number, k: number, ms: number): Span[] {
  return Array.from({ length: tasks }, (_, t) => span(t, t % k, Math.floor(t / k) * ms, Math.floor(t / k) * ms + ms));
}

describe('wait states', () => {
  it('splits a span into running, waiting for a core and blocked, which add up to its wall', () => {
    expect(spanStates(span(0, 0, 1, 11, { runMs: 6, waitMs: 1.5 }))).toEqual({ running: 6, waiting: 1.5, blocked: 2.5 });
    // Readings from other clocks can overshoot the wall a little: clamped, never negative.
    expect(spanStates(span(0, 0, 0, 2, { runMs: 2.01, waitMs: 0.5 }))).toEqual({ running: 2, waiting: 0, blocked: 0 });
    // Off Linux there is no run-queue figure: waiting is unknown, not zero.
    expect(spanStates(span(0, 0, 0, 4, { runMs: 1 }))).toEqual({ running: 1, waiting: null, blocked: 3 });
    expect(spanStates(span(0, 0, 0, 4))).toBeUndefined();
  });

  it('sums a trial over the spans that were measured, and gives the hand-off median and p95', () => {
    const spans = [
      span(0, 0, 0, 10, { runMs: 8, waitMs: 2, handoffInMs: 0.02, handoffOutMs: 0.01 }),
      span(1, 1, 0, 10, { handoffInMs: 0.03, handoffOutMs: 0.01 }),
      span(2, 0, 10, 20, { runMs: 2, waitMs: 0, handoffInMs: 0.5, handoffOutMs: 0.5 }),
    ];
    const s = trialStates(spans, { contextSwitches: { voluntary: 3, involuntary: 1 } })!;
    expect(s).toMatchObject({ scope: 'tasks', runningMs: 10, waitingMs: 2, blockedMs: 8, measuredSpans: 2, spans: 3 });
    expect(s.handoffMs!.median).toBeCloseTo(0.04, 6);
    expect(s.handoffMs!.p95).toBeGreaterThan(0.9);
    expect(s.contextSwitches).toEqual({ voluntary: 3, involuntary: 1 });
  });

  it("reports the loop thread's states for a model whose tasks share it", () => {
    const s = trialStates([span(0, 0, 0, 50), span(1, 1, 0, 50)], { loop: { runMs: 5, waitMs: 5, wallMs: 50 } })!;
    expect(s).toMatchObject({ scope: 'loop', runningMs: 5, waitingMs: 5, blockedMs: 40, measuredSpans: 0 });
  });

  it('measures the tail: 10 equal tasks on 4 workers leave the last third of the wall part-empty; 8 do not', () => {
    expect(tailShare(rounds(10, 4, 10), 4, 30)).toBeCloseTo(1 / 3, 3);
    expect(tailShare(rounds(8, 4, 10), 4, 20)).toBe(0);
    expect(tailShare(rounds(5, 1, 10), 1, 50)).toBeNull();
    // Fewer tasks than workers: the most that can run at once is the task count.
    expect(tailShare(rounds(2, 4, 10), 4, 10)).toBe(0);
  });

  it('gives processors used as CPU ÷ wall and state shares over trials', () => {
    expect(processorsUsed({ cpuMs: 190, wallMs: 100 })).toBeCloseTo(1.9);
    expect(processorsUsed({ cpuMs: 10, wallMs: 0 })).toBeNull();
    const shares = stateShares([
      { states: { scope: 'tasks', runningMs: 30, waitingMs: 10, blockedMs: 60, measuredSpans: 3, spans: 3 } },
      { states: { scope: 'tasks', runningMs: 30, waitingMs: 10, blockedMs: 60, measuredSpans: 3, spans: 3 } },
      {},
    ])!;
    expect(shares).toEqual({ scope: 'tasks', running: 0.3, waiting: 0.1, blocked: 0.6 });
    expect(stateShares([{}])).toBeNull();
  });
});
