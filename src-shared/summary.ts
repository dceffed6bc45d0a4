// Per-cell figures of a run (median wall, CI, speedup, ideal speedup, efficiency, latency,
// noisy flag), computed the same way by the engine, the store and the UI from the trials alone.
import { isSequential, MODEL_INFO, type ModelName } from './models.ts';
import type { SummaryRow, TrialFigures, TrialResult } from './result.ts';
import { ci95, mean, median, sortedQuantile, stdev } from './stats.ts';
import { seedOf, speedupInterval } from './scaling.ts';
import { processorsUsed, stateShares } from './wait-states.ts';
import { freeNow, type SpanColumns } from './span-table.ts';

/**
 * A cell is flagged noisy when the 95% CI of its mean wall is wider than this
 * fraction of the mean on either side: beyond ±10% a speedup of 1.2 and one of 1.0
 * are not told apart, which is the smallest difference the lab's verdicts talk about.
 */
export const NOISY_RELATIVE_HALF_WIDTH = 0.1;
/** With fewer ok trials than this there is no spread to judge, so the figure is not trusted. */
export const MIN_TRUSTED_TRIALS = 3;

/** How the ideal speedup is computed, in one line, for the speedup chart and the CLI. */
export const IDEAL_SPEEDUP_RULE =
  'ideal = min(k, c / f): k workers, c cores, f = CPU share of the work (CPU time / wall of the sequential baseline at k = 1; 1 for pure CPU work, near 0 for waiting)';

/**
 * The CPU share f of the work: the sequential baseline's median CPU time over its median
 * wall, in [0, 1] (the CPU clock can read a little over the wall). Null without a baseline.
 */
export function cpuShare(baseline: { cpuMs: number; wallMs: number } | undefined): number | null {
  if (!baseline || !(baseline.wallMs > 0) || !Number.isFinite(baseline.cpuMs)) return null;
  return Math.min(1, Math.max(0, baseline.cpuMs / baseline.wallMs));
}

/**
 * The speedup physics allows k workers on c cores for work whose CPU share is f: the CPU
 * parts spread over at most c cores (c / f), the whole over at most k workers: min(k, c / f).
 * CPU-bound work (f = 1) gets min(k, c); pure waiting (f = 0) gets k.
 */
export function idealSpeedup(k: number, cores: number, f: number): number {
  return f > 0 ? Math.min(k, Math.max(1, cores) / f) : k;
}

/**
 * Why an efficiency is above 100% (a speedup beyond the ideal), or undefined when it is not:
 * within the cell's 95% CI of the ideal, or faster than the ideal outright (the baseline
 * was slower per task: CPU clock, caches, or its own overhead).
 */
export function beyondIdealReason(row: Pick<SummaryRow, 'efficiency' | 'speedup' | 'idealSpeedup' | 'wallMs' | 'trials'>): string | undefined {
  if (row.efficiency === null || row.efficiency <= 1 || row.speedup === null || !row.idealSpeedup) return undefined;
  // One trial has no interval, so nothing tells noise from a real excess.
  if (!hasInterval(row)) return 'above 100% from one trial: no interval to tell noise from a real excess';
  // The wall at which this cell would be exactly ideal; inside the CI, the excess is noise.
  const idealWall = (row.wallMs.median * row.speedup) / row.idealSpeedup;
  if (idealWall <= row.wallMs.ci95.high) return 'above 100% within the 95% CI: noise';
  return 'above 100%: the baseline ran slower per task than this cell (CPU clock, caches or its own overhead)';
}

/** Why a one-trial cell shows "—" for its interval: one value has no spread to build one from. */
export const NO_INTERVAL = 'no interval from one trial';

/** Whether the cell has a 95% CI to show (two ok trials or more); else show "—", not a zero-width one. */
export function hasInterval(row: { trials: number }): boolean {
  return row.trials >= 2;
}

/**
 * Why a row shows no speedup interval ("—"), or undefined when it has one or has no speedup
 * at all: the baseline is 1× by definition, and a cell or baseline with one trial has no
 * spread to resample (a bootstrap of one value would be a zero-width [x, x]).
 */
export function noSpeedupIntervalReason(row: SummaryRow, rows: readonly SummaryRow[]): string | undefined {
  if (row.speedup === null || row.speedupCi95) return undefined;
  if (isSequential(row.model)) return 'the baseline: 1× by definition';
  if (row.trials < 2) return 'no interval from one trial';
  const baseline = rows.find((r) => r.model === MODEL_INFO[row.model].baseline && r.concurrency === 1);
  if (baseline && baseline.trials < 2) return 'no interval: its baseline has one trial';
  return undefined;
}

