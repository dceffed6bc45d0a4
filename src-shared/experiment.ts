// The experiment spec: one zod schema, used at every edge (CLI, IPC, HTTP, import),
// so a bad value gets the same message ("concurrency[0]: must be an integer from 1 to 512")
// wherever it comes from.
import { z } from 'zod';
import { codeFileName, codeWorkloadSchema, checkCodeWorkload, checkCodeModels } from './code-workload.ts';
import { MODELS, isSequential, runtimeOf, type ModelName } from './models.ts';
import { MAX_SHARED_TOTAL, SHARED_MODES, SHARED_SPELLINGS, modeUnavailable } from './shared-state.ts';

export const LIMITS = {
  tasks: 1_000_000,
  concurrency: 512,
  repetitions: 100,
  warmup: 10,
  timeoutMs: 3_600_000,
  taskMs: 10_000,
  primesN: 1_000_000_000,
  hashBytes: 64 * 1024 * 1024,
  hashRounds: 10_000_000,
  sleepMs: 60_000,
  httpBytes: 16 * 1024 * 1024,
  fileBytes: 256 * 1024 * 1024,
  sharedOps: 100_000_000,
  /** sys.setswitchinterval, in ms: CPython's own floor is above 0, its default 5 ms. */
  switchIntervalMs: { min: 0.001, max: 1_000 },
} as const;

function int(lo: number, hi: number) {
  const message = `must be an integer from ${lo} to ${hi}`;
  return z.number({ error: message }).int({ error: message }).min(lo, { error: message }).max(hi, { error: message });
}

function num(lo: number, hi: number) {
  const message = `must be a number from ${lo} to ${hi}`;
  return z.number({ error: message }).min(lo, { error: message }).max(hi, { error: message });
}

const taskMs = num(0.1, LIMITS.taskMs).optional();

const primes = z.strictObject({
  kind: z.literal('primes'),
  /** Count primes below n (pure JS / pure Python arithmetic). */
  n: int(2, LIMITS.primesN).optional(),
  /** Instead of n: calibrate n to this many ms per task on this machine. */
  taskMs,
});

const hash = z.strictObject({
  kind: z.literal('hash'),
  /** SHA-256 over `bytes`, `rounds` times (native code). */
  bytes: int(1, LIMITS.hashBytes).optional(),
  rounds: int(1, LIMITS.hashRounds).optional(),
  taskMs,
});

const sleep = z.strictObject({
  kind: z.literal('sleep'),
  ms: num(0, LIMITS.sleepMs),
});

const http = z.strictObject({
  kind: z.literal('http'),
  /** Server-side delay before the loopback server answers. */
  latencyMs: num(0, LIMITS.sleepMs).default(20),
  /** Size of the response body. */
  bytes: int(0, LIMITS.httpBytes).default(1024),
});

const file = z.strictObject({
  kind: z.literal('file'),
  /** Write, fsync and read back this many bytes in a temp dir. */
  bytes: int(1, LIMITS.fileBytes),
});

const mixed = z.strictObject({
  kind: z.literal('mixed'),
  /** CPU work per task, as a fixed amount of work calibrated to this many ms (not a timed spin). */
  cpuMs: num(0, LIMITS.taskMs),
  /** Then wait this long (a timer). */
  waitMs: num(0, LIMITS.sleepMs),
  /** The CPU part as primes below n; calibrated from cpuMs when absent (the spec as run carries it). */
  n: int(2, LIMITS.primesN).optional(),
});

const shared = z.strictObject({
  kind: z.literal('shared'),
  /** Updates each task makes to the state every task shares. */
  ops: int(1, LIMITS.sharedOps),
  /** How each update is made; every mode runs in turn within each trial, on fresh state. */
  modes: z
    .array(z.enum(SHARED_MODES, { error: `must be one of ${SHARED_MODES.join(', ')}` }), { error: 'must be a list of modes' })
    .min(1, { error: 'choose at least one mode' })
    .refine((m) => new Set(m).size === m.length, { error: 'must not repeat a mode' })
    .default(['unsafe', 'locked', 'atomic']),
  /** How read-compute-write is written (unsafe, locked, yield-inside): CPython switches threads at calls, not inside t = t + 1. */
  spelling: z.enum(SHARED_SPELLINGS, { error: `must be one of ${SHARED_SPELLINGS.join(', ')}` }).default('call-between'),
});

