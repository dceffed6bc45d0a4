// The event loop of its own that `sequential` and `async` run on, so the caller's
// thread (Electron's main process in the app) never runs task code.
// sequential: one task after another. async: at most k tasks in flight as promises
// on this one loop — a CPU task blocks all the others, which is what the lab shows.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import type { EventLoopFigures, Span } from '../../../src-shared/result.ts';
import { msBetween, nowNs } from '../clock.ts';
import { currentCpu, osThreadId } from '../cpu-core.ts';
import { errorMessage } from '../pools/protocol.ts';
import { threadCpuUs } from '../pools/serve-tasks.ts';
import { injectFault } from '../workloads/fault.ts';
import { prepareTask, type TaskFn } from '../workloads/run-task.ts';
import { slotViews, type FromLoop, type ToLoop } from './loop-protocol.ts';
import { SpanBatcher } from './span-batcher.ts';
import { columnBuffers } from '../../../src-shared/span-table.ts';
import { SpanMeter, switchesSince, threadReading, threadSwitches } from '../thread-states.ts';

const port = parentPort;
if (!port) throw new Error('loop-worker.ts runs only as a worker thread');
const post = (message: FromLoop, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

class TaskError extends Error {
  readonly task: number;
  constructor(task: number, message: string) {
    super(message);
    this.task = task;
  }
}

/** Runs `one` for tasks 0..tasks-1 with at most k promises pending; rejects on the first failure. */
function inFlight(tasks: number, k: number, one: (task: number, slot: number) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let done = 0;
    let failed = false;
    const launch = (slot: number) => {
      one(next++, slot).then(
        () => {
          if (failed) return;
          if (++done === tasks) resolve();
          else if (next < tasks) launch(slot);
        },
        (error) => {
          failed = true;
          reject(error);
        },
      );
    };
    for (let slot = 0; slot < k && next < tasks; slot++) launch(slot);
  });
}

// ~1 ms: fine enough to see a blocked loop, cheap enough not to load it.
const DELAY_RESOLUTION_MS = 1;

function figures(histogram: ReturnType<typeof monitorEventLoopDelay>, utilization: number): EventLoopFigures {
  // The histogram records whole intervals between its timer's runs; the delay is what exceeds the resolution.
  const ms = (ns: number) => (Number.isFinite(ns) ? Math.max(0, Math.round(ns / 1e3 - DELAY_RESOLUTION_MS * 1e3) / 1e3) : 0);
  const empty = histogram.count === 0;
  return {
    delayP50Ms: empty ? 0 : ms(histogram.percentile(50)),
    delayP99Ms: empty ? 0 : ms(histogram.percentile(99)),
    delayMaxMs: empty ? 0 : ms(histogram.max),
    utilization: Math.round(utilization * 1e4) / 1e4,
  };
}

let trial: Extract<ToLoop, { type: 'init' }> | undefined;
let run: TaskFn | undefined;
const pid = process.pid;
const thread = osThreadId();

