// A task that throws, a worker or child that crashes, and a task that hangs each end
// their trial with a status and a cause — never a throw — and leave nothing running.
import { describe, expect, it } from 'vitest';
import { NODE_MODELS } from '../../../src-shared/models.ts';
import { NODE_RUNNERS } from '../../../src-main/engine/runners/index.ts';
import { recordingLauncher, spanProblems, trialContext } from './helpers.ts';
import { isAlive } from '../helpers/processes.ts';

const SLEEP = { kind: 'sleep', ms: 2 } as const;

describe.each(NODE_MODELS)('%s', (model) => {
  const workers = model === 'sequential' ? 1 : 2;

  it('fails the trial when a task throws, naming the task and its message', async () => {
    const launcher = recordingLauncher();
    const ctx = trialContext(model, SLEEP, { tasks: 6, concurrency: 2, launcher, fault: { kind: 'throw', task: 3 } });
    const outcome = await NODE_RUNNERS[model](ctx);
    ctx.cleanup();
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/task 3 .*injected fault: task 3 throws/);
    expect(outcome.spans.toSpans().some((s) => s.task === 3)).toBe(false);
    expect(spanProblems(outcome, 6, workers)).toEqual([]);
    expect(launcher.pids.filter(isAlive)).toEqual([]);
  });

  it('fails the trial when its worker crashes, naming the worker and the exit code', async () => {
    const launcher = recordingLauncher();
    const ctx = trialContext(model, SLEEP, { tasks: 6, concurrency: 2, launcher, fault: { kind: 'crash', task: 2 } });
    const outcome = await NODE_RUNNERS[model](ctx);
    ctx.cleanup();
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/exited with code 70 while running (task 2|tasks [\d, ]*2)/);
    if (model === 'processes') {
      expect(outcome.error).toMatch(/process worker \d \(pid \d+\)/);
      // The child's last words reach the message through its stderr tail.
      expect(outcome.error).toMatch(/stderr: injected fault: crashing in task 2/);
    } else {
      expect(outcome.error).toMatch(/(thread worker \d|loop worker) \(thread \d+\)/);
    }
    expect(spanProblems(outcome, 6, workers)).toEqual([]);
    expect(launcher.pids.length).toBe(model === 'processes' ? 2 : 0);
    expect(launcher.pids.filter(isAlive)).toEqual([]);
  });

  it('times the trial out when a task runs past timeoutMs, and ends the stuck worker', async () => {
    const launcher = recordingLauncher();
    const ctx = trialContext(model, SLEEP, { tasks: 6, concurrency: 2, timeoutMs: 300, launcher, fault: { kind: 'hang', task: 1 } });
    const outcome = await NODE_RUNNERS[model](ctx);
    ctx.cleanup();
    expect(outcome.status).toBe('timeout');
    expect(outcome.error).toMatch(/task 1 ran over the 300 ms timeout/);
    expect(spanProblems(outcome, 6, workers)).toEqual([]);
    expect(launcher.pids.filter(isAlive)).toEqual([]);
  });

  it('times out a task that blocks its thread with CPU work', async () => {
    const ctx = trialContext(model, { kind: 'primes', n: 50_000_000 }, { tasks: 2, concurrency: 2, timeoutMs: 200 });
    const outcome = await NODE_RUNNERS[model](ctx);
    ctx.cleanup();
    expect(outcome.status).toBe('timeout');
    expect(outcome.error).toMatch(/ran over the 200 ms timeout/);
  });

  it('runs the next trial normally after a fault', async () => {
    const bad = trialContext(model, SLEEP, { tasks: 4, fault: { kind: 'crash', task: 0 } });
    expect((await NODE_RUNNERS[model](bad)).status).toBe('failed');
    bad.cleanup();
    const good = trialContext(model, SLEEP, { tasks: 4 });
    const outcome = await NODE_RUNNERS[model](good);
    good.cleanup();
    expect(outcome.status).toBe('ok');
    expect(outcome.spans.toSpans()).toHaveLength(4);
  });
});

it('fails a processes trial whose children cannot start, with their stderr', async () => {
  const ctx = trialContext('processes', SLEEP, {
    tasks: 2,
    launcher: {
      kind: 'child_process',
      launch: (_path, options) => recordingLauncher().launch('/nonexistent/child.ts', options),
    },
  });
  const outcome = await NODE_RUNNERS.processes(ctx);
  ctx.cleanup();
  expect(outcome.status).toBe('failed');
  expect(outcome.error).toMatch(/process worker \d \(pid \d+\) exited with code 1 before it was ready: stderr: .*Cannot find module/s);
});
