// Why a run went as it did, from its measured numbers (issue 12): each rule names the
// cell it fired on, the evidence (numbers), a plain sentence and the next step, like
// clinic.js Doctor. Every front end (CLI, JSON, Results, Compare) shows these.
// Inputs are the summary rows only, so a run read without its spans diagnoses alike.
import { isSequential, MODEL_INFO, WORKLOAD_CLASS, type ModelName } from './models.ts';
import type { PythonInfo, SummaryRow } from './result.ts';
import type { Workload } from './experiment.ts';

export type DiagnosisId =
  | 'gil-bound'
  | 'oversubscribed'
  | 'too-fine-grained'
  | 'startup-dominated'
  | 'blocked-event-loop'
  | 'imbalance'
  | 'waits-do-not-scale'
  | 'memory-heavy'
  | 'noisy'
  | 'not-comparable';

export interface Evidence {
  name: string;
  value: number;
  unit: 'ms' | '%' | '×' | 'bytes' | '';
}

export interface Diagnosis {
  id: DiagnosisId;
  /** The cell it fired on (the strongest, when several cells of a model did); null for a run-wide one. */
  cell: { model: ModelName; concurrency: number } | null;
  /** Other levels of k of the same model where it fired too. */
  alsoAt: number[];
  /**
   * A machine-wide cause (other programs kept the cores busy) fires once for the run:
   * the other cells, of any model, where it fired too. Absent for per-model diagnoses.
   */
  elsewhere?: { model: ModelName; concurrency: number }[];
  evidence: Evidence[];
  sentence: string;
  next: string;
}

export interface DiagnosisInput {
  workload: Workload;
  tasks: number;
  summary: readonly SummaryRow[];
  logicalCores: number;
  memoryBytes: number;
  python?: PythonInfo | null;
  /**
   * The interpreters this machine has now (the service's listInterpreters), where the
   * front end looked them up: the GIL-bound step then names a free-threaded one found, or
   * says none was. Absent: not looked up (an export), and the step says where to look.
   */
  interpreters?: readonly PythonInfo[];
}

/** Thresholds, named so tests can sit just under them and a reader can find them. */
export const THRESHOLDS = {
  /** GIL-bound: processors used at most this with k ≥ 2… */
  gilMaxProcessors: 1.2,
  /** …and tasks off their core at least this fraction of 1 − 1/k (what taking turns costs). */
  gilOffCoreOfIdeal: 0.6,
  /** Oversubscribed: tasks waited for a core at least this share of their time. */
  waitingShare: 0.2,
  /** Too fine-grained: hand-off at least this fraction of the median task. */
  handoffOfTask: 0.5,
  /** Suggested task length: this many times the measured hand-off. */
  taskPerHandoff: 10,
  /** Start-up dominated: start-up at least this share of start-up + wall. */
  startupShare: 0.25,
  /** Blocked event loop: loop busy at least this share of the trial. */
  loopBusy: 0.9,
  /** Imbalance: fewer than k tasks running at least this share of the wall. */
  tailShare: 0.2,
  /** Waits do not scale: IO speedup below this fraction of min(k, tasks), at k ≥ minIoK. */
  ioScaling: 0.5,
  minIoK: 4,
  /** Memory-heavy: peak RSS at least this share of the machine's memory. */
  memoryShare: 0.25,
} as const;

const pct = (x: number) => Math.round(x * 100);
const fix = (x: number, digits = 2) => Number(x.toFixed(digits));
/** A duration in a sentence: µs below a millisecond (a tiny task and its hand-off are µs apart). */
const ms = (x: number) =>
  x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : x >= 1 ? `${x.toFixed(2)} ms` : x * 1000 >= 10 ? `${Math.round(x * 1000)} µs` : `${(x * 1000).toFixed(1)} µs`;

