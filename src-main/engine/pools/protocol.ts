// What a pool's parent and its workers (threads or child processes) say to each
// other. The hot path is kept small: a task is a bare number, its completion a tuple.
import type { ResolvedWorkload } from '../workloads/resolved-workload.ts';
import type { Calibration } from '../../../src-shared/result.ts';
import type { FaultPlan } from '../types.ts';
import type { CalibrationKind } from '../workloads/size-for-time.ts';
import type { TaskEnv } from '../workloads/run-task.ts';

/** Parent → worker. A plain number means "run this task". */
export type ToWorker =
  | number
  /** measureWaits false: no wait-state readings (bench's "without" side); default true. */
  | { type: 'init'; workload: ResolvedWorkload; env: TaskEnv; fault?: FaultPlan; measureWaits?: boolean }
  /** Report CPU time and peak RSS; the parent ends the worker after the reply. */
  | { type: 'stats' }
  | { type: 'calibrate'; kind: CalibrationKind; taskMs: number };

/**
 * [task, startNs, endNs, cpu, runUs, waitUs], times absolute on the shared clock; cpu
 * (the core), runUs (CPU time) and waitUs (run-queue wait) are -1 when not known.
 */
export type TaskDone = [task: number, startNs: bigint, endNs: bigint, cpu: number, runUs: number, waitUs: number];

/** Worker → parent. An array is a finished task. */
export type FromWorker =
  | TaskDone
  | { type: 'ready'; pid: number; thread: number }
  | { type: 'error'; task: number; message: string }
  /** count: the shared workload's counter as this worker sees it (a process: its own). */
  | { type: 'stats'; cpuUs: number; maxRssBytes: number; count?: number; switches?: { voluntary: number; involuntary: number } }
  | { type: 'calibrated'; calibration: Calibration };

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
