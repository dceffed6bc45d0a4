// What a run's numbers mean, in plain words: what each model bought on this workload and
// why, in the words of the classic table (who switches, how many processors). The Results
// view shows these as cards; `run` and `show` print them after their tables; the JSON
// result and the export carry them. Each verdict names the cell it is about, if one, and
// the figures it quotes (evidence), so a reader or a later rule can check the sentence.
//
// Thresholds: within ±15% of 1× reads as "no gain", because the lab flags cells whose
// 95% CI exceeds ±10% as noisy (summary.ts) and a verdict must not hinge on noise.
import type { ExperimentSpec } from './experiment.ts';
import { formatMs, formatPct, formatSpeedup } from './format.ts';
import {
  cpuLanes,
  describeLevel,
  holdsGil,
  isSequential,
  MODEL_INFO,
  MODELS,
  WORKLOAD_CLASS,
  type ModelName,
} from './models.ts';
import type { PythonInfo, RunResult, RunStatus, SummaryRow } from './result.ts';
import { MIN_TRUSTED_TRIALS, NOISY_RELATIVE_HALF_WIDTH } from './summary.ts';
import { diagnose, DIAGNOSIS_TITLES, type Diagnosis } from './diagnoses.ts';

export type VerdictTone = 'good' | 'info' | 'warn' | 'bad';

export interface Verdict {
  /** Stable per kind of verdict ('headline', 'scaling-threads', 'startup', …). */
  id: string;
  tone: VerdictTone;
  title: string;
  /** The verdict in one or two plain sentences. */
  sentence: string;
  /** The (model, k) cell the verdict is about, when it is about one. */
  cell?: { model: ModelName; concurrency: number };
  /** The figures the sentence quotes, unrounded, by name. */
  evidence: Record<string, number | null>;
  /** What to try next, where the verdict is a diagnosis from measured evidence (diagnoses.ts). */
  next?: string;
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
  /** With both, the diagnoses from measured evidence join the verdicts. */
  tasks?: number;
  memoryBytes?: number;
  /** This machine's interpreters where the front end looked them up (see DiagnosisInput). */
  interpreters?: readonly PythonInfo[];
}

/** What a front end knows beyond the run itself. */
export interface ExplainContext {
  interpreters?: readonly PythonInfo[];
}

/** A speedup at or above this reads as a gain, at or below LOSS as a loss. */
export const GAIN = 1.15;
export const LOSS = 0.85;
/** Noisy cells named in the noisy verdict before "N more". */
const NOISY_NAMED = 4;

const CLASS_TITLE = { cpu: 'CPU-bound', io: 'IO-bound', mixed: 'Mixed CPU and IO', own: 'Your code' } as const;

/** The run as the JSON result and the export write it: with its verdicts, recomputed from the figures. */
export function withVerdicts<R extends ExplainableRun>(run: R): R & { verdicts: Verdict[] } {
  return { ...run, verdicts: explainRun(run) };
}

/** What the verdicts read of a run: its figures, never its spans (so a run without them will do). */
export type ExplainableRun = Pick<RunResult, 'experiment' | 'summary' | 'machine' | 'status' | 'error'> & {
  trials: readonly Pick<RunResult['trials'][number], 'status'>[];
};

/** The verdicts of a saved or finished run: everything they need is in the result. */
export function explainRun<R extends ExplainableRun>(run: R, context: ExplainContext = {}): Verdict[] {
  return explainFigures({
    ...(context.interpreters ? { interpreters: context.interpreters } : {}),
    workload: run.experiment.workload,
    summary: run.summary,
    logicalCores: run.machine.logicalCores,
    python: run.machine.python ?? null,
    status: run.status,
    failedTrials: run.trials.filter((t) => t.status === 'failed' || t.status === 'timeout').length,
    error: run.error,
    tasks: run.experiment.tasks,
    memoryBytes: run.machine.memoryBytes,
  });
}

function shortName(model: ModelName): string {
  return MODEL_INFO[model].short;
}

