// What the sequential/async runner and its loop worker say to each other.
import type { ResolvedWorkload } from '../workloads/resolved-workload.ts';
import type { EventLoopFigures } from '../../../src-shared/result.ts';
import type { SpanColumns } from '../../../src-shared/span-table.ts';
import type { LoopReading } from '../../../src-shared/wait-states.ts';
import type { FaultPlan } from '../types.ts';
import type { TaskEnv } from '../workloads/run-task.ts';

export type LoopModel = 'sequential' | 'async';

export type ToLoop =
  | {
      type: 'init';
      model: LoopModel;
      workload: ResolvedWorkload;
      env: TaskEnv;
      tasks: number;
      concurrency: number;
      fault?: FaultPlan;
      /** false: no wait-state readings (the bench's "without" side). */
      measureWaits?: boolean;
      /** In-flight slots: start ns of the task in each slot (0 when idle), then its task id. */
      slots: SharedArrayBuffer;
    }
  | { type: 'start' }
  /** Answered by 'hello' once the worker's loop runs: its start-up, measured apart from any trial. */
  | { type: 'hello' };

export type FromLoop =
  | { type: 'hello'; pid: number; thread: number }
  | { type: 'ready' }
  /** A batch of finished tasks as columns (see span-batcher.ts). */
  | { type: 'spans'; spans: SpanColumns }
  | { type: 'error'; task: number; message: string }
  /** count: the shared workload's counter after the last task. */
  | {
      type: 'done';
      wallMs: number;
      cpuUs: number;
      eventLoop?: EventLoopFigures;
      /** async: the loop thread's CPU and run-queue time over the trial (its tasks share it). */
      loop?: LoopReading;
      switches?: { voluntary: number; involuntary: number };
      /** count: the shared workload's counter after the last task. */
      count?: number;
    };

/** The watchdog's view of what the loop is running, shared memory so it works while the loop is blocked. */
export function slotViews(slots: SharedArrayBuffer, concurrency: number): { starts: BigInt64Array; tasks: Int32Array } {
  return {
    starts: new BigInt64Array(slots, 0, concurrency),
    tasks: new Int32Array(slots, 8 * concurrency, concurrency),
  };
}

export function slotBytes(concurrency: number): number {
  return 12 * concurrency;
}