/** The p50 and p95 of one trial's task latencies (end − start), in ms. */
export interface LatencyQuantiles {
  p50: number;
  p95: number;
}

/**
 * A trial as the summary needs it: with its spans, or with only its tasks' latency
 * quantiles (what the engine and the store's reader keep: null for a trial without tasks).
 */
export type SummaryTrial = TrialResult | (TrialFigures & { taskLatencyMs: LatencyQuantiles | null });

/** A cell's key in the maps below: its model and k. */
function cellKey(model: ModelName, concurrency: number): string {
  return `${model}@${concurrency}`;
}

/**
 * One trial's latency quantiles from its latencies, sorted in place (a typed array: no boxed
 * copy of a million numbers); null for none.
 */
export function latencyQuantiles(latencies: Float64Array): LatencyQuantiles | null {
  if (latencies.length === 0) return null;
  latencies.sort();
  return { p50: sortedQuantile(latencies, 0.5), p95: sortedQuantile(latencies, 0.95) };
}

/**
 * Each measured trial's latency quantiles, by trial index: all the engine keeps of a run's
 * spans for the summary it gives after every trial (issue 15). A cell's latency is the
 * median over its trials of each trial's p50 and p95, as its hand-off is, so the engine
 * needs nothing per task once a trial is saved. It used to keep every task latency of the
 * run, merged per cell, to take quantiles of them pooled: memory that grew with each
 * repetition (17 MB by the end of the 2.1 M-span run, 34 MB at six repetitions) in blocks
 * each larger than the last, which the allocator could not reuse.
 */
export class TrialLatencies {
  readonly #trials = new Map<number, LatencyQuantiles | null>();

  /** Keeps an ok trial's quantiles; `latencies` is sorted in place and freed (it is of no further use). */
  add(trialIndex: number, latencies: Float64Array): void {
    this.#trials.set(trialIndex, latencyQuantiles(latencies));
    freeNow(latencies);
  }

  /** The trial's quantiles; undefined for a trial never added. */
  get(trialIndex: number): LatencyQuantiles | null | undefined {
    return this.#trials.get(trialIndex);
  }
}

interface CellTrials {
  model: ModelName;
  concurrency: number;
  ok: (SummaryTrial | TrialFigures)[];
  failed: number;
}

function taskCount(t: SummaryTrial | TrialFigures): number {
  return 'spans' in t ? t.spans.length : t.spanCount;
}

/** A trial's latency quantiles, from its spans, from what was kept of it, or from `kept`. */
function trialLatency(t: SummaryTrial | TrialFigures, kept: TrialLatencies | undefined): LatencyQuantiles | null {
  if ('spans' in t) return latencyQuantiles(latenciesOf(t.spans));
  if ('taskLatencyMs' in t) return t.taskLatencyMs;
  const q = kept?.get(t.index);
  if (q === undefined) throw new Error(`trial ${t.index} (${t.model} at k = ${t.concurrency}): no latencies were kept for it`);
  return q;
}

/** The cell's latency: the median over its trials of each trial's p50 and p95. */
function cellLatency(cell: CellTrials, kept: TrialLatencies | undefined): LatencyQuantiles {
  const qs = cell.ok.map((t) => trialLatency(t, kept)).filter((q): q is LatencyQuantiles => q !== null);
  return qs.length ? { p50: median(qs.map((q) => q.p50)), p95: median(qs.map((q) => q.p95)) } : { p50: 0, p95: 0 };
}

/** Each span's end minus start, in a typed array: 8 bytes a task instead of a span object. */
export function latenciesOf(spans: readonly { startMs: number; endMs: number }[] | Pick<SpanColumns, 'count' | 'startMs' | 'endMs'>): Float64Array {
  if (!Array.isArray(spans)) {
    const { count, startMs, endMs } = spans as Pick<SpanColumns, 'count' | 'startMs' | 'endMs'>;
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = endMs[i] - startMs[i];
    return out;
  }
  const out = new Float64Array(spans.length);
  for (let i = 0; i < spans.length; i++) out[i] = spans[i].endMs - spans[i].startMs;
  return out;
}

/**
 * One row per (model, k) that has at least one ok trial, in the order cells first
 * ran (which is `cellsOf` order for any plan from `planTrials`). A cell whose every
 * trial failed has no figures to show, so it has no row; its failures stay visible
 * per trial. `failed` counts a cell's failed and timed-out trials (a cancelled
 * trial is the user's doing, not the cell's).
 */