async function runTrial(init: Extract<ToLoop, { type: 'init' }>): Promise<void> {
  const { model, tasks, fault } = init;
  const k = model === 'sequential' ? 1 : init.concurrency;
  const { starts, tasks: slotTasks } = slotViews(init.slots, init.concurrency);
  // The batch's buffers move to the parent rather than being copied: nothing is left behind
  // here for V8 to collect. Left to it, a trial's batches (9 MB at 100,000 tasks) piled up for
  // several trials, until V8's external-memory limit called a collection, and the C allocator
  // kept the room: the process's thread heaps grew with every repetition of a run (issue 15).
  const batcher = new SpanBatcher((spans) => post({ type: 'spans', spans }, columnBuffers(spans)));
  const delay = model === 'async' ? monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS }) : undefined;
  if (delay) {
    delay.enable();
    // The monitor's first tick only starts its clock: let it tick before the trial, or a
    // loop blocked from the first task on would record nothing.
    await new Promise((resolve) => setTimeout(resolve, 2 * DELAY_RESOLUTION_MS));
  }
  const measure = init.measureWaits !== false;
  // One task at a time (sequential) has the thread to itself, so each span is measured;
  // async tasks share it, so the loop thread is measured over the whole trial instead.
  const meter = new SpanMeter(measure && k === 1);
  const switches0 = measure ? threadSwitches() : undefined;
  const loop0 = measure && k > 1 ? threadReading() : undefined;
  const cpu0 = threadCpuUs();
  const elu0 = performance.eventLoopUtilization();
  const t0 = nowNs();
  let last = t0;

  const one = async (task: number, slot: number) => {
    if (k === 1) meter.begin();
    const start = nowNs();
    Atomics.store(slotTasks, slot, task);
    Atomics.store(starts, slot, start);
    try {
      if (fault) await injectFault(fault, task);
      // A synchronous (CPU) task ends when its work does: awaiting it anyway would queue
      // its end behind the other tasks started in the same turn, and draw them overlapping.
      const pending = run!(task);
      if (pending) await pending;
    } catch (error) {
      throw new TaskError(task, errorMessage(error));
    }
    const end = nowNs();
    Atomics.store(starts, slot, 0n);
    if (end > last) last = end;
    const span: Span = { task, worker: slot, startMs: msBetween(t0, start), endMs: msBetween(t0, end), pid, thread };
    if (k === 1) {
      meter.end(Number(end - start));
      if (meter.runUs >= 0) span.runMs = meter.runUs / 1e3;
      if (meter.waitUs >= 0) span.waitMs = meter.waitUs / 1e3;
    }
    const cpu = currentCpu();
    if (cpu !== undefined) span.cpu = cpu;
    batcher.push(span);
  };

  try {
    if (k === 1) for (let task = 0; task < tasks; task++) await one(task, 0);
    else await inFlight(tasks, k, one);
  } catch (error) {
    batcher.flush();
    const task = error instanceof TaskError ? error.task : -1;
    post({ type: 'error', task, message: errorMessage(error) });
    return;
  }
  const loop1 = loop0 ? threadReading() : undefined;
  const loopWallMs = msBetween(t0, nowNs());
  const switches = switchesSince(switches0, measure ? threadSwitches() : undefined);
  const utilization = performance.eventLoopUtilization(elu0).utilization;
  // Let the thread sleep once before the last readings: a loop blocked to the end (CPU
  // tasks) records its delay only when the monitor's timer runs, and Linux brings a
  // thread's CPU time up to date only at a tick or a switch (else up to a tick is missing).
  await new Promise((resolve) => setTimeout(resolve, DELAY_RESOLUTION_MS));
  delay?.disable();
  const cpuUs = threadCpuUs() - cpu0;
  batcher.flush();
  post({
    type: 'done',
    wallMs: msBetween(t0, last),
    cpuUs,
    eventLoop: delay ? figures(delay, utilization) : undefined,
    ...(run?.count ? { count: run.count() } : {}),
    ...(loop0 && loop1
      ? {
          loop: {
            runMs: Math.round((loop1.cpuNs - loop0.cpuNs) / 1e3) / 1e3,
            waitMs: loop0.waitNs === null || loop1.waitNs === null ? null : Math.round((loop1.waitNs - loop0.waitNs) / 1e3) / 1e3,
            wallMs: loopWallMs,
          },
        }
      : {}),
    ...(switches ? { switches } : {}),
  });
}

port.on('message', async (message: ToLoop) => {
  if (message.type === 'hello') {
    post({ type: 'hello', pid, thread });
  } else if (message.type === 'init') {
    try {
      run = await prepareTask(message.workload, message.env);
    } catch (error) {
      post({ type: 'error', task: -1, message: errorMessage(error) });
      return;
    }
    trial = message;
    currentCpu();
    post({ type: 'ready' });
  } else if (message.type === 'start' && trial) {
    void runTrial(trial);
  }
});
