// The JSON-lines protocol between the lab and resources/python/runner.py: one
// request line in, messages out. The runner's stdout is an edge like any other,
// so every line is checked against one schema before anything trusts it.
import { z } from 'zod';
import type { ResolvedWorkload } from '../workloads/resolved-workload.ts';
import type { PythonModel } from '../../../src-shared/models.ts';
import type { FaultPlan } from '../types.ts';

export interface TrialRequest {
  mode: 'trial';
  model: PythonModel;
  concurrency: number;
  tasks: number;
  workload: ResolvedWorkload;
  timeoutMs: number;
  httpUrl: string;
  tmpDir: string;
  /** null: the platform's default start method. */
  startMethod: 'spawn' | 'fork' | 'forkserver' | null;
  /** sys.setswitchinterval in seconds for every process of the trial; null: the interpreter's own. */
  switchIntervalS: number | null;
  fault: FaultPlan | null;
  /** The code workload: the user's file to import, and the name to show in its errors. */
  codePath?: string;
  codeName?: string;
  /** false: no wait-state readings (the bench's "without" side); absent means true. */
  measureWaits?: boolean;
}

export interface CalibrationRequest {
  mode: 'calibrate';
  kind: 'primes' | 'hash' | 'mixed';
  taskMs: number;
}

export interface CheckRequest {
  mode: 'check';
  source: string;
  name: string;
}

export interface TryRequest {
  mode: 'try';
  codePath: string;
  name: string;
  /** The loopback server, for code that does IO (LAB_HTTP_URL). */
  httpUrl: string;
}

export type RunnerRequest = TrialRequest | CalibrationRequest | CheckRequest | TryRequest;

const count = z.number().int().nonnegative();
/** time.monotonic_ns(): CLOCK_MONOTONIC, the clock of process.hrtime.bigint(). */
const ns = z.number().nonnegative();

const spanSchema = z.object({
  task: count,
  worker: count,
  startNs: ns,
  endNs: ns,
  pid: count.optional(),
  thread: count.optional(),
  cpu: count.optional(),
  runNs: ns.optional(),
  waitNs: ns.optional(),
  handoffInNs: ns.optional(),
  handoffOutNs: ns.optional(),
});

const switchesSchema = z.object({ voluntary: count, involuntary: count });

const workerSchema = z.object({ worker: count, pid: count, thread: count });

export const runnerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    pid: count,
    version: z.string(),
    executable: z.string(),
    gilEnabled: z.boolean().nullable(),
    startMethod: z.string().nullable(),
  }),
  z.object({ type: z.literal('started'), t0Ns: ns, startupNs: ns, workers: z.array(workerSchema) }),
  z.object({ type: z.literal('spans'), spans: z.array(spanSchema) }),
  z.object({ type: z.literal('progress'), done: count, inFlight: count }),
  z.object({
    type: z.literal('result'),
    t0Ns: ns,
    endNs: ns,
    wallNs: ns,
    startupNs: ns,
    cpuNs: ns,
    peakRssBytes: count.nullable(),
    /** Shared workload: the state read back after the last task, and the switch interval it ran under. */
    shared: z.object({ observed: z.number().int(), switchIntervalS: z.number().positive() }).optional(),
    switches: switchesSchema.optional(),
    /** py-asyncio: the loop thread's CPU and run-queue ns over the trial. */
    loop: z.object({ cpuNs: ns, waitNs: ns.nullable(), wallNs: ns }).optional(),
  }),
  z.object({ type: z.literal('calibration'), params: z.record(z.string(), z.number()), measuredMs: z.number().nonnegative() }),
  z.object({ type: z.literal('error'), kind: z.enum(['failed', 'timeout']), message: z.string() }),
  z.object({
    type: z.literal('checked'),
    ok: z.boolean(),
    problems: z.array(z.object({ line: count, column: count, message: z.string() })),
    has: z.object({ task: z.boolean(), taskAsync: z.boolean(), setup: z.boolean() }),
  }),
  z.object({
    type: z.literal('tried'),
    outcome: z.enum(['ok', 'error']),
    ms: z.number().nonnegative().nullable(),
    result: z.string().optional(),
    error: z.string().optional(),
    async: z.boolean().optional(),
  }),
]);

export type RunnerMessage = z.infer<typeof runnerMessageSchema>;
export type RunnerSpan = z.infer<typeof spanSchema>;
export type RunnerWorker = z.infer<typeof workerSchema>;

/** The message on one line of the runner's stdout, or undefined if the line is not protocol. */
export function parseRunnerLine(line: string): RunnerMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = runnerMessageSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export function encodeRequest(request: RunnerRequest): string {
  return `${JSON.stringify(request)}\n`;
}
