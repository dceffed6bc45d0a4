// The `primes` workload: pure JS arithmetic, deterministic, no allocation, so it
// measures the core and nothing else. CPython's runner counts the same way.

/** How many primes are below n, by trial division. */
export function countPrimesBelow(n: number): number {
  let count = 0;
  for (let i = 2; i < n; i++) {
    let prime = true;
    for (let d = 2; d * d <= i; d++) {
      if (i % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}
