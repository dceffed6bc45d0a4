// What a spec needs from the machine before it runs — memory, temporary disk, time — set
// against what the machine has free, so a spec that cannot finish or would exhaust the
// machine is refused (naming the field and the numbers) and a merely large one is confirmed
// first, in the Design view, the service and the CLI alike. Estimates, not measurements:
// they are meant to be right within a factor of two, which is what the two thresholds need.
import { estimateRunMs } from './estimate.ts';
import type { ExperimentSpec, FieldIssue } from './experiment.ts';
import { cellsOf } from './experiment.ts';
import { formatBytes, formatDuration } from './format.ts';
import { MODEL_INFO, runtimeOf, type InterpreterGil, type ModelName } from './models.ts';

const MiB = 1024 * 1024;

/**
 * Memory one worker adds, by kind, measured with `npm run bench memory` (bench/memory.bench.ts)
 * on a 2-core Linux machine, Node 24 and CPython 3.11, pools of 8 idle members, rounded up:
 * a worker thread grew the process's RSS by 24 MiB; a Node child's proportional set size
 * (Pss: shared pages split among the processes sharing them) was 38 MiB (RSS 89 MiB); a
 * multiprocessing worker (spawn) 15 MiB Pss (RSS 25 MiB); the Python runner itself 28 MiB
 * RSS; a Python thread under 0.1 MiB.
 */
export const WORKER_MEMORY = {
  thread: 25 * MiB,
  nodeProcess: 40 * MiB,
  pythonRunner: 30 * MiB,
  pythonProcess: 16 * MiB,
  pythonThread: 0.1 * MiB,
  /** A task in flight on an event loop: its promise, timers and closures. */
  loopTask: 0.01 * MiB,
} as const;

/** Runs beyond this are refused: they cannot be watched to the end, nor stopped half-way without loss. */
export const MAX_RUN_MS = 24 * 60 * 60 * 1000;
/** Runs beyond this are started only once confirmed. */
export const CONFIRM_RUN_MS = 10 * 60 * 1000;
/** A run may use this fraction of the free memory (or disk) before it asks. */
export const CONFIRM_FRACTION = 0.5;

/** What the machine has free now, from the backend (getCapacity). */
export interface MachineCapacity {
  logicalCores: number;
  /** Memory available to new work (MemAvailable, or the cgroup's limit less usage). */
  freeMemoryBytes: number;
  /** Free space for the file workload's temporary files. */
  freeDiskBytes: number;
  /** Where those files go. */
  tempDir: string;
}

export interface CellNeeds {
  model: ModelName;
  concurrency: number;
  memoryBytes: number;
  diskBytes: number;
}

export interface ResourceIssue extends FieldIssue {
  /** refuse: the machine cannot do it; confirm: it can, but it is large. */
  level: 'refuse' | 'confirm';
}

export interface ResourceEstimate {
  /** The most any one cell needs at once (cells run one after another). */
  memoryBytes: number;
  diskBytes: number;
  /** null when sizes need a calibration to know. */
  durationMs: number | null;
  issues: ResourceIssue[];
  verdict: 'ok' | 'confirm' | 'refuse';
}

/** How many workers a model starts at level k, and how many tasks it has in flight. */
function shape(model: ModelName, k: number): { workers: number; inFlight: number } {
  switch (MODEL_INFO[model].runner) {
    case 'sequential':
      return { workers: 1, inFlight: 1 };
    case 'event-loop':
      return { workers: 1, inFlight: k };
    default:
      return { workers: k, inFlight: k };
  }
}

/** Memory of the workers themselves, without the workload's buffers. */
function workerMemory(model: ModelName, k: number): number {
  const runner = MODEL_INFO[model].runner;
  if (runtimeOf(model) === 'python') {
    if (runner === 'processes') return WORKER_MEMORY.pythonRunner + k * WORKER_MEMORY.pythonProcess;
    if (runner === 'threads') return WORKER_MEMORY.pythonRunner + k * WORKER_MEMORY.pythonThread;
    return WORKER_MEMORY.pythonRunner + (runner === 'event-loop' ? k * WORKER_MEMORY.loopTask : 0);
  }
  if (runner === 'processes') return k * WORKER_MEMORY.nodeProcess;
  if (runner === 'threads') return k * WORKER_MEMORY.thread;
  // sequential and async run on the engine's one loop thread.
  return WORKER_MEMORY.thread + (runner === 'event-loop' ? k * WORKER_MEMORY.loopTask : 0);
}

/**
 * The workload's own bytes: hash keeps one input buffer per worker; file one data buffer
 * per worker and, per task in flight, the copy it reads back and the file on disk; http the
 * body each task in flight receives (its chunks and their concatenation).
 */
function workloadBytes(w: ExperimentSpec['workload'], workers: number, inFlight: number): { memory: number; disk: number } {
  switch (w.kind) {
    case 'hash':
      return { memory: workers * (w.bytes ?? 0), disk: 0 };
    case 'file':
      return { memory: (workers + inFlight) * w.bytes, disk: inFlight * w.bytes };
    case 'http':
      return { memory: 2 * inFlight * w.bytes, disk: 0 };
    default:
      return { memory: 0, disk: 0 };
  }
}

