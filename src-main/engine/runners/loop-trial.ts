// The parent side of `sequential` and `async`: a trial on the run's loop worker (see
// loop-workers.ts), a watchdog that reads the worker's in-flight slots from shared memory
// (so a task that blocks the loop still times out), and every fault turned into an outcome.
import { freeColumns, SpanTable } from '../../../src-shared/span-table.ts';
import { msBetween, nowNs } from '../clock.ts';
import { errorMessage } from '../pools/protocol.ts';
import type { ModelRunner, TrialContext, TrialOutcome } from '../types.ts';
import { LoopWorkers } from './loop-workers.ts';
import { slotBytes, slotViews, type FromLoop, type LoopModel, type ToLoop } from './loop-protocol.ts';
import { endedEarly, startPeakRss, usToMs } from './outcome.ts';

const MIN_START_CAP_MS = 30_000;

type Ended =
  /** Ready (start phase) or done (run phase, with the loop's own figures). */
  | { status: 'ok'; done?: Extract<FromLoop, { type: 'done' }> }
  | { status: 'failed' | 'timeout'; error: string }
  | { status: 'cancelled' };

export function loopRunner(model: LoopModel): ModelRunner {
  return async (ctx) => {
    // Called on its own (not from runExperiment), a trial starts and ends a worker of its own.
    const workers = ctx.loopWorkers ?? new LoopWorkers();
    try {
      return await runOnLoop(model, ctx, workers);
    } catch (error) {
      await workers.close();
      return endedEarly('failed', `the ${model} runner failed: ${errorMessage(error)}`);
    } finally {
      if (!ctx.loopWorkers) await workers.close();
    }
  };
}

