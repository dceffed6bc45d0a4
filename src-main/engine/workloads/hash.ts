// The `hash` workload: SHA-256 in native code (node:crypto), the CPU-bound
// counterpart to `primes` that does not run JavaScript.
import { createHash } from 'node:crypto';

let input: Buffer | undefined;

/** The bytes every task hashes; allocated once per thread and reused. */
export function hashInput(bytes: number): Buffer {
  if (input?.length !== bytes) input = Buffer.alloc(bytes, 0x5a);
  return input;
}

/** SHA-256 over `data`, `rounds` times. */
export function hashRounds(data: Buffer, rounds: number): void {
  for (let r = 0; r < rounds; r++) createHash('sha256').update(data).digest();
}
