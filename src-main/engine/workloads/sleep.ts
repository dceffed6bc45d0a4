// The `sleep` workload: a timer wait, the purest IO-bound task.
import { setTimeout as wait } from 'node:timers/promises';

/** Waits ms on a timer; 0 resolves at once (a no-op task, used to measure dispatch cost). */
export async function sleep(ms: number): Promise<void> {
  if (ms > 0) await wait(ms);
}