export const workloadSchema = z
  .discriminatedUnion('kind', [primes, hash, sleep, http, file, mixed, shared, codeWorkloadSchema], {
    error: 'must be one of primes, hash, sleep, http, file, mixed, shared, code',
  })
  .superRefine((w, ctx) => {
    if (w.kind === 'primes' && w.n === undefined && w.taskMs === undefined) {
      ctx.addIssue({ code: 'custom', path: ['n'], message: 'give n or taskMs' });
    }
    if (w.kind === 'hash' && w.taskMs === undefined && (w.bytes === undefined || w.rounds === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['bytes'], message: 'give bytes and rounds, or taskMs' });
    }
    if (w.kind === 'code') checkCodeWorkload(w, ctx);
  });

const modelName = z.enum(MODELS, {
  error: `must be one of ${MODELS.join(', ')}`,
});

export const pythonOptionsSchema = z.strictObject({
  /** Interpreter to run; found on PATH as python3 by default. */
  executable: z.string().min(1, { error: 'must be a non-empty path' }).optional(),
  /** multiprocessing start method; the platform's default when absent. */
  startMethod: z.enum(['spawn', 'fork', 'forkserver'], { error: 'must be spawn, fork or forkserver' }).optional(),
  /** sys.setswitchinterval for every Python process of the run, in ms; the interpreter's own (5 ms) when absent. */
  switchIntervalMs: num(LIMITS.switchIntervalMs.min, LIMITS.switchIntervalMs.max).optional(),
});

export const experimentSchema = z
  .strictObject({
    name: z.string().trim().min(1, { error: 'must not be empty' }).max(200, { error: 'must be at most 200 characters' }).optional(),
    workload: workloadSchema,
    tasks: int(1, LIMITS.tasks),
    models: z
      .array(modelName, { error: 'must be a list of models' })
      .min(1, { error: 'choose at least one model' })
      .refine((m) => new Set(m).size === m.length, { error: 'must not repeat a model' }),
    concurrency: z
      .array(int(1, LIMITS.concurrency), { error: 'must be a list of integers' })
      .min(1, { error: 'give at least one level' })
      .refine((k) => new Set(k).size === k.length, { error: 'must not repeat a level' }),
    repetitions: int(1, LIMITS.repetitions).default(3),
    warmup: int(0, LIMITS.warmup).default(1),
    order: z.enum(['interleaved', 'grouped'], { error: 'must be interleaved or grouped' }).default('interleaved'),
    /** A task running longer than this fails its trial. */
    timeoutMs: int(1, LIMITS.timeoutMs).default(60_000),
    python: pythonOptionsSchema.optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.workload.kind === 'code') checkCodeModels(spec.workload, spec.models, ctx);
    const w = spec.workload;
    if (w.kind !== 'shared') return;
    if (spec.tasks * w.ops > MAX_SHARED_TOTAL) {
      ctx.addIssue({
        code: 'custom',
        path: ['workload', 'ops'],
        message: `tasks × ops must be at most ${MAX_SHARED_TOTAL.toLocaleString('en-US')} (the shared counter is a 32-bit integer)`,
      });
    }
    // A mode no model of the spec can run is refused here, with the reason; one that only
    // some models cannot run is recorded as not run, with the reason, in those cells.
    // (Only the models asked for: the baseline added for speedup does not make a spec of threads alone able to yield.)
    w.modes.forEach((mode, i) => {
      if (spec.models.some((m) => modeUnavailable(m, mode) === undefined)) return;
      const why = modeUnavailable(spec.models[0], mode)!;
      const message =
 mode === 'yield-inside'
          ? `yield-inside needs an async model (async or py-asyncio): ${why}`
          : `no model of this spec can run ${mode}: ${why}`;
      ctx.addIssue({ code: 'custom', path: ['workload', 'modes', i], message });
    });
  });

/** The spec as a user writes it (defaults may be missing). */
export type ExperimentInput = z.input<typeof experimentSchema>;
/** The spec as run: defaults filled in. */
export type ExperimentSpec = z.output<typeof experimentSchema>;
export type Workload = ExperimentSpec['workload'];

