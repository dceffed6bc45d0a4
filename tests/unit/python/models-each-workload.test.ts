// Every Python model runs every workload kind in the real python3: one span per
// task, each task once, every span inside the trial, worker ids below k.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentInput } from '../../../src-shared/experiment.ts';
import { startLoopbackServer } from '../../../src-main/engine/http-server.ts';
import { runPythonTrial } from '../../../src-main/engine/python/index.ts';
import { PY_MODELS, pyTrial, spanProblems } from './helpers.ts';

const WORKLOADS: ExperimentInput['workload'][] = [
  { kind: 'primes', n: 2000 },
  { kind: 'hash', bytes: 4096, rounds: 20 },
  { kind: 'sleep', ms: 3 },
  { kind: 'http', latencyMs: 2, bytes: 3000 },
  { kind: 'file', bytes: 4096 },
  { kind: 'mixed', cpuMs: 1, waitMs: 2, n: 1000 },
];

let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());

describe.each(PY_MODELS)('%s', (model) => {
  it.each(WORKLOADS.map((w) => [w.kind, w] as const))('runs %s', async (_kind, workload) => {
    const tasks = 7;
    const k = model === 'py-sequential' ? 1 : 3;
    const ctx = pyTrial(model, workload, { tasks, concurrency: k, httpUrl: server.url });
    try {
      const outcome = await runPythonTrial(ctx);
      expect(outcome.error).toBeUndefined();
      expect(outcome.status).toBe('ok');
      expect(outcome.spans.toSpans()).toHaveLength(tasks);
      expect(spanProblems(outcome, tasks, k)).toEqual([]);
      // What was streamed is what was returned.
      expect(ctx.streamed.map((s) => s.task).sort()).toEqual(outcome.spans.toSpans().map((s) => s.task).sort());
      expect(outcome.wallMs).toBeGreaterThan(0);
      // Microseconds of work may not move the kernel's CPU clock (updated at ticks and
      // switches); counting is tested below with work that takes tens of milliseconds.
      expect(outcome.cpuMs).toBeGreaterThanOrEqual(0);
      for (const s of outcome.spans.toSpans()) {
        expect(s.pid).toBeGreaterThan(0);
        expect(s.thread).toBeGreaterThan(0);
      }
      if (model === 'py-multiprocessing') {
        // Workers are processes of their own, none of them the runner.
        expect(new Set(outcome.spans.toSpans().map((s) => s.pid)).size).toBeGreaterThanOrEqual(1);
        expect(outcome.spans.toSpans().every((s) => s.pid === s.thread)).toBe(true);
      }
      if (model === 'py-sequential' || model === 'py-asyncio') {
        // One thread runs every task (file IO under asyncio still reports the loop's thread).
        expect(new Set(outcome.spans.toSpans().map((s) => s.thread)).size).toBe(1);
      }
    } finally {
      ctx.cleanup();
    }
  });

  it('counts the CPU time that CPU-bound tasks spend', async () => {
    // 3 × primes below 30,000 in CPython: tens of milliseconds of CPU each.
    const k = model === 'py-sequential' ? 1 : 2;
    const ctx = pyTrial(model, { kind: 'primes', n: 30_000 }, { tasks: 3, concurrency: k });
    try {
      const outcome = await runPythonTrial(ctx);
      expect(outcome.status).toBe('ok');
      expect(outcome.cpuMs).toBeGreaterThan(0);
    } finally {
      ctx.cleanup();
    }
  });
});
