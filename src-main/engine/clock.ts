// The shared clock of docs/architecture.md. Every thread and process reads CLOCK_MONOTONIC
// (process.hrtime.bigint() here, time.monotonic_ns() in CPython), so absolute
// readings taken in different workers land on one timeline without correction.

export function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** Milliseconds from `fromNs` to `toNs`, rounded to the microsecond (the result format's precision). */
export function msBetween(fromNs: bigint, toNs: bigint): number {
  return Math.round(Number(toNs - fromNs) / 1e3) / 1e3;
}
