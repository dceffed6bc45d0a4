// Plain-word verdicts generated from a run's numbers: what each model bought on this
// workload, and why, in the words of the seed's table (who switches, how many processors).
// Thresholds: within ±15% of 1× reads as "no gain", because the lab flags cells whose
// 95% CI exceeds ±10% as noisy and a verdict must not hinge on noise.
import type { ExperimentSpec } from '../../../src-shared/experiment.ts';
import { isSequential, MODELS, WORKLOAD_CLASS, type ModelName } from '../../../src-shared/models.ts';
import type { PythonInfo, RunStatus, SummaryRow } from '../../../src-shared/result.ts';
import { formatMs, formatPct, formatSpeedup } from './format.ts';

export type VerdictTone = 'good' | 'info' | 'warn' | 'bad';

export interface Verdict {
  id: string;
  tone: VerdictTone;
  title: string;
  text: string;
}

export interface VerdictInput {
  workload: ExperimentSpec['workload'];
  summary: readonly SummaryRow[];
  logicalCores: number;
  python?: PythonInfo | null;
  status?: RunStatus;
  /** Trials that failed or timed out. */
  failedTrials?: number;
  error?: string;
}

const GAIN = 1.15;
const LOSS = 0.85;

const SHORT: Record<ModelName, string> = {
  sequential: 'sequential',
  async: 'async',
  threads: 'threads',
  processes: 'processes',
  'py-sequential': 'Python sequential',
  'py-asyncio': 'Python asyncio',
  'py-threading': 'Python threading',
  'py-multiprocessing': 'Python multiprocessing',
};

function units(model: ModelName, k: number): string {
  if (model === 'async' || model === 'py-asyncio') return `${k} task${k === 1 ? '' : 's'} in flight`;
  if (model === 'threads' || model === 'py-threading') return `${k} worker${k === 1 ? '' : 's'}`;
  return `${k} process${k === 1 ? '' : 'es'}`;
}

function bestRow(rows: readonly SummaryRow[]): SummaryRow | undefined {
  let best: SummaryRow | undefined;
  for (const r of rows) if (r.speedup !== null && (!best || r.speedup > (best.speedup ?? 0))) best = r;
  return best;
}

function gilHolds(python: PythonInfo | null | undefined): boolean {
  return python?.gilEnabled !== false;
}

/** Why a model on CPU-bound work gains nothing, when the seed's table says why. */
function cpuReason(model: ModelName, input: VerdictInput): string | null {
  if (model === 'async' || model === 'py-asyncio') return 'its tasks never yield the event loop, so they run one at a time';
  if (model === 'py-threading' && gilHolds(input.python)) return 'the GIL lets one thread run Python code at a time';
  if (input.logicalCores <= 1) return 'this machine has one logical core';
  return null;
}

function phrase(row: SummaryRow, input: VerdictInput): string {
  const name = SHORT[row.model];
  const base = row.runtime === 'python' ? 'Python sequential' : 'sequential';
  const s = row.speedup ?? NaN;
  const cls = WORKLOAD_CLASS[input.workload.kind];
  const reason = cls === 'cpu' && s < GAIN ? cpuReason(row.model, input) : null;
  let text: string;
  if (s >= GAIN) text = `${name} ${formatSpeedup(s)} faster than ${base} with ${units(row.model, row.concurrency)}`;
  else if (s > LOSS) text = `${name} ${formatSpeedup(s)}`;
  else text = `${name} ${formatSpeedup(s)}, slower than ${base}`;
  return reason ? `${text} — ${reason}` : text;
}

const CLASS_TITLE = { cpu: 'CPU-bound', io: 'IO-bound', mixed: 'Mixed CPU and IO' } as const;

