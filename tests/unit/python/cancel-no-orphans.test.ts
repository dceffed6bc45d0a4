// Cancelling a Python trial ends the runner and every worker process within a
// second, keeps the spans finished so far, and reports the trial cancelled.
import { describe, expect, it } from 'vitest';
import { runPythonTrialWith } from '../../../src-main/engine/python/python-runner.ts';
import { PY_MODELS, pyTrial } from './helpers.ts';
import { isRunning, stillRunningAfter } from '../helpers/processes.ts';

describe.each(PY_MODELS)('%s', (model) => {
  it('cancels mid-trial, keeps finished spans, leaves no Python process alive', async () => {
    const controller = new AbortController();
    const pids: number[] = [];
    const ctx = pyTrial(model, { kind: 'sleep', ms: 40 }, {
      tasks: 200,
      concurrency: 2,
      signal: controller.signal,
      onSpans: () => {
        // Cancel once some tasks have finished, so there are spans to keep.
        if (!controller.signal.aborted) setTimeout(() => controller.abort(), 30);
      },
    });
    try {
      const outcome = await runPythonTrialWith(ctx, {
        onReady: (r) => pids.push(r.pid),
        onStarted: (s) => pids.push(...s.workers.map((w) => w.pid)),
      });
      expect(outcome.status).toBe('cancelled');
      expect(outcome.spans.toSpans().length).toBeGreaterThan(0);
      expect(outcome.spans.toSpans().length).toBeLessThan(200);
      expect(new Set(outcome.spans.toSpans().map((s) => s.task)).size).toBe(outcome.spans.toSpans().length);
      expect(pids.length).toBeGreaterThanOrEqual(model === 'py-multiprocessing' ? 3 : 1);
      // Gone by the time the runner resolves, give or take the kernel's bookkeeping.
      expect(await stillRunningAfter([...new Set(pids)], 1000)).toEqual([]);
    } finally {
      ctx.cleanup();
    }
  });
});

it('answers a trial cancelled before it starts without starting Python', async () => {
  const controller = new AbortController();
  controller.abort();
  let spawned = false;
  const ctx = pyTrial('py-threading', { kind: 'sleep', ms: 1 }, { signal: controller.signal });
  const outcome = await runPythonTrialWith(ctx, { onSpawn: () => (spawned = true) });
  ctx.cleanup();
  expect(outcome.status).toBe('cancelled');
  expect(spawned).toBe(false);
  expect(isRunning(process.pid)).toBe(true);
});