/** What each rule is called where a title is shown (Results cards, the CLI's verdict list). */
export const DIAGNOSIS_TITLES: Record<DiagnosisId, string> = {
  'gil-bound': 'GIL-bound',
  oversubscribed: 'Oversubscribed',
  'too-fine-grained': 'Too fine-grained',
  'startup-dominated': 'Start-up dominated',
  'blocked-event-loop': 'Blocked event loop',
  imbalance: 'Imbalance: a tail of idle workers',
  'waits-do-not-scale': 'Waits do not scale',
  'memory-heavy': 'Memory-heavy',
  noisy: 'Noisy cells',
  'not-comparable': 'Not comparable',
};
const POOLS = new Set<ModelName>(['threads', 'processes', 'py-threading', 'py-multiprocessing']);
const LOOPS = new Set<ModelName>(['async', 'py-asyncio']);

function label(model: ModelName): string {
  return MODEL_INFO[model].label;
}

interface Hit {
  row: SummaryRow;
  /** Larger = stronger; the strongest cell of a model is the one reported. */
  strength: number;
  evidence: Evidence[];
  sentence: string;
  next: string;
}

type Rule = (row: SummaryRow, input: DiagnosisInput) => Omit<Hit, 'row'> | null;

const gilBound: Rule = (row, input) => {
  if (row.model !== 'py-threading' || input.python?.gilEnabled === false) return null;
  if (WORKLOAD_CLASS[input.workload.kind] === 'io' || row.concurrency < 2) return null;
  const p = row.processorsUsed;
  const s = row.stateShares;
  if (p == null || !s || s.scope !== 'tasks' || p > THRESHOLDS.gilMaxProcessors) return null;
  const off = s.blocked + (s.waiting ?? 0);
  if (off < THRESHOLDS.gilOffCoreOfIdeal * (1 - 1 / row.concurrency)) return null;
  const waitPart = s.waiting === null ? '' : `, ${pct(s.waiting)}% waiting for a core after each hand-over`;
  return {
    strength: row.concurrency,
    evidence: [
      { name: 'processors used', value: fix(p), unit: '' },
      { name: 'blocked share', value: pct(s.blocked), unit: '%' },
      ...(s.waiting === null ? [] : [{ name: 'waiting-for-a-core share', value: pct(s.waiting), unit: '%' as const }]),
      { name: 'k', value: row.concurrency, unit: '' },
    ],
    sentence:
      `Threads took turns: with ${row.concurrency} threads the run used ${p.toFixed(2)} processors, and each task was off its core ` +
      `${pct(off)}% of its time (${pct(s.blocked)}% blocked, waiting for the GIL${waitPart}).`,
    next: gilNext(input),
  };
};

/** Multiprocessing always; a free-threaded interpreter only where one was found on this machine. */
function gilNext(input: DiagnosisInput): string {
  const multiprocessing = 'Use py-multiprocessing for CPU-bound Python';
  if (!input.interpreters) {
    return `${multiprocessing}, or a free-threaded build (python3.13t or later) if \`concurrency-lab machine\` lists one.`;
  }
  const free = input.interpreters.find((p) => p.freeThreaded && p.gilEnabled !== true);
  if (!free) return `${multiprocessing}: no free-threaded interpreter (python3.13t or later) was found on this machine.`;
  return `${multiprocessing}, or run py-threading again on the free-threaded ${free.implementation} ${free.version} found here (${free.executable}): pick it as the Python interpreter in Design, or \`run --python ${free.executable}\`.`;
}

const oversubscribed: Rule = (row, input) => {
  const s = row.stateShares;
  if (!s || s.waiting === null || s.waiting < THRESHOLDS.waitingShare) return null;
  const cores = input.logicalCores;
  const over = row.concurrency > cores && !LOOPS.has(row.model);
  const [subject, their] = s.scope === 'loop' ? ['The event loop', 'its'] : ['Tasks', 'their'];
  return {
    strength: s.waiting,
    evidence: [
      { name: 'waiting-for-a-core share', value: pct(s.waiting), unit: '%' },
      { name: 'k', value: row.concurrency, unit: '' },
      { name: 'logical cores', value: cores, unit: '' },
    ],
    sentence: over
      ? `${subject} waited ${pct(s.waiting)}% of ${their} time for a core: k = ${row.concurrency} on ${cores} cores.`
      : `${subject} waited ${pct(s.waiting)}% of ${their} time for a core with k = ${row.concurrency} on ${cores} cores: other programs kept the cores busy.`,
    next: over
      ? `For CPU work keep k at or below the ${cores} cores: more workers only queue for them.`
      : 'Close other busy programs and run again; these figures include their load.',
  };
};

