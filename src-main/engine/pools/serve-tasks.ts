// The worker side of a pool, shared by thread-worker.ts and process-child.ts:
// they differ only in how messages travel.
import { currentCpu, osThreadId } from '../cpu-core.ts';
import { nowNs } from '../clock.ts';
import { injectFault } from '../workloads/fault.ts';
import { prepareTask, type TaskFn } from '../workloads/run-task.ts';
import { sizeForTime } from '../workloads/size-for-time.ts';
import { SpanMeter, switchesSince, threadSwitches, type Switches } from '../thread-states.ts';
import type { FaultPlan } from '../types.ts';
import { errorMessage, type FromWorker, type ToWorker } from './protocol.ts';

export interface ParentChannel {
  send(message: FromWorker): void;
  onMessage(listener: (message: ToWorker) => void): void;
}

/** CPU time of what this worker is: its own thread, or its whole process. */
export type CpuClock = () => number;

export const threadCpuUs: CpuClock = () => {
  const u = process.threadCpuUsage();
  return u.user + u.system;
};

export const processCpuUs: CpuClock = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

export function serveTasks(channel: ParentChannel, cpuUs: CpuClock): void {
  let run: TaskFn | undefined;
  let fault: FaultPlan | undefined;
  let cpuAtReady = 0;
  let switchesAtReady: Switches | undefined;
  let meter = new SpanMeter(false);

  // The hot path allocates as little as it can: each object a task leaves behind grows this
  // thread's young generation (V8 enlarges it as garbage keeps coming), and at 100,000 tiny
  // tasks that was 16 MB of RSS per thread (issue 15). So a task that returns no promise ends
  // synchronously, with no async function or promise of its own; the timestamps are taken
  // at the same points as before.
  const finish = (task: number, start: bigint) => {
    const end = nowNs();
    meter.end(Number(end - start));
    channel.send([task, start, end, currentCpu() ?? -1, meter.runUs, meter.waitUs]);
  };
  const failed = (task: number, error: unknown) => channel.send({ type: 'error', task, message: errorMessage(error) });

  const execute = (task: number) => {
    meter.begin();
    const start = nowNs();
    let pending: Promise<void> | void;
    try {
      pending = fault ? injectFault(fault, task).then(() => run!(task)) : run!(task);
    } catch (error) {
      failed(task, error);
      return;
    }
    if (pending) pending.then(() => finish(task, start), (error: unknown) => failed(task, error));
    else finish(task, start);
  };

  const control = async (message: Exclude<ToWorker, number>) => {
    switch (message.type) {
      case 'init':
        try {
          run = await prepareTask(message.workload, message.env);
        } catch (error) {
          channel.send({ type: 'error', task: -1, message: errorMessage(error) });
          return;
        }
        fault = message.fault;
        meter = new SpanMeter(message.measureWaits !== false);
        // Open /proc/thread-self/stat now, so the first task does not pay for it.
        currentCpu();
        cpuAtReady = cpuUs();
        switchesAtReady = threadSwitches();
        channel.send({ type: 'ready', pid: process.pid, thread: osThreadId() });
        return;
      case 'stats': {
        const switches = switchesSince(switchesAtReady, threadSwitches());
        channel.send({
          type: 'stats',
          cpuUs: cpuUs() - cpuAtReady,
          maxRssBytes: process.resourceUsage().maxRSS * 1024,
          ...(run?.count ? { count: run.count() } : {}),
          ...(switches ? { switches } : {}),
        });
        return;
      }
      case 'calibrate':
        try {
          channel.send({ type: 'calibrated', calibration: await sizeForTime(message.kind, message.taskMs) });
        } catch (error) {
          channel.send({ type: 'error', task: -1, message: errorMessage(error) });
        }
        return;
    }
  };

  channel.onMessage((message) => {
    if (typeof message === 'number') execute(message);
    else void control(message);
  });
}