async function runOnLoop(model: LoopModel, ctx: TrialContext, workers: LoopWorkers): Promise<TrialOutcome> {
  if (ctx.signal.aborted) return endedEarly('cancelled');

  // The loop worker is a thread of this process: the process's peak over the trial is the trial's.
  const peakRss = startPeakRss();
  const k = model === 'sequential' ? 1 : ctx.concurrency;
  const slots = new SharedArrayBuffer(slotBytes(k));
  const view = slotViews(slots, k);
  // Kept as columns as the batches arrive; the batch itself goes on to the live view and is dropped.
  const spans = new SpanTable(ctx.tasks);
  let startupMs = 0;
  let settle: ((ended: Ended) => void) | undefined;

  let acquired: Awaited<ReturnType<LoopWorkers['acquire']>>;
  try {
    acquired = await workers.acquire(ctx.signal);
  } catch (error) {
    return ctx.signal.aborted ? endedEarly('cancelled') : endedEarly('failed', `the ${model} ${errorMessage(error)}`);
  }
  const worker = acquired.worker;
  const describe = () => `the ${model} loop worker (thread ${worker.thread})`;
  const inFlight = () => {
    const running: number[] = [];
    for (let s = 0; s < k; s++) if (Atomics.load(view.starts, s) !== 0n) running.push(Atomics.load(view.tasks, s));
    return running;
  };

  let ready = false;
  let initSentNs = nowNs();
  worker.sink = {
    onMessage(message) {
      switch (message.type) {
        case 'hello':
          return;
        case 'ready':
          ready = true;
          // What this model costs before its first task: the trial's own set-up on a running loop.
          startupMs = msBetween(initSentNs, nowNs());
          settle?.({ status: 'ok' });
          return;
        case 'spans':
          {
            // The batch joins the trial's columns; the live view gets those rows.
            const from = spans.length;
            spans.appendColumns(message.spans);
            // Copied into the trial's table: the batch is freed now, not at V8's next collection.
            freeColumns(message.spans);
            ctx.onSpans(spans.batch(from));
          }
          return;
        case 'error':
          settle?.({
            status: 'failed',
            error: message.task < 0 ? `${describe()} could not start: ${message.message}` : `task ${message.task} failed: ${message.message}`,
          });
          return;
        case 'done':
          settle?.({ status: 'ok', done: message });
          return;
      }
    },
    onExit(code, signal, error) {
      const running = inFlight();
      const how = signal ? `was killed by signal ${signal}` : `exited with code ${code}`;
      running.sort((a, b) => a - b);
      const tasks = running.length === 1 ? `task ${running[0]}` : `tasks ${running.join(', ')}`;
      const when = !ready ? ' before it was ready' : running.length > 0 ? ` while running ${tasks}` : '';
      settle?.({ status: 'failed', error: `${describe()} ${how}${when}${error?.message ? `: ${error.message}` : ''}` });
    },
  };

  /** Waits for the next end: a message, an exit, an abort, the watchdog or the cap. */
  const phase = (capMs: number, watch: boolean, kick: () => void) =>
    new Promise<Ended>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let watchdog: ReturnType<typeof setInterval> | undefined;
      const onAbort = () => end({ status: 'cancelled' });
      const end = (ended: Ended) => {
        settle = undefined;
        clearTimeout(timer);
        clearInterval(watchdog);
        ctx.signal.removeEventListener('abort', onAbort);
        resolve(ended);
      };
      settle = end;
      if (ctx.signal.aborted) return end({ status: 'cancelled' });
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      if (Number.isFinite(capMs)) {
        timer = setTimeout(() => end({ status: 'timeout', error: `${describe()} did not start within ${capMs} ms` }), capMs);
      }
      if (watch) {
        const timeoutNs = BigInt(Math.round(ctx.timeoutMs * 1e6));
        watchdog = setInterval(() => {
          const now = nowNs();
          for (let s = 0; s < k; s++) {
            const start = Atomics.load(view.starts, s);
            if (start !== 0n && now - start > timeoutNs) {
              end({ status: 'timeout', error: `task ${Atomics.load(view.tasks, s)} ran over the ${ctx.timeoutMs} ms timeout` });
              return;
            }
          }
        }, Math.min(250, Math.max(5, ctx.timeoutMs / 10)));
      }
      if (worker.gone) return end({ status: 'failed', error: `${describe()} is gone` });
      kick();
    });

  /** After this trial: keep a worker that ended cleanly for the next trial, end any other. */
  const release = async (clean: boolean) => {
    worker.sink = undefined;
    if (!clean) await workers.close();
  };

  const init: ToLoop = {
    type: 'init',
    model,
    workload: ctx.workload,
    env: { httpUrl: ctx.httpUrl, tmpDir: ctx.tmpDir, codePath: ctx.codePath },
    tasks: ctx.tasks,
    concurrency: k,
    fault: ctx.fault,
    ...(ctx.measureWaits === false ? { measureWaits: false } : {}),
    slots,
  };
  const started = await phase(Math.max(ctx.timeoutMs, MIN_START_CAP_MS), false, () => {
    initSentNs = nowNs();
    worker.handle.send(init);
  });
  if (started.status !== 'ok') {
    await release(false);
    return endedEarly(started.status, 'error' in started ? started.error : undefined, startupMs);
  }

  let startedNs = nowNs();
  const ended = await phase(Infinity, true, () => {
    startedNs = nowNs();
    worker.handle.send({ type: 'start' } satisfies ToLoop);
  });
  // The parent's view of the wall, for a trial that stopped early: from its start message to now.
  const stoppedMs = msBetween(startedNs, nowNs());
  await release(ended.status === 'ok' && ended.done !== undefined && !ctx.signal.aborted);
  if (ended.status === 'ok' && ended.done) {
    const peak = peakRss();
    return {
      status: 'ok',
      wallMs: ended.done.wallMs,
      startupMs,
      cpuMs: usToMs(ended.done.cpuUs),
      ...(peak !== undefined ? { peakRssBytes: peak } : {}),
      ...(ended.done.eventLoop ? { eventLoop: ended.done.eventLoop } : {}),
      ...(ended.done.count !== undefined ? { counter: { observed: ended.done.count } } : {}),
      ...(ended.done.loop ? { loop: ended.done.loop } : {}),
      ...(ended.done.switches ? { contextSwitches: ended.done.switches } : {}),
      spans,
    };
  }
  return {
    status: ended.status,
    wallMs: stoppedMs,
    startupMs,
    cpuMs: 0,
    spans,
    ...('error' in ended ? { error: ended.error } : {}),
  };
}
