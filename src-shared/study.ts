// A study (issue 13): an experiment with one axis that varies. It is checked with the
// same schema library and the same field-named errors as an experiment spec, then
// expanded into one experiment spec per value, each run and saved as a normal run.
import { z } from 'zod';
import {
  LIMITS,
  capIssues,
  describeWorkload,
  formatPath,
  validateExperiment,
  workloadSchema,
  type ExperimentSpec,
  type FieldIssue,
  type Validation,
  type Workload,
} from './experiment.ts';

export const STUDY_AXES = ['workload', 'taskMs', 'cpuShare'] as const;
export type StudyAxis = (typeof STUDY_AXES)[number];

export const STUDY_LIMITS = {
  /** Values on the axis: each is one run. */
  values: 24,
  /** The sequential work a taskMs study holds constant in each run, ms. */
  totalMs: { min: 1, max: 600_000 },
  /** Below this many tasks per worker a run measures its tail, not its granularity. */
  tasksPerWorker: 2,
} as const;

/** The workloads whose per-task size is a time, so a taskMs study can vary it. */
export const TASK_MS_KINDS = ['primes', 'hash', 'sleep', 'mixed'] as const;

function num(lo: number, hi: number) {
  const message = `must be a number from ${lo} to ${hi}`;
  return z.number({ error: message }).min(lo, { error: message }).max(hi, { error: message });
}

function values<T extends z.ZodType>(item: T) {
  return z
    .array(item, { error: 'must be a list of values' })
    .min(2, { error: 'give at least 2 values (a study compares them)' })
    .max(STUDY_LIMITS.values, { error: `give at most ${STUDY_LIMITS.values} values (each is one run)` });
}

const distinct = (xs: readonly number[]) => new Set(xs).size === xs.length;

const varyWorkload = z.strictObject({
  axis: z.literal('workload'),
  /** Workloads, each a workload of the experiment schema; the rest of the base spec is shared. */
  values: values(z.unknown()),
});

const varyTaskMs = z.strictObject({
  axis: z.literal('taskMs'),
  /** Per-task durations, ms, each calibrated on this machine when its run starts. */
  values: values(num(0.1, LIMITS.taskMs)).refine(distinct, { error: 'must not repeat a value' }),
  /** The sequential work held constant: each run has about totalMs ÷ taskMs tasks. */
  totalMs: num(STUDY_LIMITS.totalMs.min, STUDY_LIMITS.totalMs.max),
});

const varyCpuShare = z.strictObject({
  axis: z.literal('cpuShare'),
  /** The CPU share of a mixed task, 0 (all waiting) to 1 (all CPU), at the base's task duration. */
  values: values(num(0, 1)).refine(distinct, { error: 'must not repeat a value' }),
});

export const studySchema = z.strictObject({
  name: z.string({ error: 'must be text' }).trim().min(1, { error: 'must not be empty' }).max(200, { error: 'must be at most 200 characters' }),
  /** An experiment spec (as in a spec file): everything the runs share. */
  base: z.record(z.string(), z.unknown(), { error: 'must be an experiment spec (an object)' }),
  vary: z.discriminatedUnion('axis', [varyWorkload, varyTaskMs, varyCpuShare], {
    error: `must say its axis: one of ${STUDY_AXES.join(', ')}`,
  }),
});

/** A study as a user writes it. */
export type StudyInput = z.input<typeof studySchema>;
export type StudyVary = z.output<typeof studySchema>['vary'];

/** A value of the axis: a workload, a task duration (ms) or a CPU share (0..1). */
export type StudyValue = Workload | number;

/** One run of a study. */
export interface StudyMemberPlan {
  /** Position on the axis, as the study lists its values. */
  index: number;
  value: StudyValue;
  /** The value in a few words: "primes 10 ms", "0.3 ms", "25% CPU". */
  label: string;
  /** The experiment this value runs (its name says study and value). */
  spec: ExperimentSpec;
  /** taskMs axis: when the task count hit a limit, which one (the total work then differs). */
  bounded?: 'fewest' | 'most';
}

/** A study as it runs: the checked input, and its runs in axis order. */
export interface StudyPlan {
  name: string;
  axis: StudyAxis;
  /** The study as written (validated), so it can be run again or exported. */
  definition: z.output<typeof studySchema>;
  members: StudyMemberPlan[];
}

export function valueLabel(axis: StudyAxis, value: StudyValue): string {
  if (axis === 'workload') return describeWorkload(value as Workload);
  if (axis === 'taskMs') return `${value} ms`;
  return `${Math.round((value as number) * 100)}% CPU`;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => ({ path: formatPath([...i.path, key]), message: 'unknown field' }))
      : [{ path: formatPath(i.path), message: i.message }],
  );
}

/**
 * Checks a study and expands it into one experiment spec per value. Problems are named
 * by the study's own fields: "vary.values[2]: must be a number from 0.1 to 10000",
 * "base.models[0]: must be one of …"; a problem of the base is listed once, not per value.
 */
