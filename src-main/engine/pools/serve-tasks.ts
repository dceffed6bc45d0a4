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

  const execute = async (task: number) => {
    meter.begin();
    const start = nowNs();
    try {
      if (fault) await injectFault(fault, task);
      const pending = run!(task);
      if (pending) await pending;
    } catch (error) {
      channel.send({ type: 'error', task, message: errorMessage(error) });
      return;
    }
    const end = nowNs();
    meter.end(Number(end - start));
    channel.send([task, start, end, currentCpu() ?? -1, meter.runUs, meter.waitUs]);
  };

  channel.onMessage(async (message) => {
    if (typeof message === 'number') {
      void execute(message);
      return;
    }
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
          channel.send({ type: 'calibrated', calibration: sizeForTime(message.kind, message.taskMs) });
        } catch (error) {
          channel.send({ type: 'error', task: -1, message: errorMessage(error) });
        }
        return;
    }
  });
}
