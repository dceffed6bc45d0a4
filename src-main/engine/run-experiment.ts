// Runs an experiment: resolves sizes, plans the trials, hands each to its model's
// runner, streams progress, and gathers the result. The orchestrating thread never
// runs task code; it only starts pools, waits and counts.
import { errorMessage } from '../../src-shared/errors.ts';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRunName, planTrials, type ExperimentSpec, type Workload } from '../../src-shared/experiment.ts';
import { runtimeOf, type ModelName, type NodeModel } from '../../src-shared/models.ts';
import {
  RESULT_VERSION,
  figuresOf,
  type Calibration,
  type EngineEvent,
  type RunResult,
  type RunStatus,
  type TrialData,
  type TrialFigures,
  type TrialResult,
  type UtilizationSample,
} from '../../src-shared/result.ts';
import { SpanTable } from '../../src-shared/span-table.ts';
import { latenciesOf, summarize, TrialLatencies } from '../../src-shared/summary.ts';
import { trialStates } from '../../src-shared/wait-states.ts';
import { msBetween, nowNs } from './clock.ts';
import { resolveSpecCode, writeCodeModule } from './code/code-source.ts';
import { startLoopbackServer } from './http-server.ts';
import { childProcessLauncher } from './launchers/child-process-launcher.ts';
import { getMachineInfo } from './machine.ts';
import { ProgressTracker, SpanBatcher } from './progress.ts';
import { runPythonTrial } from './python/index.ts';
import { resolveSizes } from './resolve-sizes.ts';
import type { ResolvedWorkload } from './workloads/resolved-workload.ts';
import { NODE_RUNNERS } from './runners/index.ts';
import { LoopWorkers } from './runners/loop-workers.ts';
import { sharedPhases } from './runners/shared-phases.ts';
import { tasksPerTrial } from '../../src-shared/shared-state.ts';
import { withLiveSpans } from '../../src-shared/live-spans.ts';
import type { FaultPlan, ModelRunner, ProcessLauncher, TrialOutcome } from './types.ts';
import { startUtilizationSampler } from './utilization-sampler.ts';

export interface RunOptions {
  /** uuid; generated when absent. */
  runId?: string;
  /** Default: spec.name, else a readable one ("primes ×16, threads/processes"). */
  name?: string;
  signal?: AbortSignal;
  /**
   * Progress, and each measured trial with its spans ('trial-data', just before its
   * 'trial-finished'): the listener saves it there, because the engine keeps no spans. They
   * are freed as soon as the listener returns (SpanTable.release): read them while handling
   * the event, as the store, the CLI's --json file and the transports do.
   */
  onEvent?: (e: EngineEvent) => void;
  /** Default childProcessLauncher; Electron passes a utilityProcess one. */
  launcher?: ProcessLauncher;
  python?: { executable?: string };
  /**
   * Internal, tests only. Key `${model}@${k}` hits every trial of that cell (warm-ups
   * too); `${model}@${k}#${repetition}` hits that measured repetition only.
   */
  faults?: Partial<Record<string, FaultPlan>>;
}

function runnerFor(model: ModelName, workload: Workload): ModelRunner {
  const runner = runtimeOf(model) === 'python' ? runPythonTrial : NODE_RUNNERS[model as NodeModel];
  return workload.kind === 'shared' ? sharedPhases(runner) : runner;
}

/** A runner is not supposed to throw; if one does, that trial fails like any other fault. */
/** The trial's wait states, hand-off and switches from what its runner measured (none for a trial that never ran). */
function withStates(outcome: TrialOutcome, concurrency: number): { states?: TrialResult['states'] } {
  const states = trialStates(outcome.spans.columns(), {
    concurrency,
    wallMs: outcome.wallMs,
    ...(outcome.loop ? { loop: outcome.loop } : {}),
    ...(outcome.contextSwitches ? { contextSwitches: outcome.contextSwitches } : {}),
  });
  return states ? { states } : {};
}

async function runTrialSafely(runner: ModelRunner, ctx: Parameters<ModelRunner>[0]): Promise<TrialOutcome> {
  try {
    return await runner(ctx);
  } catch (e) {
    return { status: ctx.signal.aborted ? 'cancelled' : 'failed', wallMs: 0, startupMs: 0, cpuMs: 0, error: errorMessage(e), spans: new SpanTable(0) };
  }
}

/**
 * The run as the engine returns it: the result format without spans (they went out, trial
 * by trial, in 'trial-data' events), so a run of millions of spans holds one trial's worth.
 */