function bestRow(rows: readonly SummaryRow[]): SummaryRow | undefined {
  let best: SummaryRow | undefined;
  for (const r of rows) if (r.speedup !== null && (!best || r.speedup > (best.speedup ?? 0))) best = r;
  return best;
}

/** Whether a model runs one task's CPU work at a time whatever k is (event loop, GIL-bound threads). */
function oneLane(model: ModelName, input: VerdictInput): boolean {
  return !isSequential(model) && cpuLanes(model, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, input.python) === 1;
}

/** Why a model on CPU-bound work gains nothing, when the classic table says why. */
function cpuReason(model: ModelName, input: VerdictInput): string | null {
  if (MODEL_INFO[model].runner === 'event-loop') return 'its tasks never yield the event loop, so they run one at a time';
  if (holdsGil(model, input.python)) return 'the GIL lets one thread run Python code at a time';
  if (input.logicalCores <= 1) return 'this machine has one logical core';
  return null;
}

function phrase(row: SummaryRow, input: VerdictInput): string {
  const name = shortName(row.model);
  const base = shortName(MODEL_INFO[row.model].baseline);
  const s = row.speedup ?? NaN;
  const cls = WORKLOAD_CLASS[input.workload.kind];
  const reason = cls === 'cpu' && s < GAIN ? cpuReason(row.model, input) : null;
  let text: string;
  if (s >= GAIN) text = `${name} ${formatSpeedup(s)} faster than ${base} with ${describeLevel(row.model, row.concurrency)}`;
  else if (s > LOSS) text = `${name} ${formatSpeedup(s)}`;
  else text = `${name} ${formatSpeedup(s)}, slower than ${base}`;
  return reason ? `${text} — ${reason}` : text;
}

