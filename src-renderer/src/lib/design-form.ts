// The Design view's form as plain data, and its translation to and from the
// experiment spec. The form keeps every workload's sizes at once, so switching
// cards and back does not lose what the user typed.
import type { CodeLanguage } from '../../../src-shared/code-workload.ts';
import type { ExperimentInput } from '../../../src-shared/experiment.ts';
import { CODE_EXAMPLES } from './code-examples.ts';
import { runtimeOf, type ModelName, type WorkloadKind } from '../../../src-shared/models.ts';
import type { SharedMode, SharedSpelling } from '../../../src-shared/shared-state.ts';

export type SizeMode = 'time' | 'size';
export type StartMethod = NonNullable<NonNullable<ExperimentInput['python']>['startMethod']>;

export interface DesignForm {
  name: string;
  kind: WorkloadKind;
  primes: { mode: SizeMode; taskMs: number; n: number };
  hash: { mode: SizeMode; taskMs: number; bytes: number; rounds: number };
  sleep: { ms: number };
  http: { latencyMs: number; bytes: number };
  file: { bytes: number };
  /** n is the CPU part's fixed size once calibrated; null lets the engine calibrate cpuMs. */
  mixed: { cpuMs: number; waitMs: number; n: number | null };
  shared: { ops: number; modes: SharedMode[]; spelling: SharedSpelling };
  /** The user's own function; file is kept only as the name it came from (the source is what runs). */
  code: { language: CodeLanguage; source: string; file: string };
  tasks: number;
  models: ModelName[];
  concurrency: number[];
  repetitions: number;
  warmup: number;
  order: 'interleaved' | 'grouped';
  /** '' leaves the choice to the backend: its default interpreter, the platform's start method, the interpreter's switch interval. */
  python: { executable: string; startMethod: StartMethod | ''; switchIntervalMs: number | '' };
}

/** Powers of two up to twice the logical cores, plus 2 × cores itself when it is not one. */
export function defaultLevels(logicalCores: number): number[] {
  const top = Math.max(2, 2 * Math.max(1, Math.floor(logicalCores)));
  const levels: number[] = [];
  for (let k = 1; k <= top; k *= 2) levels.push(k);
  if (levels[levels.length - 1] !== top) levels.push(top);
  return levels;
}

export function defaultForm(logicalCores = 2): DesignForm {
  return {
    name: '',
    kind: 'primes',
    primes: { mode: 'time', taskMs: 20, n: 200_000 },
    hash: { mode: 'time', taskMs: 20, bytes: 65_536, rounds: 64 },
    sleep: { ms: 20 },
    http: { latencyMs: 20, bytes: 1024 },
    file: { bytes: 1_048_576 },
    mixed: { cpuMs: 10, waitMs: 10, n: null },
    shared: { ops: 100_000, modes: ['unsafe', 'locked', 'atomic'], spelling: 'call-between' },
    code: { language: 'python', source: CODE_EXAMPLES[0].source, file: '' },
    tasks: 32,
    models: ['sequential', 'async', 'threads', 'processes'],
    concurrency: defaultLevels(logicalCores),
    repetitions: 3,
    warmup: 1,
    order: 'interleaved',
    python: { executable: '', startMethod: '', switchIntervalMs: '' },
  };
}

/** The spec exactly as the form says, unvalidated: the schema judges it, so its messages show inline. */
export function buildSpecInput(form: DesignForm): ExperimentInput {
  const spec = {
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    workload: workloadOf(form),
    tasks: form.tasks,
    models: [...form.models],
    concurrency: [...form.concurrency].sort((a, b) => a - b),
    repetitions: form.repetitions,
    warmup: form.warmup,
    order: form.order,
    ...pythonOf(form),
  };
  return spec as ExperimentInput;
}

