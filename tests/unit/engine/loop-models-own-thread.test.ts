// sequential and async run on an event loop of their own (never the caller's), and
// async is cooperative: IO tasks overlap up to k, CPU tasks cannot overlap at all.
import { describe, expect, it } from 'vitest';
import { osThreadId } from '../../../src-main/engine/cpu-core.ts';
import { runExperiment } from '../../../src-main/engine/index.ts';
import { NODE_RUNNERS } from '../../../src-main/engine/runners/index.ts';
import { withSpanObjects, type Span, type TrialResult } from '../../../src-shared/result.ts';
import { validSpec } from '../helpers/specs.ts';
import { trialContext } from './helpers.ts';

/** The most spans open at one moment. */
function maxOverlap(spans: Span[]): number {
  const edges = spans.flatMap((s) => [
    [s.startMs, 1],
    [s.endMs, -1],
  ]);
  // At equal times an end comes first: back-to-back tasks do not overlap.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, d] of edges) most = Math.max(most, (open += d));
  return most;
}

describe('loop models', () => {
  it.each(['sequential', 'async'] as const)('%s runs its tasks on a thread other than the caller', async (model) => {
    const ctx = trialContext(model, { kind: 'primes', n: 2000 }, { tasks: 3 });
    const outcome = await NODE_RUNNERS[model](ctx);
    ctx.cleanup();
    expect(outcome.status).toBe('ok');
    const threads = new Set(outcome.spans.toSpans().map((s) => s.thread));
    expect(threads.size).toBe(1);
    expect(threads.has(osThreadId())).toBe(false);
  });

  it('async keeps up to k IO tasks in flight on its one loop', async () => {
    const ctx = trialContext('async', { kind: 'sleep', ms: 5 }, { tasks: 12, concurrency: 4 });
    const outcome = await NODE_RUNNERS.async(ctx);
    ctx.cleanup();
    expect(outcome.status).toBe('ok');
    expect(maxOverlap(outcome.spans.toSpans())).toBe(4);
    expect(new Set(outcome.spans.toSpans().map((s) => s.worker))).toEqual(new Set([0, 1, 2, 3]));
  });

  it('async gains nothing on CPU tasks: they run one after another', async () => {
    const ctx = trialContext('async', { kind: 'primes', n: 5000 }, { tasks: 8, concurrency: 4 });
    const outcome = await NODE_RUNNERS.async(ctx);
    ctx.cleanup();
    expect(outcome.status).toBe('ok');
    expect(maxOverlap(outcome.spans.toSpans())).toBe(1);
  });

  it('async reports event-loop delay and utilisation over the trial', async () => {
    const ctx = trialContext('async', { kind: 'mixed', cpuMs: 1, n: 20_000, waitMs: 2 }, { tasks: 6, concurrency: 3 });
    const outcome = await NODE_RUNNERS.async(ctx);
    ctx.cleanup();
    const figures = outcome.eventLoop!;
    expect(figures).toBeDefined();
    expect(figures.utilization).toBeGreaterThan(0);
    expect(figures.utilization).toBeLessThanOrEqual(1);
    expect(figures.delayP50Ms).toBeGreaterThanOrEqual(0);
    expect(figures.delayP99Ms).toBeGreaterThanOrEqual(figures.delayP50Ms);
    expect(figures.delayMaxMs).toBeGreaterThanOrEqual(figures.delayP99Ms);
  });

  it('sequential has no event-loop figures', async () => {
    const ctx = trialContext('sequential', { kind: 'sleep', ms: 1 }, { tasks: 2 });
    const outcome = await NODE_RUNNERS.sequential(ctx);
    ctx.cleanup();
    expect(outcome.eventLoop).toBeUndefined();
  });
});

describe('the loop worker of a run', () => {
  const spec = validSpec({ workload: { kind: 'sleep', ms: 1 }, tasks: 3, models: ['sequential', 'async'], concurrency: [1, 2], repetitions: 2, warmup: 1 });

  it('is started once, before the first trial: every sequential and async trial runs on it', async () => {
    const handed: TrialResult[] = [];
    const result = await runExperiment(spec, { onEvent: (e) => e.type === 'trial-data' && handed.push(withSpanObjects(e.trial)) });
    expect(result.status).toBe('completed');
    expect(result.trials.every((t) => t.status === 'ok')).toBe(true);
    const threads = new Set(handed.flatMap((t) => t.spans.map((s) => s.thread)));
    expect(threads.size).toBe(1);
    expect(threads.has(osThreadId())).toBe(false);
  });

  it('is replaced after a trial that broke it, and the next trials run on the new one', async () => {
    const order: { status: string; threads: number[] }[] = [];
    const seen = new Set<number>();
    const result = await runExperiment(spec, {
      faults: { 'sequential@1#0': { kind: 'crash', task: 1 } },
      onEvent: (e) => {
        // Warm-ups included: the threads a trial's tasks ran on, as its task batches report them.
        if (e.type === 'tasks') for (const s of e.spans) seen.add(s.thread ?? -1);
        if (e.type === 'trial-finished') {
          order.push({ status: e.trial.status, threads: [...seen] });
          seen.clear();
        }
      },
    });
    const failed = result.trials.filter((t) => t.status !== 'ok');
    expect(failed.map((t) => `${t.model}@${t.concurrency}#${t.repetition}`)).toEqual(['sequential@1#0']);
    expect(failed[0].error).toMatch(/loop worker \(thread \d+\) exited with code/);
    // The trials before the broken one (warm-ups included) ran on one worker, those after on another.
    const broken = order.findIndex((t) => t.status !== 'ok');
    const before = new Set(order.slice(0, broken).flatMap((t) => t.threads));
    const after = new Set(order.slice(broken + 1).flatMap((t) => t.threads));
    expect(before.size).toBe(1);
    expect(after.size).toBe(1);
    expect([...after][0]).not.toBe([...before][0]);
  });
});
