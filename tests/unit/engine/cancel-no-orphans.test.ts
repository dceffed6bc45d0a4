// Cancelling a trial ends every worker and child, keeps the spans finished so far,
// and no child process outlives its trial — nor its parent, however that parent dies.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as wait } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { NODE_MODELS } from '../../../src-shared/models.ts';
import { NODE_RUNNERS } from '../../../src-main/engine/runners/index.ts';
import { recordingLauncher, spanProblems, trialContext } from './helpers.ts';
import { isAlive } from '../helpers/processes.ts';

describe.each(NODE_MODELS)('%s', (model) => {
  it('cancels mid-trial: status cancelled, spans so far, no child left', async () => {
    const controller = new AbortController();
    const launcher = recordingLauncher();
    const tasks = 400;
    const ctx = trialContext(model, { kind: 'sleep', ms: 5 }, { tasks, concurrency: 2, launcher, signal: controller.signal });
    // Cancel once the first spans have streamed in: the trial is surely under way.
    const onSpans = ctx.onSpans;
    ctx.onSpans = (spans) => {
      onSpans(spans);
      controller.abort();
    };
    const outcome = await NODE_RUNNERS[model](ctx);
    ctx.cleanup();
    expect(outcome.status).toBe('cancelled');
    expect(outcome.spans.toSpans().length).toBeGreaterThan(0);
    expect(outcome.spans.toSpans().length).toBeLessThan(tasks);
    expect(spanProblems(outcome, tasks, model === 'sequential' ? 1 : 2)).toEqual([]);
    expect(launcher.pids.length).toBe(model === 'processes' ? 2 : 0);
    expect(launcher.pids.filter(isAlive)).toEqual([]);
  });

  it('cancels while the pool is still starting', async () => {
    const controller = new AbortController();
    const launcher = recordingLauncher();
    const ctx = trialContext(model, { kind: 'sleep', ms: 5 }, { tasks: 4, concurrency: 2, launcher, signal: controller.signal });
    const pending = NODE_RUNNERS[model](ctx);
    controller.abort();
    const outcome = await pending;
    ctx.cleanup();
    expect(outcome.status).toBe('cancelled');
    expect(outcome.spans.toSpans()).toEqual([]);
    expect(launcher.pids.filter(isAlive)).toEqual([]);
  });

  it('starts nothing when cancelled before it begins', async () => {
    const launcher = recordingLauncher();
    const ctx = trialContext(model, { kind: 'sleep', ms: 5 }, { launcher, signal: AbortSignal.abort() });
    const outcome = await NODE_RUNNERS[model](ctx);
    ctx.cleanup();
    expect(outcome.status).toBe('cancelled');
    expect(launcher.pids).toEqual([]);
  });
});

it('a pool child exits by itself when its parent is killed', async () => {
  const parent = spawn(process.execPath, [new URL('./fixtures/parent-that-dies.ts', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(parent.stdout!, 'data')) as [Buffer];
  const childPid = Number(line.toString().trim());
  expect(isAlive(childPid)).toBe(true);
  parent.kill('SIGKILL');
  await once(parent, 'exit');
  // The child sees its IPC channel close and exits; poll rather than guess how long that takes.
  for (let i = 0; i < 200 && isAlive(childPid); i++) await wait(25);
  expect(isAlive(childPid)).toBe(false);
});