export function buildVerdicts(input: VerdictInput): Verdict[] {
  const out: Verdict[] = [];
  const cls = WORKLOAD_CLASS[input.workload.kind];

  if (input.status === 'cancelled') {
    out.push({ id: 'status', tone: 'warn', title: 'Run cancelled', text: 'The figures cover only the trials that finished before the cancel.' });
  } else if (input.status === 'failed' || input.status === 'interrupted') {
    out.push({
      id: 'status',
      tone: 'bad',
      title: input.status === 'failed' ? 'Run failed' : 'Run interrupted',
      text: `${input.error ? `${input.error}. ` : ''}The figures cover only the trials that finished.`,
    });
  }

  if (input.summary.length === 0) {
    out.push({
      id: 'empty',
      tone: 'bad',
      title: 'No figures',
      text: 'No cell finished a trial, so there is nothing to compare. The trial table shows what went wrong.',
    });
    return out;
  }

  const byModel = new Map<ModelName, SummaryRow[]>();
  for (const r of input.summary) {
    if (!byModel.has(r.model)) byModel.set(r.model, []);
    byModel.get(r.model)!.push(r);
  }
  const concurrent = MODELS.filter((m) => !isSequential(m) && byModel.has(m));

  const missingBaseline = concurrent.filter((m) => byModel.get(m)!.every((r) => r.speedup === null));
  if (missingBaseline.length > 0) {
    out.push({
      id: 'baseline',
      tone: 'warn',
      title: 'No baseline',
      text: `No sequential baseline finished for ${missingBaseline.map((m) => SHORT[m]).join(', ')}, so their speedups cannot be computed. Check the failed trials and run again.`,
    });
  }

  const phrases: string[] = [];
  let anyGain = false;
  for (const m of concurrent) {
    const best = bestRow(byModel.get(m)!);
    if (!best) continue;
    if ((best.speedup ?? 0) >= GAIN) anyGain = true;
    phrases.push(phrase(best, input));
  }
  if (phrases.length > 0) {
    out.push({ id: 'headline', tone: anyGain ? 'good' : 'info', title: `${CLASS_TITLE[cls]} work`, text: `${CLASS_TITLE[cls]}: ${phrases.join('; ')}.` });
  } else if (concurrent.length === 0) {
    out.push({ id: 'headline', tone: 'info', title: `${CLASS_TITLE[cls]} work`, text: 'Only a sequential baseline ran: add async, threads or processes to see what concurrency buys.' });
  }

  for (const m of concurrent) {
    const v = scalingVerdict(m, byModel.get(m)!, input);
    if (v) out.push(v);
  }

  const startup = startupVerdict(byModel);
  if (startup) out.push(startup);

  const gil = gilVerdict(byModel, input);
  if (gil) out.push(gil);

  const noisy = input.summary.filter((r) => r.noisy);
  if (noisy.length > 0) {
    const names = noisy.slice(0, 4).map((r) => `${SHORT[r.model]} k = ${r.concurrency}`);
    if (noisy.length > 4) names.push(`${noisy.length - 4} more`);
    out.push({
      id: 'noisy',
      tone: 'warn',
      title: 'Noisy cells',
      text: `${noisy.length} of ${input.summary.length} cells are noisy (95% CI wider than ±10% of the mean, or fewer than 3 trials): ${names.join(', ')}. Add repetitions or close other programs before trusting small differences.`,
    });
  }

  if (input.failedTrials && input.failedTrials > 0) {
    out.push({
      id: 'failures',
      tone: 'bad',
      title: 'Failed trials',
      text: `${input.failedTrials} trial${input.failedTrials === 1 ? '' : 's'} failed or timed out and count in no figure. The trial table shows each error.`,
    });
  }
  return out;
}

/** How a model's speedup grows with k, against what the workload class allows. */
function scalingVerdict(model: ModelName, rows: SummaryRow[], input: VerdictInput): Verdict | null {
  const withSpeedup = rows.filter((r) => r.speedup !== null).sort((a, b) => a.concurrency - b.concurrency);
  if (withSpeedup.length === 0) return null;
  const cls = WORKLOAD_CLASS[input.workload.kind];
  const top = withSpeedup[withSpeedup.length - 1];
  const s = top.speedup!;
  const k = top.concurrency;
  const name = SHORT[model];
  const single = model === 'async' || model === 'py-asyncio' || (model === 'py-threading' && gilHolds(input.python));

  if (cls === 'io') {
    if (k === 1) return null;
    const ideal = s >= 0.75 * k;
    return {
      id: `scaling-${model}`,
      tone: ideal ? 'good' : 'info',
      title: `${name}: waits overlap`,
      text: ideal
        ? `${name} reaches ${formatSpeedup(s)} at k = ${k}, close to the ideal ${k}×: while one task waits, the others run, even on ${single ? 'one processor' : `${input.logicalCores} cores`}.`
        : `${name} reaches ${formatSpeedup(s)} at k = ${k}, below the ideal ${k}×: per-task overhead${model === 'threads' || model === 'processes' ? ', start-up' : ''} or the IO itself limits the overlap.`,
    };
  }

  if (cls === 'mixed' && single && input.workload.kind === 'mixed') {
    const { cpuMs, waitMs } = input.workload;
    if (cpuMs <= 0) return null;
    const cap = Math.min(k, (cpuMs + waitMs) / cpuMs);
    return {
      id: `scaling-${model}`,
      tone: 'info',
      title: `${name}: capped by the CPU part`,
      text: `${name} reaches ${formatSpeedup(s)} at k = ${k}: the waits overlap, but the CPU part (${formatMs(cpuMs)} of ${formatMs(cpuMs + waitMs)} per task) runs one task at a time, which caps it near ${formatSpeedup(cap)}.`,
    };
  }

  if (single) return null;
  // Parallel models on CPU work: past the core count, extra workers only take turns.
  const beyond = withSpeedup.filter((r) => r.concurrency > input.logicalCores);
  const atCores = withSpeedup.filter((r) => r.concurrency <= input.logicalCores).pop();
  if (beyond.length === 0 || !atCores) {
    if (!atCores || atCores.concurrency === 1) return null;
    const eff = atCores.efficiency ?? 0;
    const why =
      eff >= 0.75
        ? 'the OS runs them on separate cores at the same time'
        : eff >= 0.4
          ? 'part of the gain goes to start-up and coordination, or other programs share the cores'
          : 'the parallel gain is lost: the tasks are too short for the overhead, or other programs are using the cores (see the utilisation chart)';
    return {
      id: `scaling-${model}`,
      tone: eff >= 0.75 ? 'good' : eff >= 0.4 ? 'info' : 'warn',
      title: `${name}: ${formatPct(atCores.efficiency)} efficient`,
      text: `With ${units(model, atCores.concurrency)}, ${name} reach ${formatSpeedup(atCores.speedup)} of an ideal ${atCores.concurrency}× (${formatPct(atCores.efficiency)} efficiency): ${why}.`,
    };
  }
  const last = beyond[beyond.length - 1];
  return {
    id: `scaling-${model}`,
    tone: 'info',
    title: `${name}: more workers than cores`,
    text: `Beyond this machine's ${input.logicalCores} logical cores, more workers only take turns: ${name} ${formatSpeedup(atCores.speedup)} at k = ${atCores.concurrency}, ${formatSpeedup(last.speedup)} at k = ${last.concurrency} (${formatPct(last.efficiency)} efficiency).`,
  };
}