const tooFineGrained: Rule = (row) => {
  const h = row.handoffMs;
  const task = row.latencyMs.p50;
  if (!POOLS.has(row.model) || !h || !(task >= 0) || h.median < THRESHOLDS.handoffOfTask * task) return null;
  const minTask = niceCeil(h.median * THRESHOLDS.taskPerHandoff);
  const batch = Math.max(2, Math.ceil(minTask / Math.max(task, 1e-3)));
  return {
    strength: h.median / Math.max(task, 1e-6),
    evidence: [
      { name: 'median task', value: task, unit: 'ms' },
      { name: 'hand-off median', value: h.median, unit: 'ms' },
      { name: 'hand-off p95', value: h.p95, unit: 'ms' },
    ],
    sentence: `Each task takes ${ms(task)}; handing one to a worker and back costs ${ms(h.median)} (p95 ${ms(h.p95)}).`,
    next: `Make tasks of at least ${ms(minTask)} (${THRESHOLDS.taskPerHandoff}× the hand-off), or batch about ${batch} tasks into one.`,
  };
};

const startupDominated: Rule = (row, input) => {
  if (isSequential(row.model) || LOOPS.has(row.model)) return null;
  const start = row.startupMs.median;
  const wall = row.wallMs.median;
  if (!(start >= 0) || !(wall >= 0) || start + wall <= 0) return null;
  const share = start / (start + wall);
  if (share < THRESHOLDS.startupShare) return null;
  const threads = input.summary.find((r) => r.model === (row.runtime === 'python' ? 'py-threading' : 'threads') && r.concurrency === row.concurrency);
  const cheaper =
    (row.model === 'processes' || row.model === 'py-multiprocessing') && threads && threads.startupMs.median < start
      ? ` or ${label(threads.model).toLowerCase()} (${ms(threads.startupMs.median)} to start here) if the work allows`
      : '';
  return {
    strength: share,
    evidence: [
      { name: 'start-up', value: start, unit: 'ms' },
      { name: 'wall', value: wall, unit: 'ms' },
      { name: 'start-up share', value: pct(share), unit: '%' },
    ],
    sentence: `Starting the pool took ${ms(start)}, ${pct(share)}% of start-up plus the ${ms(wall)} of work.`,
    next: `Give each pool more work per start (more or longer tasks)${cheaper}.`,
  };
};

const blockedEventLoop: Rule = (row, input) => {
  if (!LOOPS.has(row.model)) return null;
  const cpuPerTask = row.cpuMs.median / Math.max(1, input.tasks);
  const el = row.eventLoop;
  const s = row.stateShares;
  let busy: number | null = null;
  let delay: number | null = null;
  if (el) {
    busy = el.utilization;
    delay = el.delayP99Ms;
  } else if (s && s.scope === 'loop') busy = s.running + (s.waiting ?? 0);
  if (busy === null || busy < THRESHOLDS.loopBusy) return null;
  if (delay !== null && delay < cpuPerTask) return null;
  return {
    strength: busy,
    evidence: [
      { name: 'loop busy', value: pct(busy), unit: '%' },
      ...(delay === null ? [] : [{ name: 'loop delay p99', value: delay, unit: 'ms' as const }]),
      { name: 'CPU per task', value: fix(cpuPerTask, 3), unit: 'ms' },
    ],
    sentence:
      `The event loop was busy ${pct(busy)}% of the trial` +
      (delay === null ? '' : ` and a ready task waited up to ${ms(delay)} (p99) to run, more than a task's own CPU time (${ms(cpuPerTask)})`) +
      ': CPU work on the loop holds up every other callback waiting on it.',
    next:
      row.runtime === 'python'
        ? 'Move the CPU work off the loop: loop.run_in_executor with a ProcessPoolExecutor, or py-multiprocessing.'
        : 'Move the CPU work off the loop: worker threads or processes.',
  };
};