/** Python options only where a model uses them: hidden settings must not change the run. */
function pythonOf(form: DesignForm): Pick<ExperimentInput, 'python'> {
  if (!form.models.some((m) => runtimeOf(m) === 'python')) return {};
  const executable = form.python.executable.trim();
  const startMethod = form.models.includes('py-multiprocessing') ? form.python.startMethod : '';
  const switchIntervalMs = form.python.switchIntervalMs;
  if (!executable && !startMethod && switchIntervalMs === '') return {};
  return {
    python: {
      ...(executable ? { executable } : {}),
      ...(startMethod ? { startMethod } : {}),
      ...(switchIntervalMs !== '' ? { switchIntervalMs } : {}),
    },
  };
}

function workloadOf(form: DesignForm): ExperimentInput['workload'] {
  switch (form.kind) {
    case 'primes':
      return form.primes.mode === 'time' ? { kind: 'primes', taskMs: form.primes.taskMs } : { kind: 'primes', n: form.primes.n };
    case 'hash':
      return form.hash.mode === 'time'
        ? { kind: 'hash', taskMs: form.hash.taskMs }
        : { kind: 'hash', bytes: form.hash.bytes, rounds: form.hash.rounds };
    case 'sleep':
      return { kind: 'sleep', ms: form.sleep.ms };
    case 'http':
      return { kind: 'http', latencyMs: form.http.latencyMs, bytes: form.http.bytes };
    case 'file':
      return { kind: 'file', bytes: form.file.bytes };
    case 'mixed':
      return {
        kind: 'mixed',
        cpuMs: form.mixed.cpuMs,
        waitMs: form.mixed.waitMs,
        ...(form.mixed.n !== null ? { n: form.mixed.n } : {}),
      };
    case 'shared':
      return { kind: 'shared', ops: form.shared.ops, modes: [...form.shared.modes], spelling: form.shared.spelling };
    case 'code':
      return { kind: 'code', language: form.code.language, source: form.code.source, ...(form.code.file ? { file: form.code.file } : {}) };
  }
}

/** A preset (or an imported spec) poured into the form; fields it leaves out keep the form's values. */
export function applySpecToForm(form: DesignForm, spec: ExperimentInput): void {
  form.name = spec.name ?? '';
  const w = spec.workload;
  form.kind = w.kind;
  switch (w.kind) {
    case 'primes':
      if (w.n !== undefined) Object.assign(form.primes, { mode: 'size', n: w.n });
      else Object.assign(form.primes, { mode: 'time', taskMs: w.taskMs ?? form.primes.taskMs });
      break;
    case 'hash':
      if (w.taskMs !== undefined) Object.assign(form.hash, { mode: 'time', taskMs: w.taskMs });
      else Object.assign(form.hash, { mode: 'size', bytes: w.bytes ?? form.hash.bytes, rounds: w.rounds ?? form.hash.rounds });
      break;
    case 'sleep':
      form.sleep.ms = w.ms;
      break;
    case 'http':
      form.http.latencyMs = w.latencyMs ?? form.http.latencyMs;
      form.http.bytes = w.bytes ?? form.http.bytes;
      break;
    case 'file':
      form.file.bytes = w.bytes;
      break;
    case 'mixed':
      Object.assign(form.mixed, { cpuMs: w.cpuMs, waitMs: w.waitMs, n: w.n ?? null });
      break;
    case 'shared':
      form.shared.ops = w.ops;
      if (w.modes) form.shared.modes = [...w.modes];
      if (w.spelling) form.shared.spelling = w.spelling;
      break;
    case 'code':
      form.code = { language: w.language, source: w.source ?? form.code.source, file: w.file ?? '' };
      break;
  }
  form.tasks = spec.tasks;
  form.models = [...spec.models];
  form.concurrency = [...spec.concurrency];
  if (spec.repetitions !== undefined) form.repetitions = spec.repetitions;
  if (spec.warmup !== undefined) form.warmup = spec.warmup;
  if (spec.order !== undefined) form.order = spec.order;
  form.python = {
    executable: spec.python?.executable ?? '',
    startMethod: spec.python?.startMethod ?? '',
    switchIntervalMs: spec.python?.switchIntervalMs ?? '',
  };
}
