// Every Node model runs every workload kind to completion, with one span per task,
// each inside its trial, on a worker below k.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_MODELS } from '../../../src-shared/models.ts';
import type { ExperimentInput } from '../../../src-shared/experiment.ts';
import type { Span } from '../../../src-shared/result.ts';
import { startLoopbackServer } from '../../../src-main/engine/http-server.ts';
import { NODE_RUNNERS } from '../../../src-main/engine/runners/index.ts';
import { spanProblems, trialContext } from './helpers.ts';

const WORKLOADS: ExperimentInput['workload'][] = [
  { kind: 'primes', n: 3000 },
  { kind: 'hash', bytes: 4096, rounds: 4 },
  { kind: 'sleep', ms: 2 },
  { kind: 'http', latencyMs: 1, bytes: 2048 },
  { kind: 'file', bytes: 4096 },
  { kind: 'mixed', cpuMs: 1, waitMs: 1, n: 2000 },
];

let server: Awaited<ReturnType<typeof startLoopbackServer>>;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());

describe.each(NODE_MODELS)('%s', (model) => {
  it.each(WORKLOADS.map((w) => [w.kind, w] as const))('runs %s', async (_kind, workload) => {
    const tasks = 5;
    const concurrency = 2;
    const ctx = trialContext(model, workload, { tasks, concurrency, httpUrl: server.url });
    try {
      const outcome = await NODE_RUNNERS[model](ctx);
      expect(outcome.error).toBeUndefined();
      expect(outcome.status).toBe('ok');
      expect(outcome.spans.toSpans()).toHaveLength(tasks);
      expect(spanProblems(outcome, tasks, model === 'sequential' ? 1 : concurrency)).toEqual([]);
      expect(outcome.spans.toSpans().map((s) => s.task).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
      // Streamed in batches as they finished, the same spans the outcome holds.
      expect([...ctx.streamed].sort((a, b) => a.task - b.task)).toEqual([...outcome.spans.toSpans()].sort((a, b) => a.task - b.task));
      expect(outcome.startupMs).toBeGreaterThan(0);
      // These tasks take microseconds: the kernel brings a running thread's CPU clock up to
      // date only at ticks and switches, so it may not have moved. Counting is tested below.
      expect(outcome.cpuMs).toBeGreaterThanOrEqual(0);
      expect(outcome.peakRssBytes).toBeGreaterThan(0);
      for (const span of outcome.spans.toSpans()) {
        expect(span.pid).toBeGreaterThan(0);
        expect(span.thread).toBeGreaterThan(0);
      }
      if (model === 'sequential' || model === 'threads') expect(outcome.spans.toSpans().every((s) => s.pid === process.pid)).toBe(true);
      if (model === 'processes') expect(outcome.spans.toSpans().some((s) => s.pid === process.pid)).toBe(false);
    } finally {
      ctx.cleanup();
    }
  });

  it('counts the CPU time that CPU-bound tasks spend', async () => {
    // 4 × primes below 200,000: tens of milliseconds of CPU, many kernel ticks.
    const ctx = trialContext(model, { kind: 'primes', n: 200_000 }, { tasks: 4, concurrency: 2 });
    try {
      const outcome = await NODE_RUNNERS[model](ctx);
      expect(outcome.status).toBe('ok');
      expect(outcome.cpuMs).toBeGreaterThan(0);
    } finally {
      ctx.cleanup();
    }
  });

  it('runs each worker one task at a time', async () => {
    const ctx = trialContext(model, { kind: 'sleep', ms: 1 }, { tasks: 8, concurrency: 3 });
    const outcome = await NODE_RUNNERS[model](ctx);
    ctx.cleanup();
    expect(outcome.status).toBe('ok');
    const byWorker = new Map<number, Span[]>();
    for (const s of outcome.spans.toSpans()) byWorker.set(s.worker, [...(byWorker.get(s.worker) ?? []), s]);
    for (const spans of byWorker.values()) {
      spans.sort((a, b) => a.startMs - b.startMs);
      for (let i = 1; i < spans.length; i++) expect(spans[i].startMs).toBeGreaterThanOrEqual(spans[i - 1].endMs);
    }
  });

});