export function planStudy(input: unknown): Validation<StudyPlan> {
  const parsed = studySchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: capIssues(issuesOf(parsed.error)) };
  const def = parsed.data;
  const { base, vary } = def;
  const issues: FieldIssue[] = [];
  const add = (path: string, message: string) => {
    if (!issues.some((i) => i.path === path && i.message === message)) issues.push({ path, message });
  };

  const baseWorkload = base.workload as { kind?: unknown; cpuMs?: unknown; waitMs?: unknown } | undefined;
  if (vary.axis === 'workload' && base.workload !== undefined) {
    add('base.workload', 'leave it out: a workload study takes its workloads from vary.values');
  }
  if (vary.axis === 'taskMs') {
    if (!(TASK_MS_KINDS as readonly unknown[]).includes(baseWorkload?.kind)) {
      add('base.workload.kind', `a taskMs study varies a time per task: must be one of ${TASK_MS_KINDS.join(', ')}`);
    }
    if (base.tasks !== undefined) add('base.tasks', 'leave it out: a taskMs study sets it (vary.totalMs ÷ each task size)');
  }
  if (vary.axis === 'cpuShare') {
    if (baseWorkload?.kind !== 'mixed') add('base.workload.kind', 'a cpuShare study varies the CPU part of a task: must be mixed');
  }
  if (issues.length) return { ok: false, issues: capIssues(issues) };

  const maxK = Array.isArray(base.concurrency) ? Math.max(1, ...base.concurrency.filter((k): k is number => typeof k === 'number')) : 1;
  const members: StudyMemberPlan[] = [];
  vary.values.forEach((value, index) => {
    const candidate: Record<string, unknown> = { ...base };
    let bounded: StudyMemberPlan['bounded'];
    // Where a problem of this value's spec is reported: what the value set is the value's, the rest the base's.
    let ownFields: (path: string) => boolean;
    if (vary.axis === 'workload') {
      const checked = workloadSchema.safeParse(value);
      if (!checked.success) {
        for (const i of issuesOf(checked.error)) add(`vary.values[${index}]${i.path ? `.${i.path}` : ''}`, i.message);
        return;
      }
      candidate.workload = value;
      ownFields = (p) => p === 'workload' || p.startsWith('workload.');
    } else if (vary.axis === 'taskMs') {
      const ms = value as number;
      candidate.workload = withTaskMs(base.workload as Workload, ms);
      const want = Math.round(vary.totalMs / ms);
      const fewest = Math.min(LIMITS.tasks, STUDY_LIMITS.tasksPerWorker * maxK);
      const tasks = Math.min(LIMITS.tasks, Math.max(fewest, want));
      if (tasks !== want) bounded = tasks > want ? 'fewest' : 'most';
      candidate.tasks = tasks;
      ownFields = (p) => p === 'tasks' || ['workload.taskMs', 'workload.ms', 'workload.cpuMs', 'workload.waitMs'].includes(p);
    } else {
      candidate.workload = withCpuShare(base.workload as Workload & { kind: 'mixed' }, value as number);
      ownFields = (p) => p === 'workload.cpuMs' || p === 'workload.waitMs';
    }
    const label = valueLabel(vary.axis, vary.axis === 'workload' ? (value as Workload) : (value as number));
    candidate.name = `${def.name}: ${label}`;
    const checked = validateExperiment(candidate);
    if (!checked.ok) {
      for (const i of checked.issues) {
        if (i.path === 'name') continue;
        const own = ownFields(i.path);
        const rest = vary.axis === 'workload' ? i.path.replace(/^workload\.?/, '') : '';
        add(own ? `vary.values[${index}]${rest ? `.${rest}` : ''}` : i.path ? `base.${i.path}` : 'base', i.message);
      }
      return;
    }
    members.push({ index, value: vary.axis === 'workload' ? checked.value.workload : (value as number), label, spec: checked.value, ...(bounded && { bounded }) });
  });
  if (issues.length) return { ok: false, issues: capIssues(issues) };
  return { ok: true, value: { name: def.name, axis: vary.axis, definition: def, members } };
}

/** The base workload at another time per task; a mixed task keeps its CPU share. Sizes given in the base are dropped: each run calibrates its own. */
function withTaskMs(w: Workload, ms: number): unknown {
  switch (w.kind) {
    case 'primes':
      return { kind: 'primes', taskMs: ms };
    case 'hash':
      return { kind: 'hash', taskMs: ms };
    case 'sleep':
      return { kind: 'sleep', ms };
    case 'mixed': {
      const total = w.cpuMs + w.waitMs;
      const share = total > 0 ? w.cpuMs / total : 1;
      return { kind: 'mixed', cpuMs: round4(ms * share), waitMs: round4(ms * (1 - share)) };
    }
    default:
      return w;
  }
}

/** A mixed task of the base's duration with this share of it on the CPU. */
function withCpuShare(w: { cpuMs?: unknown; waitMs?: unknown }, share: number): unknown {
  const total = (typeof w.cpuMs === 'number' ? w.cpuMs : 0) + (typeof w.waitMs === 'number' ? w.waitMs : 0);
  return { kind: 'mixed', cpuMs: round4(total * share), waitMs: round4(total * (1 - share)) };
}

/**
 * The order a study runs its values in: not along the axis, where slow drift on a busy
 * machine (heat, other work) would pass for an effect of the axis, but spread over it
 * (the bit-reversal order: 0, 4, 2, 6, 1, 5, 3, 7 for eight values), so drift lands on
 * small and large values alike.
 */
export function spreadOrder(n: number): number[] {
  let bits = 0;
  while (1 << bits < n) bits++;
  const out: number[] = [];
  for (let j = 0; j < 1 << bits; j++) {
    let r = 0;
    for (let b = 0; b < bits; b++) if (j & (1 << b)) r |= 1 << (bits - 1 - b);
    if (r < n) out.push(r);
  }
  return out;
}