/** Pool start-up is measured apart from the wall: the seed's "processes are heavyweight", in numbers. */
function startupVerdict(byModel: Map<ModelName, SummaryRow[]>): Verdict | null {
  for (const [proc, thr] of [['processes', 'threads'], ['py-multiprocessing', 'py-threading']] as const) {
    const procRows = byModel.get(proc);
    if (!procRows) continue;
    const thrRows = byModel.get(thr) ?? [];
    const common = procRows.filter((p) => thrRows.some((t) => t.concurrency === p.concurrency));
    const pick = (common.length ? common : procRows).reduce((a, b) => (b.concurrency > a.concurrency ? b : a));
    const p = pick.startupMs.median;
    const t = thrRows.find((r) => r.concurrency === pick.concurrency)?.startupMs.median;
    const share = pick.wallMs.median > 0 ? p / pick.wallMs.median : null;
    const shareText =
      share === null || share < 0.05 ? '' : share >= 1 ? `, ${formatSpeedup(share)} that cell's whole wall time` : `, ${formatPct(share)} of that cell's wall time`;
    const kText = `${pick.concurrency} ${SHORT[proc] === 'processes' ? (pick.concurrency === 1 ? 'process' : 'processes') : 'Python processes'}`;
    if (t !== undefined && t > 0) {
      const ratio = p / t;
      return {
        id: 'startup',
        tone: 'info',
        title: 'Start-up cost',
        text: `Starting ${kText} takes ${formatMs(p)}, ${pick.concurrency} ${thr === 'threads' ? 'threads' : 'Python threads'} ${formatMs(t)}: ${ratio >= 1.15 ? `${formatSpeedup(ratio)} the cost` : 'about the same'}${shareText}. Each process loads a whole runtime; threads share one. Measured apart from the wall time.`,
      };
    }
    return {
      id: 'startup',
      tone: 'info',
      title: 'Start-up cost',
      text: `Starting ${kText} takes ${formatMs(p)}${shareText}, measured apart from the wall time: each process loads a whole runtime.`,
    };
  }
  return null;
}

function gilVerdict(byModel: Map<ModelName, SummaryRow[]>, input: VerdictInput): Verdict | null {
  if (WORKLOAD_CLASS[input.workload.kind] === 'io') return null;
  const thr = bestRow(byModel.get('py-threading') ?? []);
  if (!thr) return null;
  const mp = bestRow(byModel.get('py-multiprocessing') ?? []);
  const mpText = mp ? ` Python multiprocessing reaches ${formatSpeedup(mp.speedup)}: each process has its own interpreter and its own GIL.` : '';
  if (!gilHolds(input.python)) {
    return {
      id: 'gil',
      tone: 'good',
      title: 'Free-threaded Python',
      text: `This Python runs without the GIL: threads run Python code in parallel (${formatSpeedup(thr.speedup)} with ${units('py-threading', thr.concurrency)}).${mpText}`,
    };
  }
  return {
    id: 'gil',
    tone: 'info',
    title: 'The GIL',
    text: `Python threading stays near 1× (${formatSpeedup(thr.speedup)} at best): the OS switches threads pre-emptively, but the GIL lets only one run Python code, so it uses one processor.${mpText}`,
  };
}
