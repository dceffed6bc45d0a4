// Interfaces inside the engine: how a trial is handed to a model runner, and how
// child processes are launched (child_process under Node, utilityProcess under Electron).
import type { ExperimentSpec } from '../../src-shared/experiment.ts';
import type { ModelName } from '../../src-shared/models.ts';
import type { EventLoopFigures, SharedPhase, TrialStatus } from '../../src-shared/result.ts';
import type { LoopWorkers } from './runners/loop-workers.ts';
import type { LoopReading } from '../../src-shared/wait-states.ts';
import type { SpanTable } from '../../src-shared/span-table.ts';
import type { SpanBatch } from '../../src-shared/live-spans.ts';

import type { ResolvedWorkload } from './workloads/resolved-workload.ts';

export type { ResolvedWorkload };

export interface TrialContext {
  spec: ExperimentSpec;
  workload: ResolvedWorkload;
  model: ModelName;
  concurrency: number;
  tasks: number;
  /** A task running longer than this fails the trial with status 'timeout'. */
  timeoutMs: number;
  /** Aborted on cancel: the runner ends every worker and child within a second. */
  signal: AbortSignal;
  /**
   * Stream finished tasks as they complete (the engine batches them into progress events):
   * a count and the newest as objects on demand, so a task costs no object (live-spans.ts).
   */
  onSpans(spans: SpanBatch): void;
  /** Base URL of the engine's loopback HTTP server, for the http workload. */
  httpUrl: string;
  /** A temp dir for the file workload; the engine removes it after the run. */
  tmpDir: string;
  /** The user's module written to disk, for the code workload; workers import it from here. */
  codePath?: string;
  launcher: ProcessLauncher;
  /** The run's loop worker for sequential and async, started before the first trial; absent, a trial starts its own. */
  loopWorkers?: LoopWorkers;
  /** Fault injection for tests and demonstrations; never set from a user's spec. */
  fault?: FaultPlan;
  /** Which repetition this trial is (warm-ups count their own), so a shared trial can rotate its modes. */
  repetition?: number;
  /** false: skip the wait-state readings (only the bench's "without" side does); default true. */
  measureWaits?: boolean;
}

/** A shared workload's state as read back after one mode's tasks (see SharedPhase). */
export interface CounterReading {
  /** null where the workers share no memory (Node processes). */
  observed: number | null;
  /** Node processes: each one's own count, by worker index. */
  perProcess?: number[];
  /** Python: sys.getswitchinterval() in the process(es) that ran the tasks, ms. */
  switchIntervalMs?: number;
}

export interface FaultPlan {
  /** throw: the task throws; crash: its worker or process exits abruptly; hang: it never finishes. */
  kind: 'throw' | 'crash' | 'hang';
  /** Which task (0-based) misbehaves. */
  task: number;
}

export interface TrialOutcome {
  status: TrialStatus;
  wallMs: number;
  startupMs: number;
  cpuMs: number;
  peakRssBytes?: number;
  error?: string;
  eventLoop?: EventLoopFigures;
  /** Shared workload, from a model runner: the state after this trial's tasks. */
  counter?: CounterReading;
  /** Shared workload, from the engine's phases: every mode's figures. */
  shared?: SharedPhase[];
  /** The loop thread's own CPU and run-queue time over the trial (async models: spans share that thread). */
  loop?: LoopReading;
  /** Context switches of the threads or processes that ran tasks, where the OS reports them. */
  contextSwitches?: { voluntary: number; involuntary: number };
  /** The trial's spans, kept as columns from the first task on (never as a million objects). */
  spans: SpanTable;
}

export type ModelRunner = (ctx: TrialContext) => Promise<TrialOutcome>;

/** Starts one child process running a module; Node's child_process by default, utilityProcess in Electron. */
export interface ProcessLauncher {
  readonly kind: 'child_process' | 'utilityProcess';
  launch(modulePath: string, options: { name: string; env?: Record<string, string> }): ChildHandle;
}

export interface ChildHandle {
  /** Undefined until the OS has given one (utilityProcess reports it on spawn). */
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the child is gone, whatever the cause (exit, crash, kill, failed spawn). */
  onExit(listener: (code: number | null, signal: string | null, error?: Error) => void): void;
  /** Ends the child at once (SIGKILL where the platform has it). */
  kill(): void;
}