export function explainFigures(input: VerdictInput): Verdict[] {
  const out: Verdict[] = [];
  const cls = WORKLOAD_CLASS[input.workload.kind];

  if (input.status === 'cancelled') {
    out.push({
      id: 'status',
      tone: 'warn',
      title: 'Run cancelled',
      sentence: 'The figures cover only the trials that finished before the cancel.',
      evidence: {},
    });
  } else if (input.status === 'failed' || input.status === 'interrupted') {
    out.push({
      id: 'status',
      tone: 'bad',
      title: input.status === 'failed' ? 'Run failed' : 'Run interrupted',
      sentence: `${input.error ? `${input.error}. ` : ''}The figures cover only the trials that finished.`,
      evidence: {},
    });
  }

  if (input.summary.length === 0) {
    out.push({
      id: 'empty',
      tone: 'bad',
      title: 'No figures',
      sentence: 'No cell finished a trial, so there is nothing to compare. The trial table shows what went wrong.',
      evidence: {},
    });
    return out;
  }

  const byModel = new Map<ModelName, SummaryRow[]>();
  for (const r of input.summary) {
    if (!byModel.has(r.model)) byModel.set(r.model, []);
    byModel.get(r.model)!.push(r);
  }
  const concurrent = MODELS.filter((m) => !isSequential(m) && byModel.has(m));

  const noSpeedup = concurrent.filter((m) => byModel.get(m)!.every((r) => r.speedup === null));
  // Shared workload: a baseline that ran, but not every mode this model ran (summary.ts gives no speedup then).
  const otherWork = input.workload.kind === 'shared' ? noSpeedup.filter((m) => byModel.has(MODEL_INFO[m].baseline)) : [];
  const missingBaseline = noSpeedup.filter((m) => !otherWork.includes(m));
  if (otherWork.length > 0) {
    out.push({
      id: 'baseline-other-modes',
      tone: 'info',
      title: 'Not the same work as the baseline',
      sentence: `${otherWork.map(shortName).join(', ')} ran modes of the shared workload that the sequential baseline does not (yield-inside needs tasks in flight), so no speedup is given for them: their walls cover other work. The lost updates below compare the modes.`,
      evidence: {},
    });
  }
  if (missingBaseline.length > 0) {
    out.push({
      id: 'baseline',
      tone: 'warn',
      title: 'No baseline',
      sentence: `No sequential baseline finished for ${missingBaseline.map(shortName).join(', ')}, so their speedups cannot be computed. Check the failed trials and run again.`,
      evidence: {},
    });
  }

  const phrases: string[] = [];
  const evidence: Record<string, number | null> = {};
  let anyGain = false;
  for (const m of concurrent) {
    const best = bestRow(byModel.get(m)!);
    if (!best) continue;
    if ((best.speedup ?? 0) >= GAIN) anyGain = true;
    phrases.push(phrase(best, input));
    evidence[`${m}@${best.concurrency}.speedup`] = best.speedup;
  }
  if (phrases.length > 0) {
    out.push({
      id: 'headline',
      tone: anyGain ? 'good' : 'info',
      title: `${CLASS_TITLE[cls]} work`,
      sentence: `${CLASS_TITLE[cls]}: ${phrases.join('; ')}.`,
      evidence,
    });
  } else if (concurrent.length === 0) {
    out.push({
      id: 'headline',
      tone: 'info',
      title: `${CLASS_TITLE[cls]} work`,
      sentence: 'Only a sequential baseline ran: add async, threads or processes to see what concurrency buys.',
      evidence: {},
    });
  }

  const diagnoses =
    input.tasks !== undefined && input.memoryBytes !== undefined
      ? diagnose({
          workload: input.workload,
          tasks: input.tasks,
          summary: input.summary,
          logicalCores: input.logicalCores,
          memoryBytes: input.memoryBytes,
          python: input.python ?? null,
          ...(input.interpreters ? { interpreters: input.interpreters } : {}),
        })
      : [];
  // Where the measured waits explain a model's scaling, they replace the rule of thumb.
  const explained = new Set(
    diagnoses
      .filter((d) => d.id === 'too-fine-grained' || d.id === 'oversubscribed' || d.id === 'gil-bound')
      .flatMap((d) => [d.cell?.model, ...(d.elsewhere ?? []).map((c) => c.model)]),
  );
  for (const m of concurrent) {
    const v = scalingVerdict(m, byModel.get(m)!, input, explained.has(m));
    if (v) out.push(v);
  }
  // The noisy rule's verdict is below, as before.
  for (const d of diagnoses) if (d.id !== 'noisy') out.push(diagnosisVerdict(d));

  const startup = startupVerdict(byModel);
  if (startup) out.push(startup);

  const gil = gilVerdict(byModel, input);
  if (gil) out.push(gil);

  const noisy = input.summary.filter((r) => r.noisy);
  if (noisy.length > 0) {
    const names = noisy.slice(0, NOISY_NAMED).map((r) => `${shortName(r.model)} k = ${r.concurrency}`);
    if (noisy.length > NOISY_NAMED) names.push(`${noisy.length - NOISY_NAMED} more`);
    out.push({
      id: 'noisy',
      tone: 'warn',
      title: 'Noisy cells',
      sentence:
        `${noisy.length} of ${input.summary.length} cells are noisy (95% CI wider than ±${formatPct(NOISY_RELATIVE_HALF_WIDTH)} of the mean, ` +
        `or fewer than ${MIN_TRUSTED_TRIALS} trials): ${names.join(', ')}. Add repetitions or close other programs before trusting small differences.`,
      evidence: { noisyCells: noisy.length, cells: input.summary.length },
    });
  }

  if (input.failedTrials && input.failedTrials > 0) {
    out.push({
      id: 'failures',
      tone: 'bad',
      title: 'Failed trials',
      sentence: `${input.failedTrials} trial${input.failedTrials === 1 ? '' : 's'} failed or timed out and count in no figure. The trial table shows each error.`,
      evidence: { failedTrials: input.failedTrials },
    });
  }
  return out;
}