export function cellNeeds(spec: ExperimentSpec, model: ModelName, k: number): CellNeeds {
  const { workers, inFlight } = shape(model, k);
  // Python's multiprocessing holds the buffers in each process; its threads and asyncio share one.
  const bufferHolders = runtimeOf(model) === 'python' && MODEL_INFO[model].runner !== 'processes' ? 1 : workers;
  const bytes = workloadBytes(spec.workload, bufferHolders, inFlight);
  return { model, concurrency: k, memoryBytes: workerMemory(model, k) + bytes.memory, diskBytes: bytes.disk };
}

function describeCell(c: CellNeeds, spec: ExperimentSpec): string {
  const runner = MODEL_INFO[c.model].runner;
  const what =
    runner === 'processes'
      ? `${c.concurrency} ${runtimeOf(c.model) === 'python' ? 'Python processes' : 'processes'}`
      : runner === 'threads'
        ? `${c.concurrency} ${runtimeOf(c.model) === 'python' ? 'Python threads' : 'threads'}`
        : `${c.model} with ${c.concurrency} tasks in flight`;
  const w = spec.workload;
  if (w.kind === 'hash' && w.bytes) return `${what} hashing ${formatBytes(w.bytes)} each`;
  if (w.kind === 'file') return `${what} writing ${formatBytes(w.bytes)} files`;
  if (w.kind === 'http') return `${what} receiving ${formatBytes(w.bytes)} bodies`;
  return what;
}

/** The field a cell's size comes from: its level, or the workload's size for a single-worker model. */
function fieldOf(spec: ExperimentSpec, c: CellNeeds): string {
  const i = spec.concurrency.indexOf(c.concurrency);
  if (i >= 0 && MODEL_INFO[c.model].runner !== 'sequential') return `concurrency[${i}]`;
  return 'workload.bytes';
}

/**
 * Estimates what a spec needs and compares it with what the machine has free. The issues
 * name the field to change and carry both numbers, e.g.
 * "concurrency[0]: 512 processes need about 20 GiB of memory; 9.8 GiB is free".
 */
export function estimateResources(
  spec: ExperimentSpec,
  capacity: MachineCapacity,
  options: { measuredMsPerTask?: number; python?: InterpreterGil | null } = {},
): ResourceEstimate {
  const cells = cellsOf(spec).map((c) => cellNeeds(spec, c.model, c.concurrency));
  const worstMemory = cells.reduce((a, c) => (c.memoryBytes > a.memoryBytes ? c : a), cells[0]);
  const worstDisk = cells.reduce((a, c) => (c.diskBytes > a.diskBytes ? c : a), cells[0]);
  const durationMs = estimateRunMs(spec, capacity.logicalCores, options.measuredMsPerTask, options.python);
  const issues: ResourceIssue[] = [];

  const memory = worstMemory.memoryBytes;
  const memoryText = `${describeCell(worstMemory, spec)} need about ${formatBytes(memory)} of memory; ${formatBytes(capacity.freeMemoryBytes)} is free`;
  if (memory > capacity.freeMemoryBytes) issues.push({ level: 'refuse', path: fieldOf(spec, worstMemory), message: memoryText });
  else if (memory > CONFIRM_FRACTION * capacity.freeMemoryBytes) issues.push({ level: 'confirm', path: fieldOf(spec, worstMemory), message: `${memoryText} (more than half)` });

  const disk = worstDisk.diskBytes;
  if (disk > 0) {
    const diskText = `${describeCell(worstDisk, spec)} need about ${formatBytes(disk)} of temporary disk; ${formatBytes(capacity.freeDiskBytes)} is free in ${capacity.tempDir}`;
    if (disk > capacity.freeDiskBytes) issues.push({ level: 'refuse', path: fieldOf(spec, worstDisk), message: diskText });
    else if (disk > CONFIRM_FRACTION * capacity.freeDiskBytes) issues.push({ level: 'confirm', path: fieldOf(spec, worstDisk), message: `${diskText} (more than half)` });
  }

  if (durationMs !== null) {
    const text = `the run would take about ${describeLongDuration(durationMs)}`;
    if (durationMs > MAX_RUN_MS) issues.push({ level: 'refuse', path: 'tasks', message: `${text}; the lab runs at most ${MAX_RUN_MS / 3_600_000} hours: fewer tasks, repetitions, levels or a smaller workload` });
    else if (durationMs > CONFIRM_RUN_MS) issues.push({ level: 'confirm', path: 'tasks', message: text });
  }

  const verdict = issues.some((i) => i.level === 'refuse') ? 'refuse' : issues.length ? 'confirm' : 'ok';
  return { memoryBytes: memory, diskBytes: disk, durationMs, issues, verdict };
}

/** formatDuration, with days and years for the absurd ones ("about 21 years", not "11000009 min"). */
export function describeLongDuration(ms: number): string {
  const day = 24 * 60 * 60 * 1000;
  if (ms >= 365 * day) return `${Math.round(ms / (365 * day)).toLocaleString('en-US')} years`;
  if (ms > 2 * day) return `${Math.round(ms / day)} days`;
  return formatDuration(ms);
}
