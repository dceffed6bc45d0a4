// Settings for the seeded property tests (fast-check). `npm test` runs each property a
// few hundred times with a fixed seed, so a failure reproduces exactly; `npm run fuzz`
// runs the same properties (files named *.property.test.ts) many more times, and takes
// FUZZ_SEED to explore beyond the fixed seed. A failure prints the seed and the path to
// replay it (fast-check's own report).
import type { Parameters } from 'fast-check';

/** The seed every property test starts from unless FUZZ_SEED says otherwise. */
export const PROPERTY_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261201;

/** fast-check parameters: `inTest` runs under `npm test`, FUZZ_RUNS under `npm run fuzz`. */
export function propertyParams<T>(inTest: number): Parameters<T> {
  const runs = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : inTest;
  return { seed: PROPERTY_SEED, numRuns: runs };
}