const imbalance: Rule = (row) => {
  const tail = row.tailShare;
  if (tail == null || row.concurrency < 2 || tail < THRESHOLDS.tailShare) return null;
  return {
    strength: tail,
    evidence: [
      { name: 'tail share of the wall', value: pct(tail), unit: '%' },
      { name: 'k', value: row.concurrency, unit: '' },
    ],
    sentence: `For ${pct(tail)}% of the wall fewer than ${row.concurrency} tasks were running: once the queue was empty, workers sat idle while the last tasks finished.`,
    next: `Use a task count that is a multiple of k = ${row.concurrency}, or more, smaller tasks so the last round is short.`,
  };
};

const waitsDoNotScale: Rule = (row, input) => {
  if (WORKLOAD_CLASS[input.workload.kind] !== 'io' || isSequential(row.model) || row.speedup === null) return null;
  const ideal = Math.min(row.concurrency, input.tasks);
  if (row.concurrency < THRESHOLDS.minIoK || ideal < THRESHOLDS.minIoK) return null;
  if (row.speedup >= THRESHOLDS.ioScaling * ideal) return null;
  const what = input.workload.kind === 'file' ? 'the disk' : input.workload.kind === 'http' ? 'the server' : 'whatever the tasks wait on';
  return {
    strength: ideal / Math.max(row.speedup, 1e-6),
    evidence: [
      { name: 'speedup', value: fix(row.speedup), unit: '×' },
      { name: 'ideal (min(k, tasks))', value: ideal, unit: '×' },
    ],
    sentence: `Waiting work should overlap up to ${ideal}×, but k = ${row.concurrency} reached ${row.speedup.toFixed(2)}×: ${what} is the limit, not the workers.`,
    next: `More workers will not help; measure ${what} (time per request or write) and raise its capacity.`,
  };
};

const memoryHeavy: Rule = (row, input) => {
  const rss = row.peakRssBytes;
  if (rss == null || !(input.memoryBytes > 0)) return null;
  const share = rss / input.memoryBytes;
  if (share < THRESHOLDS.memoryShare) return null;
  return {
    strength: share,
    evidence: [
      { name: 'peak RSS', value: rss, unit: 'bytes' },
      { name: 'share of memory', value: pct(share), unit: '%' },
    ],
    sentence: `At k = ${row.concurrency} the workers' peak memory came to ${pct(share)}% of this machine's memory.`,
    next: 'Fewer workers, or smaller per-worker data: the next step up risks swapping, which would swamp every figure.',
  };
};

const RULES: [DiagnosisId, Rule][] = [
  ['gil-bound', gilBound],
  ['oversubscribed', oversubscribed],
  ['too-fine-grained', tooFineGrained],
  ['startup-dominated', startupDominated],
  ['blocked-event-loop', blockedEventLoop],
  ['imbalance', imbalance],
  ['waits-do-not-scale', waitsDoNotScale],
  ['memory-heavy', memoryHeavy],
];

/** 1, 2, 5 × 10ⁿ at or above x: a task length a person would pick. */
function niceCeil(x: number): number {
  if (!(x > 0)) return 0;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x - 1e-12) return m * p;
  return 10 * p;
}

/** Whether a cell's waits for a core are its own doing (more workers than cores) rather than the machine's. */
function ownOversubscription(row: SummaryRow, cores: number): boolean {
  return row.concurrency > cores && !LOOPS.has(row.model);
}

/**
 * Every rule over every cell: one diagnosis per (rule, model), at its strongest cell. Waits
 * for a core with k ≤ the cores are the machine's (other programs), not a model's: they
 * make one diagnosis for the run, at the worst cell, naming the others.
 */
