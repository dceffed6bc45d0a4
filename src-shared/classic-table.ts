// The classic table, measured (issue 13): per model, what the table claims (who decides
// when to switch, how many processors, whether CPU-bound and IO-bound work gain, what
// starting costs) next to what a workload study measured, and whether they agree.
import { ci95, median } from './stats.ts';
import { holdsGil, isSequential, MODEL_INFO, runtimeOf, WORKLOAD_CLASS, type InterpreterGil, type ModelName } from './models.ts';
import type { Interval, SummaryRow } from './result.ts';
import type { Workload } from './experiment.ts';
import type { StudyMember, StudyTrial } from './study-result.ts';
import { processorsUsed } from './wait-states.ts';

/**
 * The smallest speedup the lab calls a gain: below ±10% (the noisy flag's threshold) two
 * figures are not told apart, so 1.2× is the first that is clearly not 1.0×.
 */
export const GAIN = 1.2;
/** Processors used above this are "more than one" (1 busy core plus the pool's bookkeeping stays well under it). */
export const MANY = 1.5;
/**
 * Below this many processors for the sequential baseline itself, the machine was too busy
 * (other work took the cores) to show a model using several: "many" cannot be judged.
 */
export const BUSY_BASELINE = 0.8;

export type Mark = 'agrees' | 'disagrees' | 'unclear' | 'not-measured';

export interface Estimate {
  value: number;
  /** 95% interval; null from one trial. */
  interval: Interval | null;
}

export interface Judged {
  /** The classic table's claim, in words. */
  claim: string;
  measured: Estimate | null;
  mark: Mark;
  /** Why this mark, in one line. */
  why: string;
}

export interface ClassicRow {
  model: ModelName;
  /** The level the row was measured at (the study's largest k). */
  concurrency: number;
  /** Who decides when to switch: from the table (a property of the model, not measured). */
  switching: string;
  processors: Judged;
  cpuSpeedup: Judged;
  ioSpeedup: Judged;
  startupMs: Judged;
}

export interface ClassicTable {
  rows: ClassicRow[];
  /** Which values of the study were the CPU-bound and IO-bound work; null when it had none. */
  cpuLabel: string | null;
  ioLabel: string | null;
  logicalCores: number;
}

type ProcessorsClaim = 'one' | 'many';

/** The table's claim on processors: one for a loop or GIL-bound threads, many otherwise. */
function processorsClaim(model: ModelName): ProcessorsClaim {
  const runner = MODEL_INFO[model].runner;
  // The classic table's own claim for Python threads is the GIL's: one (free-threaded builds are its exception).
  if (runner === 'sequential' || runner === 'event-loop' || (runner === 'threads' && runtimeOf(model) === 'python')) return 'one';
  return 'many';
}

/** Start-up rank by the table: a loop starts nothing, threads are lighter than processes. */
const STARTUP_RANK = { 'event-loop': 0, threads: 1, processes: 2, sequential: -1 } as const;
const STARTUP_CLAIM = {
  'event-loop': 'the cheapest: no thread or process to start',
  threads: 'lighter than processes',
  processes: 'heavyweight: the costliest to start',
  sequential: 'nothing to start',
} as const;

/** Median and 95% CI of a quantity that cannot be negative (processors, ms): the interval is cut at 0. */
function interval(values: number[]): Estimate | null {
  if (values.length === 0) return null;
  const ci = values.length >= 2 ? ci95(values) : null;
  return { value: median(values), interval: ci && { low: Math.max(0, ci.low), high: ci.high } };
}

function bounds(e: Estimate): Interval {
  return e.interval ?? { low: e.value, high: e.value };
}

/** Agrees when the whole interval is on the claimed side of the threshold, disagrees when on the other, else unclear. */
function judgeAbove(e: Estimate | null, threshold: number, claimAbove: boolean): Mark {
  if (!e) return 'not-measured';
  const { low, high } = bounds(e);
  const above = low > threshold;
  const below = high <= threshold;
  if (!above && !below) return 'unclear';
  return above === claimAbove ? 'agrees' : 'disagrees';
}