export function summarize(trials: readonly SummaryTrial[], logicalCores: number): SummaryRow[];
/** The same from trials' figures alone, their latency quantiles kept apart (the engine). */
export function summarize(trials: readonly TrialFigures[], logicalCores: number, latencies: TrialLatencies): SummaryRow[];
export function summarize(trials: readonly (SummaryTrial | TrialFigures)[], logicalCores: number, kept?: TrialLatencies): SummaryRow[] {
  const cells = new Map<string, CellTrials>();
  const ordered = [...trials].sort((a, b) => a.index - b.index);
  for (const t of ordered) {
    const key = cellKey(t.model, t.concurrency);
    let cell = cells.get(key);
    if (!cell) {
      cell = { model: t.model, concurrency: t.concurrency, ok: [], failed: 0 };
      cells.set(key, cell);
    }
    if (t.status === 'ok') cell.ok.push(t);
    else if (t.status === 'failed' || t.status === 'timeout') cell.failed++;
  }

  const medianWall = new Map<string, number>();
  const medianCpu = new Map<string, number>();
  for (const [key, cell] of cells) {
    if (cell.ok.length === 0) continue;
    medianWall.set(key, median(cell.ok.map((t) => t.wallMs)));
    medianCpu.set(key, median(cell.ok.map((t) => t.cpuMs)));
  }
  const modes = new Map<string, string>();
  for (const [key, cell] of cells) if (cell.ok.length > 0) modes.set(key, modesRan(cell.ok[0]));
  const wallsOf = (key: string) => cells.get(key)?.ok.map((t) => t.wallMs) ?? [];

  const rows: SummaryRow[] = [];
  for (const [key, cell] of cells) {
    if (cell.ok.length === 0) continue;
    const walls = cell.ok.map((t) => t.wallMs);
    const wallMedian = medianWall.get(key)!;
    const wallMean = mean(walls);
    const ci = ci95(walls);

    const info = MODEL_INFO[cell.model];
    // Baselines run at k = 1 only (cellsOf), so that is the cell to divide by.
    const baselineKey = cellKey(info.baseline, 1);
    const baselineWall = medianWall.get(baselineKey);
    // A shared trial's wall sums the modes its model could run: walls of different sets are not the same work.
    const sameWork = modes.get(baselineKey) === modes.get(key);
    const speedup = baselineWall !== undefined && wallMedian > 0 && sameWork ? baselineWall / wallMedian : null;
    const f = cpuShare(baselineWall === undefined ? undefined : { cpuMs: medianCpu.get(baselineKey)!, wallMs: baselineWall });
    const ideal = f === null || speedup === null ? null : idealSpeedup(cell.concurrency, logicalCores, f);
    const efficiency = speedup === null || ideal === null ? null : speedup / ideal;
    // The baseline's own speedup is 1 by definition: no interval to give it.
    const speedupCi95 =
      speedup === null || isSequential(cell.model) ? null : speedupInterval(wallsOf(baselineKey), walls, seedOf(key));

    const tasks = median(cell.ok.map(taskCount));
    const latency = cellLatency(cell, kept);

    const processors = cell.ok.map(processorsUsed).filter((p): p is number => p !== null);
    const handoffs = cell.ok.map((t) => t.states?.handoffMs).filter((h) => h !== undefined);
    const tails = cell.ok.map((t) => t.states?.tailShare).filter((x): x is number => x !== undefined);
    const rss = cell.ok.map((t) => t.peakRssBytes).filter((x): x is number => x !== undefined);
    const loops = cell.ok.map((t) => t.eventLoop).filter((e) => e !== undefined && Number.isFinite(e.utilization));

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
      cpuShare: f,
      idealSpeedup: ideal,
      speedupCi95,
      efficiency,
      throughput: wallMedian > 0 ? tasks / (wallMedian / 1000) : 0,
      latencyMs: latency,
      processorsUsed: processors.length ? median(processors) : null,
      stateShares: stateShares(cell.ok),
      handoffMs: handoffs.length ? { median: median(handoffs.map((h) => h.median)), p95: median(handoffs.map((h) => h.p95)) } : null,
      tailShare: tails.length ? median(tails) : null,
      peakRssBytes: rss.length ? median(rss) : null,
      eventLoop: loops.length
        ? { utilization: median(loops.map((e) => e!.utilization)), delayP99Ms: median(loops.map((e) => e!.delayP99Ms)) }
        : null,
      noisy,
    });
  }
  return rows;
}

/** The modes a shared trial ran, as one key ('' for any other workload). */
function modesRan(t: Pick<TrialResult, 'shared'>): string {
  return (t.shared ?? []).filter((p) => !p.unavailable).map((p) => p.mode).sort().join(',');
}
