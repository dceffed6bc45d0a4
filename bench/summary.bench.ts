// What the engine keeps for the summary it gives after every trial, on a run the shape of
// the scale bench's 2.1 M-span run (7 cells × 3 repetitions × 100,000 tasks), side by side
// in one process:
//  - pooled (before): every task latency of the run, merged into its cell's sorted array
//    after each trial, quantiles of the pool (issue 15's CellLatencies, reimplemented here);
//  - per trial (now): each trial's p50 and p95 (TrialLatencies), a cell's figure the median
//    over its trials.
// Main-thread time the latencies take between trials (sorting, merging, quantiles: the rest
// of the summary is the same both ways) and the bytes kept at the end.
// The two are different definitions of a cell's latency: the bench prints both figures of
// one cell so the difference is seen, and checks the per-trial rows against summarize() over
// the same latencies handed in whole.
import type { ModelName } from '../src-shared/models.ts';
import type { TrialFigures } from '../src-shared/result.ts';
import { sortedQuantile } from '../src-shared/stats.ts';
import { latencyQuantiles, summarize, TrialLatencies } from '../src-shared/summary.ts';

const TASKS = 100_000;
const REPETITIONS = 3;
const CELLS: [ModelName, number][] = [['sequential', 1], ['async', 2], ['async', 8], ['threads', 2], ['threads', 8], ['processes', 2], ['processes', 8]];
const ROUNDS = 3;

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

function latencies(): Float64Array {
  const out = new Float64Array(TASKS);
  for (let i = 0; i < TASKS; i++) out[i] = 0.05 + random() * random() * 2;
  return out;
}

function mergeSorted(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
  out.set(a.subarray(i), k);
  out.set(b.subarray(j), k + a.length - i);
  return out;
}

interface Round {
  pooledMs: number;
  perTrialMs: number;
  pooledBytes: number;
  perTrialEntries: number;
  cell: { pooled: { p50: number; p95: number }; perTrial: { p50: number; p95: number } };
}

function round(): Round {
  const figures: TrialFigures[] = [];
  const pooled = new Map<string, Float64Array>();
  const kept = new TrialLatencies();
  const whole: (TrialFigures & { taskLatencyMs: { p50: number; p95: number } | null })[] = [];
  let pooledMs = 0;
  let perTrialMs = 0;
  let index = 0;
  for (let repetition = 0; repetition < REPETITIONS; repetition++) {
    for (const [model, concurrency] of CELLS) {
      const trial: TrialFigures = { index: index++, model, concurrency, repetition, status: 'ok', wallMs: 1000 + random() * 50, startupMs: 1, cpuMs: 900, offsetMs: 0, spanCount: TASKS };
      const measured = latencies();
      figures.push(trial);
      const key = `${model}@${concurrency}`;
      let t0 = performance.now();
      const sorted = measured.slice().sort();
      const cell = pooled.has(key) ? mergeSorted(pooled.get(key)!, sorted) : sorted;
      pooled.set(key, cell);
      void [sortedQuantile(cell, 0.5), sortedQuantile(cell, 0.95)];
      pooledMs += performance.now() - t0;
      const copy = measured.slice(); // TrialLatencies sorts and frees what it is given
      t0 = performance.now();
      kept.add(trial.index, copy);
      perTrialMs += performance.now() - t0;
      const rows = summarize(figures, 2, kept);
      whole.push({ ...trial, taskLatencyMs: latencyQuantiles(measured) });
      if (JSON.stringify(rows) !== JSON.stringify(summarize(whole, 2))) throw new Error(`the per-trial summary differs from summarize() after trial ${index}`);
    }
  }
  const threads8 = pooled.get('threads@8')!;
  const row = summarize(figures, 2, kept).find((r) => r.model === 'threads' && r.concurrency === 8)!;
  let pooledBytes = 0;
  for (const a of pooled.values()) pooledBytes += a.byteLength;
  return {
    pooledMs,
    perTrialMs,
    pooledBytes,
    perTrialEntries: figures.length,
    cell: { pooled: { p50: sortedQuantile(threads8, 0.5), p95: sortedQuantile(threads8, 0.95) }, perTrial: row.latencyMs },
  };
}

const rounds = Array.from({ length: ROUNDS }, round);
const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
console.log(`summary after each of ${CELLS.length * REPETITIONS} trials × ${TASKS.toLocaleString('en-US')} tasks (${ROUNDS} rounds):`);
console.log(`  latency ms per run, pooled (before)    ${fmt(rounds.map((r) => r.pooledMs))}`);
console.log(`  latency ms per run, per trial (now)    ${fmt(rounds.map((r) => r.perTrialMs))}`);
const ratios = rounds.map((r) => r.pooledMs / r.perTrialMs).sort((a, b) => a - b);
console.log(`  ratio before / now: median ${ratios[ratios.length >> 1].toFixed(1)}×`);
const last = rounds.at(-1)!;
console.log(`  kept at the run's end: pooled ${(last.pooledBytes / 2 ** 20).toFixed(1)} MB (grows with every repetition); per trial ${last.perTrialEntries} pairs of numbers`);
const f = (q: { p50: number; p95: number }) => `p50 ${q.p50.toFixed(4)} ms, p95 ${q.p95.toFixed(4)} ms`;
console.log(`  threads@8 latency: pooled ${f(last.cell.pooled)}; median over trials ${f(last.cell.perTrial)}`);
