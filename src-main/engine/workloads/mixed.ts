// The `mixed` workload: a fixed amount of CPU work (primes below n), then a wait.
import { countPrimesBelow } from './primes.ts';
import { sleep } from './sleep.ts';

export async function cpuThenWait(n: number | undefined, waitMs: number): Promise<void> {
  if (n !== undefined) countPrimesBelow(n);
  await sleep(waitMs);
}