function okTrials(member: StudyMember | undefined, model: ModelName, k: number): StudyTrial[] {
  if (!member) return [];
  return member.trials.filter((t) => t.model === model && t.concurrency === k && t.status === 'ok');
}

function row(summary: readonly SummaryRow[] | undefined, model: ModelName, k: number): SummaryRow | undefined {
  return summary?.find((r) => r.model === model && r.concurrency === k);
}

function speedupEstimate(r: SummaryRow | undefined): Estimate | null {
  if (!r || r.speedup === null) return null;
  return { value: r.speedup, interval: r.speedupCi95 ?? null };
}

const fmt = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(2));
const fmtBounds = (e: Estimate) => (e.interval ? `${fmt(e.value)} (95% CI ${fmt(e.interval.low)}–${fmt(e.interval.high)})` : `${fmt(e.value)} (one trial, no interval)`);

/**
 * The classic table from a workload study: its first CPU-bound value and first IO-bound
 * value, each model at the study's largest k. `python` is the interpreter the runs used.
 */
export function classicTable(members: readonly StudyMember[], logicalCores: number, python?: InterpreterGil | null): ClassicTable {
  const kindOf = (m: StudyMember) => WORKLOAD_CLASS[(m.value as Workload).kind];
  const ran = members.filter((m) => m.runId !== null);
  const cpu = ran.find((m) => kindOf(m) === 'cpu');
  const io = ran.find((m) => kindOf(m) === 'io');
  const spec = members[0]?.experiment;
  const k = spec ? Math.max(...spec.concurrency) : 1;
  const models = (spec?.models ?? []).filter((m) => !isSequential(m));

  const startups = new Map<ModelName, Estimate | null>();
  for (const model of models) {
    const values = [cpu, io].flatMap((m) => okTrials(m, model, k).map((t) => t.startupMs));
    startups.set(model, interval(values));
  }

  const rows = models.map((model): ClassicRow => {
    const info = MODEL_INFO[model];
    const claim = processorsClaim(model);
    const processorValues = okTrials(cpu, model, k)
      .map((t) => processorsUsed(t))
      .filter((p): p is number => p !== null);
    const processors = interval(processorValues);
    let processorsMark = judgeAbove(processors, MANY, claim === 'many');
    let processorsWhy = processors ? `${fmtBounds(processors)} processors busy on average on CPU-bound work` : 'no CPU-bound value ran';
    const baseline = okTrials(cpu, MODEL_INFO[model].baseline, 1).map((t) => processorsUsed(t)).filter((p): p is number => p !== null);
    const baselineUsed = baseline.length ? median(baseline) : null;
    if (claim === 'many' && Math.min(k, logicalCores) < 2) {
      processorsMark = 'unclear';
      processorsWhy = `at k = ${k} on ${logicalCores} core${logicalCores === 1 ? '' : 's'} at most one processor can be used`;
    } else if (claim === 'many' && processorsMark !== 'agrees' && baselineUsed !== null && baselineUsed < BUSY_BASELINE) {
      processorsMark = 'unclear';
      processorsWhy += `; the machine was busy: the sequential baseline itself kept only ${baselineUsed.toFixed(2)} of a processor busy, so there were no spare cores to show`;
    }
    if (model === 'py-threading' && !holdsGil(model, python) && processorsMark === 'disagrees') {
      processorsWhy += ': this interpreter runs without the GIL (free-threaded), so its threads run Python in parallel';
    }

    const cpuSpeed = speedupEstimate(row(cpu?.summary, model, k));
    const cpuClaimGain = claim === 'many';
    let cpuMark = judgeAbove(cpuSpeed, GAIN, cpuClaimGain);
    let cpuWhy = cpuSpeed ? `${fmtBounds(cpuSpeed)}× against ${GAIN}×, the smallest gain the lab tells from noise` : 'not measured on CPU-bound work';
    if (cpuClaimGain && cpuMark === 'disagrees' && baselineUsed !== null && baselineUsed < BUSY_BASELINE) {
      // The gain the table claims needs spare cores; a machine whose baseline got under one had none to give.
      cpuMark = 'unclear';
      cpuWhy += `; the machine was busy: the sequential baseline itself kept only ${baselineUsed.toFixed(2)} of a processor busy`;
    }
    const ioSpeed = speedupEstimate(row(io?.summary, model, k));
    const ioMark = judgeAbove(ioSpeed, GAIN, true);

    const startup = startups.get(model) ?? null;
    const startupJudged = judgeStartup(model, startup, startups);

    return {
      model,
      concurrency: k,
      switching: info.switching,
      processors: {
        claim: claim === 'many' ? info.processors : runtimeOf(model) === 'python' && info.runner === 'threads' ? '1 (the GIL: one thread runs Python at a time)' : info.processors,
        measured: processors,
        mark: processorsMark,
        why: processorsWhy,
      },
      cpuSpeedup: {
        claim: cpuClaimGain ? `faster: up to min(k, cores) = ${Math.min(k, logicalCores)}×` : 'no gain: one task computes at a time',
        measured: cpuSpeed,
        mark: cpuMark,
        why: cpuWhy,
      },
      ioSpeedup: {
        claim: `faster: waits overlap, up to k = ${k}×`,
        measured: ioSpeed,
        mark: ioMark,
        why: ioSpeed ? `${fmtBounds(ioSpeed)}× against ${GAIN}×` : 'not measured on IO-bound work',
      },
      startupMs: startupJudged,
    };
  });
  return { rows, cpuLabel: cpu?.label ?? null, ioLabel: io?.label ?? null, logicalCores };
}