export function diagnose(input: DiagnosisInput): Diagnosis[] {
  const out: Diagnosis[] = [];
  for (const [id, rule] of RULES) {
    const byModel = new Map<ModelName, Hit[]>();
    const busyMachine: Hit[] = [];
    for (const row of input.summary) {
      const hit = rule(row, input);
      if (!hit) continue;
      if (id === 'oversubscribed' && !ownOversubscription(row, input.logicalCores)) {
        busyMachine.push({ row, ...hit });
        continue;
      }
      const list = byModel.get(row.model) ?? [];
      list.push({ row, ...hit });
      byModel.set(row.model, list);
    }
    for (const [model, hits] of byModel) {
      const best = hits.reduce((a, b) => (b.strength > a.strength ? b : a));
      out.push({
        id,
        cell: { model, concurrency: best.row.concurrency },
        alsoAt: hits.filter((h) => h !== best).map((h) => h.row.concurrency).sort((a, b) => a - b),
        evidence: best.evidence,
        sentence: best.sentence,
        next: best.next,
      });
    }
    if (busyMachine.length > 0) out.push(machineWide(id, busyMachine));
  }
  const noisy = input.summary.filter((r) => r.noisy);
  if (noisy.length > 0) {
    const worst = noisy.reduce((a, b) => (relativeHalfWidth(b) > relativeHalfWidth(a) ? b : a));
    const names = noisy.map((r) => `${r.model} k=${r.concurrency}`).join(', ');
    out.push({
      id: 'noisy',
      cell: { model: worst.model, concurrency: worst.concurrency },
      alsoAt: [],
      evidence: [
        { name: 'noisy cells', value: noisy.length, unit: '' },
        { name: 'widest 95% CI half-width', value: pct(relativeHalfWidth(worst)), unit: '%' },
        { name: 'ok trials in that cell', value: worst.trials, unit: '' },
      ],
      sentence: `The spread of ${names} is too wide to trust one figure (up to ±${pct(relativeHalfWidth(worst))}% of the mean, or fewer than 3 trials).`,
      next: 'Run more repetitions, on a quieter machine; until then read those cells as rough.',
    });
  }
  return out;
}

/** One diagnosis for hits whose cause is the machine: the worst cell's words, the count of the others. */
function machineWide(id: DiagnosisId, hits: Hit[]): Diagnosis {
  const best = hits.reduce((a, b) => (b.strength > a.strength ? b : a));
  const others = hits.filter((h) => h !== best).map((h) => ({ model: h.row.model, concurrency: h.row.concurrency }));
  const more = others.length === 0 ? '' : ` ${others.length} other cell${others.length > 1 ? 's' : ''} of this run waited ${THRESHOLDS.waitingShare * 100}% or more too.`;
  return {
    id,
    cell: { model: best.row.model, concurrency: best.row.concurrency },
    alsoAt: [],
    ...(others.length > 0 ? { elsewhere: others } : {}),
    evidence: [...best.evidence, ...(others.length > 0 ? [{ name: 'other cells', value: others.length, unit: '' as const }] : [])],
    sentence: best.sentence + more,
    next: best.next,
  };
}

function relativeHalfWidth(row: SummaryRow): number {
  const half = (row.wallMs.ci95.high - row.wallMs.ci95.low) / 2;
  return row.wallMs.mean > 0 && Number.isFinite(half) ? half / row.wallMs.mean : 0;
}

/** A comparison's reasons the runs may not be comparable, as run-wide diagnoses. */
export function notComparable(warnings: readonly string[]): Diagnosis[] {
  return warnings.map((w) => ({
    id: 'not-comparable' as const,
    cell: null,
    alsoAt: [],
    evidence: [],
    sentence: w,
    next: 'Compare runs of the same experiment on the same machine, or read the differences as partly the setup’s.',
  }));
}

/** One line for a terminal or a list: "sentence Next: step." */
export function diagnosisLine(d: Diagnosis): string {
  const others = d.elsewhere?.length ? ` (and ${d.elsewhere.map((c) => `${c.model} k=${c.concurrency}`).join(', ')})` : '';
  const where = d.cell ? `${d.cell.model} k=${d.cell.concurrency}${d.alsoAt.length ? ` (also k=${d.alsoAt.join(', ')})` : ''}${others}` : 'run';
  return `[${d.id}] ${where}: ${d.sentence} Next: ${d.next}`;
}

/** The diagnoses of a run from its result (summary, experiment, machine). */
export function diagnoseRun(run: { experiment: { workload: Workload; tasks: number }; summary: readonly SummaryRow[]; machine: { logicalCores: number; memoryBytes: number; python?: PythonInfo } }): Diagnosis[] {
  return diagnose({
    workload: run.experiment.workload,
    tasks: run.experiment.tasks,
    summary: run.summary,
    logicalCores: run.machine.logicalCores,
    memoryBytes: run.machine.memoryBytes,
    python: run.machine.python ?? null,
  });
}
