// `npm run fuzz [runs] [seed]`: the seeded property tests (tests/unit/**/*.property.test.ts)
// with many more cases than `npm test` gives them (default 5,000 per property), in one
// Vitest run. A failure prints fast-check's counterexample, seed and replay path.
import { spawnSync } from 'node:child_process';

const runs = process.argv[2] ?? '5000';
const seed = process.argv[3];
if (!/^\d+$/.test(runs) || (seed !== undefined && !/^-?\d+$/.test(seed))) {
  console.error('usage: npm run fuzz [runs per property] [seed]');
  process.exit(2);
}
console.log(`fuzz: ${runs} cases per property, seed ${seed ?? 'fixed (tests/unit/helpers/property.ts)'}`);
const r = spawnSync('npx', ['vitest', 'run', '.property.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: runs, ...(seed === undefined ? {} : { FUZZ_SEED: seed }) },
});
process.exit(r.status ?? 1);