/**
 * Start-up against the other models of the same runtime, by the table's order (a loop
 * cheapest, then threads, then processes): agrees when every interval comparison goes the
 * claimed way, disagrees when one clearly goes the other way, else unclear.
 */
function judgeStartup(model: ModelName, mine: Estimate | null, all: Map<ModelName, Estimate | null>): Judged {
  const runner = MODEL_INFO[model].runner;
  const claim = STARTUP_CLAIM[runner];
  if (!mine) return { claim, measured: null, mark: 'not-measured', why: 'no trial of it ran' };
  const rank = STARTUP_RANK[runner];
  let mark: Mark = 'agrees';
  const reasons: string[] = [];
  let compared = 0;
  for (const [other, theirs] of all) {
    if (other === model || !theirs || runtimeOf(other) !== runtimeOf(model)) continue;
    const otherRank = STARTUP_RANK[MODEL_INFO[other].runner];
    if (otherRank === rank) continue;
    compared++;
    const a = bounds(mine);
    const b = bounds(theirs);
    const shouldBeCostlier = rank > otherRank;
    const clearlyCostlier = a.low > b.high;
    const clearlyCheaper = a.high < b.low;
    const name = MODEL_INFO[other].short;
    if ((shouldBeCostlier && clearlyCostlier) || (!shouldBeCostlier && clearlyCheaper)) continue;
    if ((shouldBeCostlier && clearlyCheaper) || (!shouldBeCostlier && clearlyCostlier)) {
      mark = 'disagrees';
      reasons.push(`${shouldBeCostlier ? 'cheaper' : 'costlier'} than ${name} (${fmtBounds(theirs)} ms)`);
    } else {
      if (mark === 'agrees') mark = 'unclear';
      reasons.push(`not told apart from ${name} (${fmtBounds(theirs)} ms)`);
    }
  }
  if (compared === 0) return { claim, measured: mine, mark: 'not-measured', why: `${fmtBounds(mine)} ms; no other kind of model of its runtime to compare with` };
  const why = `${fmtBounds(mine)} ms${reasons.length ? `; ${reasons.join('; ')}` : ', in the claimed order against the other models'}`;
  return { claim, measured: mine, mark, why };
}
