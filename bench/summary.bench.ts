// The summary the engine gives after every trial, on a run the shape of the scale bench's
// 2.1 M-span run (7 cells × 3 repetitions × 100,000 tasks), side by side in one process:
//  - every trial's latencies kept, and each cell's sorted again after every trial (the
//    engine before issue 15's CellLatencies; still how a saved run's readers summarize);
//  - each cell's latencies merged in, sorted, as its trials finish (CellLatencies).
// Both must give the same rows; the bench stops if they differ. Main-thread time between
// trials, which the next trial waits for.
import type { ModelName } from '../src-shared/models.ts';
import type { TrialFigures } from '../src-shared/result.ts';
import { CellLatencies, summarize } from '../src-shared/summary.ts';

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

/** One run's summaries both ways: total ms of each. */
function round(): { resort: number; merged: number } {
  const perTrial: (TrialFigures & { latenciesMs: Float64Array })[] = [];
  const figures: TrialFigures[] = [];
  const kept = new CellLatencies();
  let resort = 0;
  let merged = 0;
  let index = 0;
  for (let repetition = 0; repetition < REPETITIONS; repetition++) {
    for (const [model, concurrency] of CELLS) {
      const trial: TrialFigures = { index: index++, model, concurrency, repetition, status: 'ok', wallMs: 1000 + random() * 50, startupMs: 1, cpuMs: 900, offsetMs: 0, spanCount: TASKS };
      const measured = latencies();
      perTrial.push({ ...trial, latenciesMs: measured });
      figures.push(trial);
      let t0 = performance.now();
      const a = summarize(perTrial, 2);
      resort += performance.now() - t0;
      const copy = measured.slice(); // CellLatencies sorts and frees what it is given
      t0 = performance.now();
      kept.add(model, concurrency, copy);
      const b = summarize(figures, 2, kept);
      merged += performance.now() - t0;
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`the two summaries differ after trial ${index}`);
    }
  }
  return { resort, merged };
}

const rounds = Array.from({ length: ROUNDS }, round);
const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
console.log(`summary after each of ${CELLS.length * REPETITIONS} trials × ${TASKS.toLocaleString('en-US')} tasks, total main-thread ms per run (${ROUNDS} rounds):`);
console.log(`  every cell re-sorted (before)   ${fmt(rounds.map((r) => r.resort))}`);
console.log(`  merged per cell (CellLatencies) ${fmt(rounds.map((r) => r.merged))}`);
const ratios = rounds.map((r) => r.resort / r.merged).sort((a, b) => a - b);
console.log(`  ratio before / after: median ${ratios[ratios.length >> 1].toFixed(1)}× (same rows both ways, checked)`);
