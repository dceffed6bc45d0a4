// A task that throws, crashes its worker or hangs (FaultPlan, honoured inside the
// real runner) fails its trial with the cause, and leaves no Python process behind.
import { describe, expect, it } from 'vitest';
import { runPythonTrialWith } from '../../../src-main/engine/python/python-runner.ts';
import { PY_MODELS, pyTrial } from './helpers.ts';
import { stillRunningAfter } from '../helpers/processes.ts';

describe.each(PY_MODELS)('%s', (model) => {
  const run = async (kind: 'throw' | 'crash' | 'hang', timeoutMs = 30_000) => {
    const pids: number[] = [];
    const ctx = pyTrial(model, { kind: 'sleep', ms: 1 }, { tasks: 6, concurrency: 2, timeoutMs, fault: { kind, task: 3 } });
    try {
      const outcome = await runPythonTrialWith(ctx, {
        onReady: (r) => pids.push(r.pid),
        onStarted: (s) => pids.push(...s.workers.map((w) => w.pid)),
      });
      return { outcome, left: await stillRunningAfter([...new Set(pids)], 1000) };
    } finally {
      ctx.cleanup();
    }
  };

  it('fails the trial when a task throws, naming the task and its error', async () => {
    const { outcome, left } = await run('throw');
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/task 3 failed: RuntimeError: injected fault: task 3 throws/);
    expect(outcome.spans.toSpans().length).toBeLessThan(6);
    expect(left).toEqual([]);
  });

  it('fails the trial when a task crashes its worker, with the exit code and the stderr tail', async () => {
    const { outcome, left } = await run('crash');
    expect(outcome.status).toBe('failed');
    if (model === 'py-multiprocessing') expect(outcome.error).toMatch(/task 3 crashed its worker: worker \d \(pid \d+\) exited with code 70/);
    // Threads, the loop and the sequential runner share the runner process: it is the runner that dies.
    else expect(outcome.error).toMatch(/the Python runner exited with code 70 before the trial finished/);
    expect(outcome.error).toMatch(/stderr:\n.*injected fault: crashing in task 3/);
    expect(left).toEqual([]);
  });

  it('times the trial out when a task hangs past timeoutMs', async () => {
    const { outcome, left } = await run('hang', 300);
    expect(outcome.status).toBe('timeout');
    expect(outcome.error).toMatch(/ran longer than timeoutMs \(300 ms\)/);
    expect(outcome.error).toMatch(/\b3\b/);
    expect(left).toEqual([]);
  });
});