export interface EngineRunResult extends Omit<RunResult, 'trials'> {
  trials: TrialFigures[];
}

export async function runExperiment(input: ExperimentSpec, options: RunOptions = {}): Promise<EngineRunResult> {
  const runId = options.runId ?? randomUUID();
  const name = options.name ?? defaultRunName(input);
  const signal = options.signal ?? new AbortController().signal;
  const startedAt = new Date().toISOString();
  const runStartNs = nowNs();

  // A listener that throws must not take the run down with it (the trials are still
  // worth returning); its first error is reported in the result.
  let listenerError: string | undefined;
  const emit = (e: EngineEvent) => {
    if (!options.onEvent) return;
    try {
      options.onEvent(e);
    } catch (err) {
      listenerError ??= `a progress listener failed: ${errorMessage(err)}`;
    }
  };

  // The spec's own interpreter wins over the caller's default (the app's setting); the
  // spec as run names the one used, and the Python runner reads it from there.
  const python = { executable: input.python?.executable ?? options.python?.executable };
  if (python.executable && !input.python?.executable && input.models.some((m) => runtimeOf(m) === 'python')) {
    input = { ...input, python: { ...input.python, executable: python.executable } };
  }
  const machine = await getMachineInfo({ python, electron: process.versions.electron });

  // Samples taken before run-started (during calibration) wait for it, so a listener
  // never hears of a run before it has started.
  let announced = false;
  const early: UtilizationSample[] = [];
  const sampler = startUtilizationSampler({
    startNs: runStartNs,
    onSample: (sample) => (announced ? emit({ type: 'utilization', runId, sample }) : early.push(sample)),
  });

  let spec = input;
  let calibration: Calibration | undefined;
  /** The spec's workload with every size calibration fills in. */
  let workload: ResolvedWorkload;
  let status: RunStatus = 'running';
  let error: string | undefined;
  // What the summary needs of each measured trial: its figures, and its tasks' latency
  // quantiles (the spans themselves are freed once handed on).
  const trials: TrialFigures[] = [];
  const latencies = new TrialLatencies();
  let server: { url: string; close(): Promise<void> } | undefined;
  let tmpDir = '';
  let loopWorkers: LoopWorkers | undefined;
  let codeDir = '';
  let codePath: string | undefined;

  const announce = (totalTrials: number) => {
    emit({ type: 'run-started', runId, name, experiment: spec, machine, totalTrials, startedAt, ...(calibration ? { calibration } : {}) });
    announced = true;
    for (const sample of early.splice(0)) emit({ type: 'utilization', runId, sample });
  };

  try {
    // The code workload's source (read from its file) and SHA-256 go into the spec as run.
    input = spec = await resolveSpecCode(input);
    try {
      const resolved = await resolveSizes(input, { signal, python });
      spec = resolved.spec;
      workload = resolved.workload;
      calibration = resolved.calibration;
    } catch (e) {
      if (signal.aborted) throw signal.reason ?? e;
      const why = errorMessage(e);
      throw new Error(/^calibrat/i.test(why) ? why : `calibration failed: ${why}`);
    }

    const plan = planTrials(spec);
    announce(plan.length);
    if (signal.aborted) throw signal.reason;

    // The user's code finds the loopback server in LAB_HTTP_URL, as the http workload does in its env.
    if (spec.workload.kind === 'http' || spec.workload.kind === 'code') server = await startLoopbackServer();
    if (spec.workload.kind === 'file') tmpDir = await mkdtemp(join(tmpdir(), 'concurrency-lab-'));
    // sequential and async share one loop worker, started here, before the first trial and
    // outside every trial's figures: spawning a thread is not what either model costs.
    if (plan.some((t) => t.model === 'sequential' || t.model === 'async')) {
      loopWorkers = new LoopWorkers();
      // A worker that cannot start now is retried by the first trial, which reports why.
      await loopWorkers.acquire(signal).catch(() => undefined);
    }
    if (spec.workload.kind === 'code') {
      codeDir = await mkdtemp(join(tmpdir(), 'concurrency-lab-code-'));
      codePath = await writeCodeModule(spec.workload, codeDir);
    }

    const perTrial = tasksPerTrial(spec.workload, spec.tasks);
    const tracker = new ProgressTracker(plan, perTrial);
    let measured = 0;
    let warm = 0;
    // A cancel that lands after the last trial has finished cancels nothing.
    let cut = false;
    for (let p = 0; p < plan.length; p++) {
      if (signal.aborted) {
        cut = true;
        break;
      }
      const planned = plan[p];
      // Measured trials are numbered in execution order; warm-ups apart, by their own count.
      const index = planned.warmup ? warm++ : measured++;
      const { model, concurrency, repetition, warmup } = planned;
      const offsetMs = msBetween(runStartNs, nowNs());
      tracker.startTrial(p);
      emit({ type: 'trial-started', runId, index, warmup, model, concurrency, repetition, offsetMs, progress: tracker.snapshot() });

      let done = 0;
      const batcher = new SpanBatcher((spans) => {
        done += spans.count;
        tracker.tasksDone(spans.count);
        // The newest spans only, and as objects only if a listener reads them (live-spans.ts).
        emit(withLiveSpans({ type: 'tasks' as const, runId, index, warmup, done, total: perTrial, progress: tracker.snapshot() }, (n) => spans.newest(n)));
      });
      const fault = options.faults?.[`${model}@${concurrency}`] ?? (warmup ? undefined : options.faults?.[`${model}@${concurrency}#${repetition}`]);
      const outcome = await runTrialSafely(runnerFor(model, spec.workload), {
        spec,
        workload,
        model,
        concurrency,
        tasks: spec.tasks,
        timeoutMs: spec.timeoutMs,
        signal,
        onSpans: (spans) => batcher.add(spans),
        httpUrl: server?.url ?? '',
        tmpDir,
        ...(codePath ? { codePath } : {}),
        launcher: options.launcher ?? childProcessLauncher,
        repetition,
        ...(loopWorkers ? { loopWorkers } : {}),
        ...(fault ? { fault } : {}),
      });
      batcher.flush();
      batcher.close();
      tracker.finishTrial();

      const trial: TrialData = {
        index,
        model,
        concurrency,
        repetition,
        status: outcome.status,
        wallMs: outcome.wallMs,
        startupMs: outcome.startupMs,
        cpuMs: outcome.cpuMs,
        ...(outcome.peakRssBytes !== undefined ? { peakRssBytes: outcome.peakRssBytes } : {}),
        offsetMs,
        ...(outcome.error !== undefined ? { error: outcome.error } : {}),
        ...(outcome.eventLoop ? { eventLoop: outcome.eventLoop } : {}),
        ...(outcome.shared ? { shared: outcome.shared } : {}),
        ...withStates(outcome, model === 'sequential' || model === 'py-sequential' ? 1 : concurrency),
        spans: outcome.spans,
      };
      // The spans (columns, as the runner kept them) go to whoever saves them, then out of
      // memory at once: only figures and latency quantiles stay.
      const figures = figuresOf(trial);
      if (!warmup) {
        emit({ type: 'trial-data', runId, trial });
        trials.push(figures);
        if (trial.status === 'ok') latencies.add(trial.index, latenciesOf(trial.spans.columns()));
      }
      trial.spans.release();
      if (outcome.status === 'cancelled') cut = true;
      const summary = summarize(trials, machine.logicalCores, latencies);
      emit({ type: 'trial-finished', runId, warmup, trial: figures, summary, progress: tracker.snapshot() });
    }
    status = cut && signal.aborted ? 'cancelled' : 'completed';
  } catch (e) {
    if (signal.aborted) status = 'cancelled';
    else {
      status = 'failed';
      error = errorMessage(e);
    }
  } finally {
    await loopWorkers?.close();
    await server?.close().catch(() => undefined);
    if (tmpDir) await rm(tmpDir, { recursive: true, force: true }).catch(() => undefined);
    if (codeDir) await rm(codeDir, { recursive: true, force: true }).catch(() => undefined);
  }

  const utilization = sampler.stop();
  // Whatever stopped the run before it was announced, listeners still hear it start and end.
  if (!announced) announce(planTrials(spec).length);
  const summary = summarize(trials, machine.logicalCores, latencies);
  const endedAt = new Date().toISOString();
  error ??= listenerError;
  emit({ type: 'run-finished', runId, status, endedAt, summary, ...(error ? { error } : {}) });

  return {
    version: RESULT_VERSION,
    runId,
    name,
    experiment: spec,
    machine,
    status,
    startedAt,
    endedAt,
    ...(calibration ? { calibration } : {}),
    trials,
    summary,
    utilization,
    ...(error ? { error } : {}),
  };
}
