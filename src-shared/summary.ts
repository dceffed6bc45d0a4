// Per-cell figures of a run (median wall, CI, speedup, efficiency, latency, noisy flag),
// computed the same way by the engine, the store and the UI from the trials alone.
import { MODEL_INFO, type ModelName } from './models.ts';
import type { SummaryRow, TrialResult } from './result.ts';
import { ci95, mean, median, quantile, stdev } from './stats.ts';

/**
 * A cell is flagged noisy when the 95% CI of its mean wall is wider than this
 * fraction of the mean on either side: beyond ±10% a speedup of 1.2 and one of 1.0
 * are not told apart, which is the smallest difference the lab's verdicts talk about.
 */
export const NOISY_RELATIVE_HALF_WIDTH = 0.1;
/** With fewer ok trials than this there is no spread to judge, so the figure is not trusted. */
export const MIN_TRUSTED_TRIALS = 3;

interface CellTrials {
  model: ModelName;
  concurrency: number;
  ok: TrialResult[];
  failed: number;
}

/**
 * One row per (model, k) that has at least one ok trial, in the order cells first
 * ran (which is `cellsOf` order for any plan from `planTrials`). A cell whose every
 * trial failed has no figures to show, so it has no row; its failures stay visible
 * per trial. `failed` counts a cell's failed and timed-out trials (a cancelled
 * trial is the user's doing, not the cell's).
 */
export function summarize(trials: readonly TrialResult[], logicalCores: number): SummaryRow[] {
  const cells = new Map<string, CellTrials>();
  const ordered = [...trials].sort((a, b) => a.index - b.index);
  for (const t of ordered) {
    const key = `${t.model}@${t.concurrency}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { model: t.model, concurrency: t.concurrency, ok: [], failed: 0 };
      cells.set(key, cell);
    }
    if (t.status === 'ok') cell.ok.push(t);
    else if (t.status === 'failed' || t.status === 'timeout') cell.failed++;
  }

  const medianWall = new Map<string, number>();
  for (const [key, cell] of cells) {
    if (cell.ok.length > 0) medianWall.set(key, median(cell.ok.map((t) => t.wallMs)));
  }
  const modes = new Map<string, string>();
  for (const [key, cell] of cells) if (cell.ok.length > 0) modes.set(key, modesRan(cell.ok[0]));

  const rows: SummaryRow[] = [];
  for (const [key, cell] of cells) {
    if (cell.ok.length === 0) continue;
    const walls = cell.ok.map((t) => t.wallMs);
    const wallMedian = medianWall.get(key)!;
    const wallMean = mean(walls);
    const ci = ci95(walls);

    const info = MODEL_INFO[cell.model];
    // Baselines run at k = 1 only (cellsOf), so that is the cell to divide by.
    const baselineWall = medianWall.get(`${info.baseline}@1`);
    // A shared trial's wall sums the modes its model could run: walls of different sets are not the same work.
    const sameWork = modes.get(`${info.baseline}@1`) === modes.get(key);
    const speedup = baselineWall !== undefined && wallMedian > 0 && sameWork ? baselineWall / wallMedian : null;
    const efficiency = speedup === null ? null : speedup / Math.max(1, Math.min(cell.concurrency, logicalCores));

    const tasks = median(cell.ok.map((t) => t.spans.length));
    const latencies = cell.ok.flatMap((t) => t.spans.map((s) => s.endMs - s.startMs));

    const halfWidth = (ci.high - ci.low) / 2;
    const noisy =
      cell.ok.length < MIN_TRUSTED_TRIALS || !(wallMean > 0) || halfWidth / wallMean > NOISY_RELATIVE_HALF_WIDTH;

    rows.push({
      model: cell.model,
      runtime: info.runtime,
      concurrency: cell.concurrency,
      trials: cell.ok.length,
      failed: cell.failed,
      wallMs: {
        median: wallMedian,
        mean: wallMean,
        ci95: ci,
        min: Math.min(...walls),
        max: Math.max(...walls),
        stdev: stdev(walls),
      },
      startupMs: { median: median(cell.ok.map((t) => t.startupMs)) },
      cpuMs: { median: median(cell.ok.map((t) => t.cpuMs)) },
      speedup,
      efficiency,
      throughput: wallMedian > 0 ? tasks / (wallMedian / 1000) : 0,
      latencyMs: latencies.length
        ? { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95) }
        : { p50: 0, p95: 0 },
      noisy,
    });
  }
  return rows;
}

/** The modes a shared trial ran, as one key ('' for any other workload). */
function modesRan(t: TrialResult): string {
  return (t.shared ?? []).filter((p) => !p.unavailable).map((p) => p.mode).sort().join(',');
}