/** How a model's speedup grows with k, against what the workload class allows. */
function scalingVerdict(model: ModelName, rows: SummaryRow[], input: VerdictInput, explained = false): Verdict | null {
  const withSpeedup = rows.filter((r) => r.speedup !== null).sort((a, b) => a.concurrency - b.concurrency);
  if (withSpeedup.length === 0) return null;
  const cls = WORKLOAD_CLASS[input.workload.kind];
  const top = withSpeedup[withSpeedup.length - 1];
  const s = top.speedup!;
  const k = top.concurrency;
  const name = shortName(model);
  const single = oneLane(model, input);
  const id = `scaling-${model}`;
  const topCell = { model, concurrency: k };

  if (cls === 'io') {
    if (k === 1) return null;
    const ideal = s >= 0.75 * k;
    const pool = MODEL_INFO[model].runner === 'threads' || MODEL_INFO[model].runner === 'processes';
    return {
      id,
      tone: ideal ? 'good' : 'info',
      title: `${name}: waits overlap`,
      sentence: ideal
        ? `${name} reaches ${formatSpeedup(s)} at k = ${k}, close to the ideal ${k}×: while one task waits, the others run, even on ${single ? 'one processor' : `${input.logicalCores} cores`}.`
        : `${name} reaches ${formatSpeedup(s)} at k = ${k}, below the ideal ${k}×: per-task overhead${pool ? ', start-up' : ''} or the IO itself limits the overlap.`,
      cell: topCell,
      evidence: { speedup: s, concurrency: k },
    };
  }

  if (cls === 'mixed' && single && input.workload.kind === 'mixed') {
    const { cpuMs, waitMs } = input.workload;
    if (cpuMs <= 0) return null;
    const cap = Math.min(k, (cpuMs + waitMs) / cpuMs);
    return {
      id,
      tone: 'info',
      title: `${name}: capped by the CPU part`,
      sentence: `${name} reaches ${formatSpeedup(s)} at k = ${k}: the waits overlap, but the CPU part (${formatMs(cpuMs)} of ${formatMs(cpuMs + waitMs)} per task) runs one task at a time, which caps it near ${formatSpeedup(cap)}.`,
      cell: topCell,
      evidence: { speedup: s, concurrency: k, cpuMs, waitMs, cap },
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
        : explained
          ? 'the diagnoses below say why, from the measured waits'
          : eff >= 0.4
            ? 'part of the gain goes to start-up and coordination, or other programs share the cores'
            : 'the parallel gain is lost: the tasks are too short for the overhead, or other programs are using the cores (see the utilisation chart)';
    return {
      id,
      tone: eff >= 0.75 ? 'good' : eff >= 0.4 ? 'info' : 'warn',
      title: `${name}: ${formatPct(atCores.efficiency)} efficient`,
      sentence: `With ${describeLevel(model, atCores.concurrency)}, ${name} reach ${formatSpeedup(atCores.speedup)} of an ideal ${formatSpeedup(atCores.idealSpeedup)} (${formatPct(atCores.efficiency)} efficiency): ${why}.`,
      cell: { model, concurrency: atCores.concurrency },
      evidence: { speedup: atCores.speedup, efficiency: atCores.efficiency, concurrency: atCores.concurrency },
    };
  }
  const last = beyond[beyond.length - 1];
  // "More workers than cores" is a rule of thumb; when the measured waits name the cause, they speak instead.
  if (explained) return null;
  return {
    id,
    tone: 'info',
    title: `${name}: more workers than cores`,
    sentence: `Beyond this machine's ${input.logicalCores} logical cores, more workers only take turns: ${name} ${formatSpeedup(atCores.speedup)} at k = ${atCores.concurrency}, ${formatSpeedup(last.speedup)} at k = ${last.concurrency} (${formatPct(last.efficiency)} efficiency).`,
    cell: { model, concurrency: last.concurrency },
    evidence: {
      logicalCores: input.logicalCores,
      speedupAtCores: atCores.speedup,
      speedup: last.speedup,
      efficiency: last.efficiency,
      concurrency: last.concurrency,
    },
  };
}

/** Each runtime's process pool against its thread pool, from the models vocabulary. */
const POOL_PAIRS = MODELS.filter((m) => MODEL_INFO[m].runner === 'processes').map((proc) => {
  const thr = MODELS.find((m) => MODEL_INFO[m].runner === 'threads' && MODEL_INFO[m].runtime === MODEL_INFO[proc].runtime)!;
  return [proc, thr] as const;
});

/** What k processes or threads of a runtime are called in a sentence: "2 processes", "1 Python thread". */
function workers(model: ModelName, k: number): string {
  const noun = MODEL_INFO[model].runner === 'processes' ? (k === 1 ? 'process' : 'processes') : k === 1 ? 'thread' : 'threads';
  return `${k} ${MODEL_INFO[model].runtime === 'python' ? 'Python ' : ''}${noun}`;
}

/** Pool start-up is measured apart from the wall: the classic "processes are heavyweight", in numbers. */
function startupVerdict(byModel: Map<ModelName, SummaryRow[]>): Verdict | null {
  for (const [proc, thr] of POOL_PAIRS) {
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
    const kText = workers(proc, pick.concurrency);
    const cell = { model: proc, concurrency: pick.concurrency };
    if (t !== undefined && t > 0) {
      const ratio = p / t;
      return {
        id: 'startup',
        tone: 'info',
        title: 'Start-up cost',
        sentence: `Starting ${kText} takes ${formatMs(p)}, ${workers(thr, pick.concurrency)} ${formatMs(t)}: ${ratio >= GAIN ? `${formatSpeedup(ratio)} the cost` : 'about the same'}${shareText}. Each process loads a whole runtime; threads share one. Measured apart from the wall time.`,
        cell,
        evidence: { processStartupMs: p, threadStartupMs: t, shareOfWall: share },
      };
    }
    return {
      id: 'startup',
      tone: 'info',
      title: 'Start-up cost',
      sentence: `Starting ${kText} takes ${formatMs(p)}${shareText}, measured apart from the wall time: each process loads a whole runtime.`,
      cell,
      evidence: { processStartupMs: p, shareOfWall: share },
    };
  }
  return null;
}

function gilVerdict(byModel: Map<ModelName, SummaryRow[]>, input: VerdictInput): Verdict | null {
  if (WORKLOAD_CLASS[input.workload.kind] === 'io') return null;
  const thr = bestRow(byModel.get('py-threading') ?? []);
  if (!thr) return null;
  const mp = bestRow(byModel.get('py-multiprocessing') ?? []);
  const mpText = mp ? ` ${shortName('py-multiprocessing')} reaches ${formatSpeedup(mp.speedup)}: each process has its own interpreter and its own GIL.` : '';
  const evidence = { threadingSpeedup: thr.speedup, multiprocessingSpeedup: mp?.speedup ?? null };
  if (!holdsGil('py-threading', input.python)) {
    return {
      id: 'gil',
      tone: 'good',
      title: 'Free-threaded Python',
      sentence: `This Python runs without the GIL: threads run Python code in parallel (${formatSpeedup(thr.speedup)} with ${describeLevel('py-threading', thr.concurrency)}).${mpText}`,
      cell: { model: 'py-threading', concurrency: thr.concurrency },
      evidence,
    };
  }
  return {
    id: 'gil',
    tone: 'info',
    title: 'The GIL',
    sentence: `${shortName('py-threading')} stays near 1× (${formatSpeedup(thr.speedup)} at best): the OS switches threads pre-emptively, but the GIL lets only one run Python code, so it uses one processor.${mpText}`,
    cell: { model: 'py-threading', concurrency: thr.concurrency },
    evidence,
  };
}

/** A diagnosis (measured evidence, a sentence, a next step) as a verdict card. */
function diagnosisVerdict(d: Diagnosis): Verdict {
  const evidence: Record<string, number | null> = {};
  for (const e of d.evidence) evidence[e.unit && e.unit !== '×' ? `${e.name} (${e.unit})` : e.name] = e.value;
  const others = d.elsewhere?.length ? `; and ${d.elsewhere.length} other cell${d.elsewhere.length > 1 ? 's' : ''}` : '';
  const where = d.cell ? ` (${shortName(d.cell.model)} k = ${d.cell.concurrency}${d.alsoAt.length ? `; also k = ${d.alsoAt.join(', ')}` : ''}${others})` : '';
  return {
    id: d.id,
    tone: 'warn',
    title: `${DIAGNOSIS_TITLES[d.id]}${where}`,
    sentence: d.sentence,
    ...(d.cell ? { cell: d.cell } : {}),
    evidence,
    next: d.next,
  };
}