export interface FieldIssue {
  /** e.g. "concurrency[0]" or "workload.n" ("" for the whole spec). */
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** Issues listed in an error; the rest are counted, so 100,000 bad levels make 9 lines, not 5 MB. */
export const MAX_ISSUES_LISTED = 8;

/**
 * The first MAX_ISSUES_LISTED issues, then one that counts the rest ("…and 99992 more").
 * Never "and 1 more" (that line may as well be the issue), so a capped list passes unchanged.
 */
export function capIssues(issues: FieldIssue[]): FieldIssue[] {
  if (issues.length <= MAX_ISSUES_LISTED + 1) return issues;
  return [...issues.slice(0, MAX_ISSUES_LISTED), { path: '', message: `…and ${issues.length - MAX_ISSUES_LISTED} more` }];
}

export function validateExperiment(input: unknown): Validation<ExperimentSpec> {
  const parsed = experimentSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: capIssues(
      parsed.error.issues.flatMap((i) =>
        // An unknown key is named as the field itself, so a typo reads "workload.tsks: unknown field".
        i.code === 'unrecognized_keys'
          ? i.keys.map((key) => ({ path: formatPath([...i.path, key]), message: 'unknown field' }))
          : [{ path: formatPath(i.path), message: i.message }],
      ),
    ),
  };
}

/** One line per issue, "field: reason", for CLI and error data. */
export function describeIssues(issues: FieldIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n');
}

/** Whether the workload gives a time per task instead of a size, so the run calibrates first. */
export function needsCalibration(w: Workload): boolean {
  return (
    (w.kind === 'primes' && w.n === undefined) ||
    (w.kind === 'hash' && (w.bytes === undefined || w.rounds === undefined)) ||
    (w.kind === 'mixed' && w.n === undefined && w.cpuMs > 0)
  );
}

export interface Cell {
  model: ModelName;
  concurrency: number;
}

/**
 * The models a spec runs: its own, plus each runtime's sequential baseline
 * (speedup needs it), first, so a run always has something to compare against.
 */
export function modelsWithBaselines(models: readonly ModelName[]): ModelName[] {
  const out: ModelName[] = [];
  if (models.some((m) => runtimeOf(m) === 'node') && !models.includes('sequential')) out.push('sequential');
  if (models.some((m) => runtimeOf(m) === 'python') && !models.includes('py-sequential')) out.push('py-sequential');
  return [...out, ...models];
}

/** The (model, k) cells of a spec: sequential baselines once at k = 1, others at every level. */
export function cellsOf(spec: Pick<ExperimentSpec, 'models' | 'concurrency'>): Cell[] {
  const cells: Cell[] = [];
  for (const model of modelsWithBaselines(spec.models)) {
    if (isSequential(model)) cells.push({ model, concurrency: 1 });
    else for (const k of spec.concurrency) cells.push({ model, concurrency: k });
  }
  return cells;
}

export interface PlannedTrial extends Cell {
  repetition: number;
  /** Warm-up trials run first and are kept out of the results. */
  warmup: boolean;
}

/**
 * The order trials run in. Interleaved (the default) cycles through every cell
 * within each repetition, so drift on a noisy machine hits every cell alike;
 * grouped runs all repetitions of one cell before the next.
 */
export function planTrials(spec: ExperimentSpec): PlannedTrial[] {
  const cells = cellsOf(spec);
  const plan: PlannedTrial[] = [];
  for (let w = 0; w < spec.warmup; w++) {
    for (const c of cells) plan.push({ ...c, repetition: w, warmup: true });
  }
  if (spec.order === 'grouped') {
    for (const c of cells) for (let r = 0; r < spec.repetitions; r++) plan.push({ ...c, repetition: r, warmup: false });
  } else {
    for (let r = 0; r < spec.repetitions; r++) for (const c of cells) plan.push({ ...c, repetition: r, warmup: false });
  }
  return plan;
}

/** A workload in a few words, for a run's default name: "sleep 20 ms", "primes 20 ms". */
export function describeWorkload(w: Workload): string {
  switch (w.kind) {
    case 'primes':
    case 'hash':
      return w.taskMs !== undefined ? `${w.kind} ${w.taskMs} ms` : w.kind;
    case 'sleep':
      return `sleep ${w.ms} ms`;
    case 'http':
      return `http ${w.latencyMs} ms`;
    case 'file':
      return `file ${w.bytes} B`;
    case 'mixed':
      return `mixed ${w.cpuMs}+${w.waitMs} ms`;
    case 'shared':
      return `shared ${w.modes.join('/')} ×${w.ops}`;
    case 'code':
      return codeFileName(w);
  }
}

/** The name a run gets when its spec has none. */
export function defaultRunName(spec: ExperimentSpec): string {
  return spec.name ?? `${describeWorkload(spec.workload)} ×${spec.tasks}, ${spec.models.join('/')}`;
}
