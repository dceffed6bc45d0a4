// The code workload: Real Python's CPU-bound function under py-sequential, py-threading and
// py-multiprocessing at k = 2 (the GIL should show), and the overhead of a user function
// against the built-in workload doing the same work (primes below n), interleaved in one run.
import { validSpec } from '../tests/unit/helpers/specs.ts';
import { runExperiment, type EngineRunResult } from '../src-main/engine/index.ts';

const ARTICLE = 'def task(i):\n    return sum(i * i for i in range(1_000_000))\n';
const N = 20_000;
// The runner's own count_primes_below, as the user would write it.
const USER_PRIMES = `def task(i):
    n = ${N}
    count = 0
    for i in range(2, n):
        prime = True
        d = 2
        while d * d <= i:
            if i % d == 0:
                prime = False
                break
            d += 1
        if prime:
            count += 1
    return count
`;

function median(result: EngineRunResult, model: string): number {
  const walls = result.trials.filter((t) => t.model === model && t.status === 'ok').map((t) => t.wallMs).sort((a, b) => a - b);
  return walls[Math.floor(walls.length / 2)];
}

const base = { tasks: 8, concurrency: [2], repetitions: 5, warmup: 1 } as const;
const article = await runExperiment(
  validSpec({ ...base, concurrency: [2], workload: { kind: 'code', language: 'python', source: ARTICLE }, models: ['py-sequential', 'py-threading', 'py-multiprocessing'] }),
);
const seq = median(article, 'py-sequential');
console.log('Real Python sum(i * i for i in range(1_000_000)), 8 tasks, k = 2, median of 5:');
for (const model of ['py-sequential', 'py-threading', 'py-multiprocessing']) {
  const m = median(article, model);
  console.log(`  ${model.padEnd(20)} ${m.toFixed(0).padStart(6)} ms   speedup ${(seq / m).toFixed(2)}×`);
}

// Overhead: the same work as a user function and as the built-in primes, alternated so drift hits both.
const ratios: number[] = [];
for (let round = 0; round < 5; round++) {
  const spec = { tasks: 8, concurrency: [1], repetitions: 1, warmup: 0, models: ['py-sequential' as const] };
  const user = await runExperiment(validSpec({ ...spec, workload: { kind: 'code', language: 'python', source: USER_PRIMES } }));
  const builtin = await runExperiment(validSpec({ ...spec, workload: { kind: 'primes', n: N } }));
  ratios.push(median(user, 'py-sequential') / median(builtin, 'py-sequential'));
}
ratios.sort((a, b) => a - b);
console.log(`user function / built-in primes (n = ${N}, py-sequential, 8 tasks), 5 interleaved rounds:`);
console.log(`  median ${ratios[2].toFixed(3)}×  (min ${ratios[0].toFixed(3)}×, max ${ratios[4].toFixed(3)}×; goal ≤ 1.05×)`);
