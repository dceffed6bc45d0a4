// Fault injection (FaultPlan) for tests and demonstrations, applied inside the real
// worker, thread or process, so the parent sees exactly what a real fault looks like.
import { isMainThread } from 'node:worker_threads';
import type { FaultPlan } from '../types.ts';

/** Exit code of an injected crash, so a test can tell it from any other exit. */
export const CRASH_EXIT_CODE = 70;

/** Misbehaves as planned if `task` is the planned one; otherwise returns at once. */
export async function injectFault(fault: FaultPlan | undefined, task: number): Promise<void> {
  if (!fault || fault.task !== task) return;
  if (fault.kind === 'throw') throw new Error(`injected fault: task ${task} throws`);
  if (fault.kind === 'crash') {
    // A child process's stderr reaches the parent's error message; a thread's would only be noise.
    if (isMainThread) process.stderr.write(`injected fault: crashing in task ${task}\n`);
    // In a worker thread this ends the thread alone, as a crash of that worker would.
    process.exit(CRASH_EXIT_CODE);
  }
  // hang: never settles; the interval keeps the thread's loop alive until the parent ends it.
  await new Promise<never>(() => setInterval(() => {}, 1 << 30));
}
