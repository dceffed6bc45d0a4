// The contract, implemented once, in process: engine and store behind LabApi. Electron IPC
// and the browser-mode server are thin transports over this; nothing here throws across
// the contract — every failure comes back as ApiError data.
import { randomUUID } from 'node:crypto';
import type { ActiveRun, ApiError, ApiResult, CalibrateRequest, ExportPayload, ExportRequest, LabApi, RunListItem } from '../../src-shared/contract.ts';
import { errorMessage } from '../../src-shared/errors.ts';
import { describeIssues, validateExperiment, type ExperimentSpec } from '../../src-shared/experiment.ts';
import { estimateResources } from '../../src-shared/resources.ts';
import { runtimeOf } from '../../src-shared/models.ts';
import { withSpanObjects, type Calibration, type EngineEvent, type ProgressEvent, type RunResult, type TrialResult } from '../../src-shared/result.ts';
import { calibrate, getCapacity, getMachineInfo, listModels, listPresets, listStudyPresets, runExperiment, type EngineRunResult } from '../engine/index.ts';
import { estimateRunMs } from '../../src-shared/estimate.ts';
import { planStudy, type StudyPlan } from '../../src-shared/study.ts';
import type { StudyResult } from '../../src-shared/study-result.ts';
import { availableParallelism } from 'node:os';
import { runStudy, type RunningStudy, type StudyOutcome } from './study-runner.ts';
import { findInterpreters } from '../engine/python/index.ts';
import type { ProcessLauncher } from '../engine/types.ts';
import {
  createRecorder,
  estimateRunBytes,
  exportCsv,
  exportJson,
  exportStudy,
  exportTrace,
  FileSink,
  freshPathBeside,
  StoreError,
  type LabStore,
  type Recorder,
  type SaveFailure,
} from '../store/index.ts';
import { checkCode } from '../engine/code/check-code.ts';
import { preflightCode } from '../engine/code/preflight.ts';
import { tryCode } from '../engine/code/try-code.ts';
import {
  calibrateRequestSchema,
  check,
  codeCheckRequestSchema,
  codeTryRequestSchema,
  compareIdsSchema,
  exportRequestSchema,
  importContentSchema,
  startRunOptionsSchema,
  invalidInput,
  runFilterSchema,
  runIdSchema,
  runPatchSchema,
  studyExportRequestSchema,
  studyIdSchema,
  spanWindowRequestSchema,
} from './input-schemas.ts';

/** What a run in the foreground ends with: the result, and how much of it the history has. */
export interface FinishedRun {
  /**
   * As measured, with each trial's figures (the spans went to the history and to onEvent as
   * 'trial-data'); 'failed', saying how much was kept, when saving failed (the run was stopped).
   */
  result: EngineRunResult;
  /** The database the run went into, when it was saved. */
  dbPath?: string;
  /** When a write failed: why, and how many trials were saved of how many measured. */
  saveFailure?: Pick<SaveFailure, 'reason' | 'saved' | 'measured'>;
}

/** Which check refused a run, so a front end can word each (the CLI: the spec file, --yes, --no-save). */
export type RunCheckStage = 'spec' | 'machine' | 'interpreter' | 'code' | 'history' | 'lab';

/** A run refused before it started: the error, and the check that refused it. */
export type RunRefused = ApiError & { stage: RunCheckStage };

export interface RunCheckOptions {
  /** Where a code workload's relative file is found (the CLI: the spec file's folder); the cwd by default. */
  baseDir?: string;
  /** The interpreter for the Python models, over the spec's own (the CLI's --python). */
  executable?: string;
  /** The user agreed to a large run (startRun's `confirmed`). */
  confirmed?: boolean;
}

/** A spec checked from end to end: validated, fits this machine, its interpreter there, its code compiled. */
export interface CheckedRun {
  /** The spec as it will run: a code workload's source read in, the interpreter chosen. */
  spec: ExperimentSpec;
  /** For a code workload: whether task(i) is a coroutine/async function (a sync one runs one at a time under async). */
  taskIsAsync?: boolean;
}

export interface RunToEndOptions extends RunCheckOptions {
  /** Aborting it cancels the run: finished trials are kept (and saved), every child ends. */
  signal?: AbortSignal;
  /** Each progress event of this run, as it happens, and each measured trial with its spans ('trial-data'). */
  onEvent?: (event: EngineEvent) => void;
  /** Save into the history (the default); false runs without touching the database. */
  save?: boolean;
  /** Called once the run is admitted (every check passed, the history has room), before it starts. */
  onStart?: (run: { runId: string; spec: ExperimentSpec }) => void;
  /** The study this run measures a value of: it may start while that study holds the lab. */
  studyId?: string;
}

export interface StudyToEndOptions {
  /** Aborting it cancels the study: the run in progress ends cancelled, finished runs stay. */
  signal?: AbortSignal;
  /** Every event of the study: its runs' and its own progress. */
  onEvent?: (event: ProgressEvent) => void;
  /** The user agreed to large runs. */
  confirmed?: boolean;
}

export interface FinishedStudy {
  study: StudyResult;
  outcome: StudyOutcome;
  dbPath: string;
}

/**
 * The contract, plus what only in-process front ends need: the CLI runs in the foreground
 * and may run without saving; a shell cancels and closes.
 */
export interface LabService extends LabApi {
  /** Like startRun, but waits for the end and returns the whole result. */
  runToEnd(spec: unknown, options?: RunToEndOptions): Promise<ApiResult<FinishedRun> | RunRefused>;
  /**
   * Every check a run passes before it starts, without starting it or touching the history
   * (the CLI checks a spec before it opens, and so creates, a database).
   */
  checkRun(spec: unknown, options?: RunCheckOptions): Promise<ApiResult<CheckedRun> | RunRefused>;
  /** Like startStudy, but waits for its end and returns the study as saved. */
  runStudyToEnd(study: unknown, options?: StudyToEndOptions): Promise<ApiResult<FinishedStudy>>;
  /** calibrate, cancellable (Ctrl-C in the CLI). */
  calibrate(req: CalibrateRequest, options?: { signal?: AbortSignal }): Promise<ApiResult<Calibration>>;
  /** Whether the history can take this run (room on disk, writable, not damaged), asked before it starts. */
  checkRoom(spec: ExperimentSpec): Promise<ApiResult<void>>;
  /**
   * exportRuns straight into a file (`file` picks its path from the export's file name): one
   * trial's spans in memory at a time, and the file appears whole or not at all.
   */
  exportRunsTo(req: ExportRequest, file: (fileName: string) => string): Promise<ApiResult<{ file: string; bytes: number }>>;
  /** A saved run with every span (getRun has none): for `show --json`, which writes the whole result as `run --json` does. */
  getRunWithSpans(runId: string): Promise<ApiResult<RunResult>>;
  /** A saved run's list entry by id or unique prefix, without reading its trials. */
  findRun(runId: string): Promise<ApiResult<RunListItem>>;
  /** Cancels the active run, if any, and waits until it has ended (children gone, trials saved). */
  cancelActiveRun(): Promise<void>;
  /** Refuses new runs, then cancels an active one and waits for it; closes the history when it owns it. */
  close(): Promise<void>;
}

export interface LabServiceOptions {
  /** The history; without one, runs are not saved and the history methods answer 'unavailable'. */
  store?: LabStore;
  /** Close the store when the service closes (it was opened for this service alone). */
  ownsStore?: boolean;
  /** How the processes model starts children: child_process by default, utilityProcess in Electron. */
  launcher?: ProcessLauncher;
  python?: { executable?: string };
  /** Reported in the machine info when running inside Electron. */
  electronVersion?: string;
  /**
   * Why this backend refuses to run user code (check, try and code runs), when it does:
   * a browser-mode server bound beyond loopback, started without --allow-code.
   */
  codeRefused?: string;
}

interface Active {
  info: ActiveRun;
  controller: AbortController;
  /** The result as kept (failed when saving failed), or undefined when the engine threw (a bug: the run is reported failed). */
  done: Promise<EngineRunResult | undefined>;
}

type ProgressListener = (events: ProgressEvent[]) => void;

/** How many runs whose saving failed are kept in memory for export. */
const MAX_UNSAVED = 4;

export function createLabService(options: LabServiceOptions): LabService {
  const { store, launcher } = options;
  const python = options.python ?? {};
  // A write that fails stops the run: measuring on while nothing is kept would claim more
  // than the history holds. The run ends `failed`, saying how much was saved.
  const record: Recorder = store
    ? createRecorder(store, {
        onSaveFailed: (failure, runId) => {
          console.error(`run ${runId}: ${failure.reason}`);
          if (active?.info.runId === runId) active.controller.abort(new Error('saving failed'));
        },
      })
    : Object.assign(() => {}, { failure: () => undefined, settle: () => {} });
  /** Results measured in full whose saving failed, for export until the lab closes (the last few). */
  const unsaved = new Map<string, RunResult>();
  const keepUnsaved = (run: RunResult) => {
    unsaved.set(run.runId, run);
    for (const id of unsaved.keys()) if (unsaved.size > MAX_UNSAVED) unsaved.delete(id);
  };
  /**
   * The trials of a run whose saving failed that did not reach the history, spans and all
   * (the engine keeps none): with those the history did save, they make its export whole.
   */
  const notSaved = new Map<string, TrialResult[]>();
  /** The run as measured: the trials the history saved, read back, and those it could not take. */
  const measuredInFull = (result: Omit<RunResult, 'trials'>): RunResult => {
    let saved: TrialResult[] = [];
    try {
      if (store) saved = store.getRun(result.runId).trials;
    } catch {
      // Not in the history at all (its start could not be written): every trial is in memory.
    }
    const kept = notSaved.get(result.runId) ?? [];
    notSaved.delete(result.runId);
    const indexes = new Set(kept.map((t) => t.index));
    return { ...result, trials: [...saved.filter((t) => !indexes.has(t.index)), ...kept].sort((a, b) => a.index - b.index) };
  };
  /** A run whose end could not be written still reads as what it is: failed, with what was kept. */
  const asKept = <T extends { runId: string; status: RunResult['status'] }>(run: T, summary?: (f: SaveFailure) => Partial<T>): T => {
    // (settle() ran before the read: a run whose end is written by now reads as saved.)
    const failure = record.failure(run.runId);
    if (!failure || failure.ended || run.status !== 'running' || active?.info.runId === run.runId) return run;
    return { ...run, status: 'failed', ...(summary?.(failure) ?? {}) };
  };
  const listeners = new Set<ProgressListener>();
  let active: Active | undefined;
  let activeStudy: RunningStudy | undefined;
  let closed = false;

  function emit(event: ProgressEvent): void {
    for (const listener of listeners) {
      try {
        listener([event]);
      } catch (err) {
        // One broken subscriber (a closed window, a dropped stream) must not stop the run.
        console.error('progress listener failed:', err);
      }
    }
  }

  /** Runs one store call, or says there is no history to call. */
  function withStore<T>(fn: (s: LabStore) => T): Promise<ApiResult<T>> {
    if (!store) return Promise.resolve(noHistory());
    return attempt(() => fn(store));
  }

  /**
   * One run by id (or prefix), as findRun, getRun and getRunWithSpans answer it: read after
   * any save still being written, and a run whose save failed mid-run reads as failed (with
   * `failed`'s fields: the reason and the summary of what was kept, where the answer has them).
   */
  async function readRun<T extends { runId: string; status: RunResult['status'] }>(
    runId: unknown,
    read: (s: LabStore, id: string) => T,
    failed?: (f: SaveFailure) => Partial<NoInfer<T>>,
  ): Promise<ApiResult<T>> {
    const id = check(runIdSchema, runId, 'runId');
    if (!id.ok) return id;
    return withStore((s) => {
      record.settle();
      return asKept(read(s, id.value), failed);
    });
  }
  const failedRun = (f: SaveFailure) => ({ error: f.error, summary: f.summary });

  /** Why nothing may start now: a run in progress, or a study that is not the caller's. */
  function busyNow(studyId?: string): ApiError | undefined {
    if (active) return busy(active.info);
    if (activeStudy && activeStudy.info.studyId !== studyId) return busyStudy(activeStudy.info.name);
    return undefined;
  }

  /**
   * Every check of a spec, in order of cost: the schema, this machine's capacity, the
   * interpreter, the code compiled. `idle` says why a run cannot start now (busy, closing);
   * it is asked before and after the slow checks, as another run may start meanwhile.
   */
  async function checkSpec(input: unknown, opts: RunCheckOptions, idle: () => ApiError | undefined): Promise<ApiResult<CheckedRun> | RunRefused> {
    const refused = (stage: RunCheckStage, error: ApiError): RunRefused => ({ ...error, stage });
    const result = validateExperiment(input);
    if (!result.ok) return refused('spec', invalidInput(result.issues));
    let spec = result.value;
    if (opts.executable !== undefined) spec = { ...spec, python: { ...spec.python, executable: opts.executable } };
    if (spec.workload.kind === 'code' && options.codeRefused) return refused('lab', { ok: false, code: 'unavailable', message: options.codeRefused });
    const tooLarge = await resourceProblem(spec, opts.confirmed === true);
    if (tooLarge) return refused('machine', tooLarge);
    const notNow = idle();
    if (notNow) return refused('lab', notNow);
    const slow = spec.workload.kind === 'code' || spec.models.some((m) => runtimeOf(m) === 'python');
    if (spec.models.some((m) => runtimeOf(m) === 'python')) {
      const unavailable = await pythonUnavailable(spec.python?.executable ?? python.executable, spec.models);
      if (unavailable) return refused('interpreter', unavailable);
    }
    let taskIsAsync: boolean | undefined;
    if (spec.workload.kind === 'code') {
      // A syntax error, a missing file or entry point: said at its line, and nothing starts.
      const pre = await attempt(() => preflightCode(spec, { baseDir: opts.baseDir, executable: spec.python?.executable ?? python.executable }));
      if (!pre.ok) return refused('code', pre);
      if (!pre.value.ok) return refused('code', invalidInput(pre.value.issues));
      spec = pre.value.spec;
      taskIsAsync = pre.value.taskIsAsync;
    }
    if (slow) {
      // Checking Python or the code took a moment: another call may have started a run meanwhile.
      const meanwhile = idle();
      if (meanwhile) return refused('lab', meanwhile);
    }
    return { ok: true, value: { spec, ...(taskIsAsync !== undefined && { taskIsAsync }) } };
  }

  /** Why a run cannot start now, if it cannot; otherwise the spec to run. */
  async function admit(
    input: unknown,
    save: boolean,
    startOptions: unknown,
    runOptions: RunCheckOptions & { studyId?: string } = {},
  ): Promise<ApiResult<ExperimentSpec> | RunRefused> {
    if (closed) return { ...shuttingDown(), stage: 'lab' };
    const opts = check(startRunOptionsSchema, startOptions, 'options');
    if (!opts.ok) return { ...opts, stage: 'lab' };
    // A study's own runs may start while it holds the lab; nothing else may.
    const idle = () => (closed ? shuttingDown() : busyNow(runOptions.studyId));
    const checked = await checkSpec(input, { ...runOptions, confirmed: opts.value?.confirmed === true }, idle);
    if (!checked.ok) return checked;
    const { spec } = checked.value;
    if (save) {
      // A history that cannot take the run is found now, not after the run has been measured.
      const room = await service.checkRoom(spec);
      if (!room.ok) return { ...room, stage: 'history' };
    }
    return { ok: true, value: spec };
  }

  function startInBackground(spec: ExperimentSpec, runId: string, save: boolean, listener?: (event: EngineEvent) => void): Active {
    const controller = new AbortController();
    const info: ActiveRun = { runId, name: spec.name ?? '', startedAt: new Date().toISOString() };
    let started = false;
    let finished = false;
    const onEvent = (event: EngineEvent): void => {
      if (event.type === 'run-started') {
        started = true;
        info.name = event.name;
        info.startedAt = event.startedAt;
      }
      if (save) record(event);
      if (event.type === 'trial-data') {
        // A trial's spans are saved (and handed to this run's own listener, the CLI's --json file),
        // never broadcast: the views had them as 'tasks' already.
        // A trial the history could not take is kept as span objects, for the in-memory export.
        if (save && record.failure(runId)) notSaved.set(runId, [...(notSaved.get(runId) ?? []), withSpanObjects(event.trial)]);
        listener?.(event);
        return;
      }
      if (event.type === 'run-finished') {
        finished = true;
        // The engine has cleaned up by now; whoever hears the end may start the next run at once.
        if (active?.info.runId === runId) active = undefined;
        const failure = record.failure(runId);
        // The engine saw a cancel; everyone else hears why, and a summary of what was kept.
        if (failure) event = { ...event, status: 'failed', error: failure.error, summary: failure.summary };
      }
      listener?.(event);
      emit(event);
    };
    const done = runExperiment(spec, { runId, signal: controller.signal, onEvent, launcher, python })
      .then(
        (result): EngineRunResult => {
          const failure = record.failure(runId);
          if (!failure) return result;
          const kept: EngineRunResult = { ...result, status: 'failed', error: failure.error };
          keepUnsaved(measuredInFull(kept));
          return kept;
        },
        (err: unknown): undefined => {
          // The engine reports failures as a finished run; this is the backstop for a bug,
          // so the history and the UI never keep a run "running" that nothing runs.
          if (finished) return undefined;
          const failed: ProgressEvent = {
            type: 'run-finished',
            runId,
            status: 'failed',
            endedAt: new Date().toISOString(),
            summary: [],
            error: errorMessage(err),
          };
          if (started) onEvent(failed);
          else emit(failed);
          return undefined;
        },
      )
      .finally(() => {
        notSaved.delete(runId);
        if (active?.info.runId === runId) active = undefined;
      });
    return { info, controller, done };
  }

  /** An export that takes in a run whose saving failed: every trial as measured, from memory. */
  function exportUnsaved({ runIds, format, trialIndex }: ExportRequest): ExportPayload {
    const runs = runIds.map((id) => {
      const kept = unsaved.get(id);
      if (kept) return kept;
      if (!store) throw new StoreError('not-found', `no run with id ${id}`);
      return store.getRun(id);
    });
    if (format === 'json') return exportJson(runs);
    if (format === 'csv') return exportCsv(runs);
    const trial = runs[0].trials.find((t) => t.index === (trialIndex ?? 0));
    if (!trial) throw new StoreError('not-found', `run ${runs[0].runId} has no trial ${trialIndex ?? 0}`);
    return exportTrace(runs[0], trial);
  }

  /**
   * Checks a study from end to end (every value's spec, the machine's room for each, Python,
   * the history's room for all of them), saves it as running and starts its loop.
   */
  async function beginStudy(input: unknown, confirmed: boolean, onEvent?: (e: ProgressEvent) => void): Promise<ApiResult<RunningStudy>> {
    if (closed) return shuttingDown();
    const planned = planStudy(input);
    if (!planned.ok) return invalidInput(planned.issues);
    const plan: StudyPlan = planned.value;
    if (!store) return noHistory();
    const busyError = busyNow();
    if (busyError) return busyError;
    for (const member of plan.members) {
      const problem = await resourceProblem(member.spec, confirmed);
      if (problem) return { ...problem, message: `${member.label}: ${problem.message}` };
    }
    if (plan.members.some((m) => m.spec.models.some((model) => runtimeOf(model) === 'python'))) {
      const first = plan.members[0].spec;
      const unavailable = await pythonUnavailable(first.python?.executable ?? python.executable, plan.members.flatMap((m) => m.spec.models));
      if (unavailable) return unavailable;
    }
    const room = await withStore((s) => s.ensureWritable(plan.members.reduce((n, m) => n + estimateRunBytes(m.spec), 0)));
    if (!room.ok) return room;
    if (closed) return shuttingDown();
    const again = busyNow();
    if (again) return again;
    const info = { studyId: randomUUID(), name: plan.name, startedAt: new Date().toISOString() };
    const saved = await withStore((s) =>
      s.startStudy({ studyId: info.studyId, name: plan.name, axis: plan.axis, definition: plan.definition, plan: plan.members, startedAt: info.startedAt }),
    );
    if (!saved.ok) return saved;
    const study = runStudy(plan, info, { store, runToEnd: (spec, opts) => service.runToEnd(spec, opts), emit, logicalCores: availableParallelism() }, onEvent);
    activeStudy = study;
    void study.done.finally(() => {
      if (activeStudy === study) activeStudy = undefined;
    });
    return { ok: true, value: study };
  }

  const service: LabService = {
    async getCapacity() {
      return attempt(() => getCapacity());
    },

    async getMachine() {
      return attempt(() => getMachineInfo({ python, electron: options.electronVersion }));
    },

    async listPresets() {
      return attempt(() => listPresets());
    },

    async listModels() {
      return attempt(() => listModels({ python }));
    },

    async listInterpreters() {
      // The service's own interpreter (what a spec without one runs on) first.
      return attempt(() => findInterpreters(python.executable));
    },

    async calibrate(req, opts = {}) {
      const input = check(calibrateRequestSchema, req, 'request');
      if (!input.ok) return input;
      // A Python task is sized on the interpreter the experiment will run (a free-threaded
      // build may differ from the default one), so the chosen interpreter travels with the request.
      const executable = input.value.executable ?? python.executable;
      if (input.value.runtime === 'python') {
        const unavailable = await pythonUnavailable(executable);
        if (unavailable) return unavailable;
      }
      return attempt(() => calibrate(input.value, { signal: opts.signal, python: { ...python, executable } }));
    },

    async validateSpec(spec) {
      const result = validateExperiment(spec);
      return result.ok ? result : invalidInput(result.issues);
    },

    async checkCode(req) {
      if (options.codeRefused) return { ok: false, code: 'unavailable', message: options.codeRefused };
      const input = check(codeCheckRequestSchema, req, 'request');
      if (!input.ok) return input;
      if (input.value.language === 'python') {
        const unavailable = await pythonUnavailable(python.executable);
        if (unavailable) return unavailable;
      }
      return attempt(() => checkCode(input.value, { executable: python.executable }));
    },

    async tryCode(req) {
      if (options.codeRefused) return { ok: false, code: 'unavailable', message: options.codeRefused };
      const input = check(codeTryRequestSchema, req, 'request');
      if (!input.ok) return input;
      const executable = input.value.executable ?? python.executable;
      if (input.value.language === 'python') {
        const unavailable = await pythonUnavailable(executable);
        if (unavailable) return unavailable;
      }
      return attempt(() => tryCode({ ...input.value, ...(executable ? { executable } : {}) }));
    },

    async startRun(input, startOptions) {
      const admitted = await admit(input, true, startOptions);
      if (!admitted.ok) {
        // The contract's error, as the transports send it; which check refused is for in-process callers.
        const { stage: _stage, ...error } = admitted as RunRefused;
        return error;
      }
      const runId = randomUUID();
      active = startInBackground(admitted.value, runId, true);
      return { ok: true, value: { runId } };
    },

    async checkRun(input, opts = {}) {
      return checkSpec(input, opts, () => undefined);
    },

    async checkRoom(spec) {
      return withStore((s) => s.ensureWritable(estimateRunBytes(spec)));
    },

    async runToEnd(input, opts = {}) {
      const save = opts.save ?? true;
      const admitted = await admit(input, save, { confirmed: opts.confirmed === true }, opts);
      if (!admitted.ok) return admitted;
      const runId = randomUUID();
      opts.onStart?.({ runId, spec: admitted.value });
      const run = startInBackground(admitted.value, runId, save, opts.onEvent);
      active = run;
      const cancel = () => run.controller.abort(opts.signal?.reason);
      if (opts.signal?.aborted) cancel();
      opts.signal?.addEventListener('abort', cancel, { once: true });
      try {
        const result = await run.done;
        if (!result) return { ok: false, code: 'internal', message: 'the run ended without a result' };
        const failure = record.failure(runId);
        return {
          ok: true,
          value: {
            result,
            ...(save && store && { dbPath: store.path }),
            ...(failure && { saveFailure: { reason: failure.reason, saved: failure.saved, measured: failure.measured } }),
          },
        };
      } finally {
        opts.signal?.removeEventListener('abort', cancel);
      }
    },

    async cancelRun(runId) {
      const id = check(runIdSchema, runId, 'runId');
      if (!id.ok) return id;
      if (active && active.info.runId === id.value) {
        active.controller.abort();
        return { ok: true, value: { cancelled: true } };
      }
      // Not running: cancelling a finished run is a no-op, an unknown one an error.
      // findRun checks the id without reading the run's trials and spans as getRun would.
      return withStore((s) => {
        s.findRun(id.value);
        return { cancelled: false };
      });
    },

    async getActiveRun() {
      return { ok: true, value: active ? { ...active.info } : null };
    },

    onProgress(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    async listRuns(filter) {
      const input = check(runFilterSchema, filter ?? {}, 'filter');
      if (!input.ok) return input;
      return withStore((s) => {
        record.settle();
        const page = s.listRuns(input.value);
        return { ...page, runs: page.runs.map((r) => asKept(r)) };
      });
    },

    async findRun(runId) {
      return readRun(runId, (s, id) => s.findRun(id));
    },

    async getRun(runId) {
      return readRun(runId, (s, id) => s.getRunOverview(id), failedRun);
    },

    async getRunWithSpans(runId) {
      return readRun(runId, (s, id) => s.getRun(id), failedRun);
    },

    async getTrialSpans(req) {
      const input = check(spanWindowRequestSchema, req, 'request');
      if (!input.ok) return input;
      return withStore((s) => s.getTrialSpans(input.value));
    },

    async updateRun(runId, patch) {
      const id = check(runIdSchema, runId, 'runId');
      if (!id.ok) return id;
      const input = check(runPatchSchema, patch, 'patch');
      if (!input.ok) return input;
      return withStore((s) => s.updateRun(id.value, input.value));
    },

    async deleteRun(runId) {
      const id = check(runIdSchema, runId, 'runId');
      if (!id.ok) return id;
      if (active && active.info.runId === id.value) {
        return { ok: false, code: 'busy', message: 'this run is still running: cancel it before deleting it' };
      }
      return withStore((s) => ({ deleted: s.deleteRun(id.value) }));
    },

    async compareRuns(runIds) {
      const ids = check(compareIdsSchema, runIds, 'runIds');
      if (!ids.ok) return ids;
      return withStore((s) => s.compareRuns(ids.value));
    },

    async exportRuns(req) {
      const input = check(exportRequestSchema, req, 'request');
      if (!input.ok) return input;
      const { runIds, format, trialIndex } = input.value;
      // A run whose saving failed exports as measured, every trial, from memory.
      if (runIds.some((id) => unsaved.has(id))) return attempt(() => exportUnsaved(input.value));
      return withStore((s) => (format === 'trace' ? s.exportTrace(runIds[0], trialIndex ?? 0) : s.exportRuns(runIds, format)));
    },

    async exportRunsTo(req, file) {
      const input = check(exportRequestSchema, req, 'request');
      if (!input.ok) return input;
      const { runIds, format, trialIndex } = input.value;
      if (runIds.some((id) => unsaved.has(id))) {
        return attempt(() => {
          const payload = exportUnsaved(input.value);
          const sink = new FileSink(file(payload.fileName));
          try {
            sink.write(payload.content);
          } catch (e) {
            sink.abort();
            throw e;
          }
          return { file: sink.file, bytes: sink.commit() };
        });
      }
      return withStore((s) =>
        format === 'trace' ? s.exportTraceTo(runIds[0], trialIndex ?? 0, file) : s.exportRunsTo(runIds, format, file),
      );
    },

    async importRuns(content) {
      const input = check(importContentSchema, content, 'content');
      if (!input.ok) return input;
      return withStore((s) => s.importRuns(input.value));
    },

    // ---- studies (issue 13) ----

    async listStudyPresets() {
      return attempt(() => {
        const cores = availableParallelism();
        return listStudyPresets().map((p) => {
          const plan = planStudy(p.study);
          const each = plan.ok ? plan.value.members.map((m) => estimateRunMs(m.spec, cores)) : [null];
          return { ...p, estimatedMs: each.every((e) => e !== null) ? each.reduce((a, b) => a! + b!, 0) : null };
        });
      });
    },

    async validateStudy(input) {
      const plan = planStudy(input);
      return plan.ok ? plan : invalidInput(plan.issues);
    },

    async startStudy(input, startOptions) {
      const opts = check(startRunOptionsSchema, startOptions, 'options');
      if (!opts.ok) return opts;
      const started = await beginStudy(input, opts.value?.confirmed === true);
      return started.ok ? { ok: true, value: { studyId: started.value.info.studyId } } : started;
    },

    async runStudyToEnd(input, opts = {}) {
      const started = await beginStudy(input, opts.confirmed === true, opts.onEvent);
      if (!started.ok) return started;
      const study = started.value;
      const cancel = () => study.controller.abort(opts.signal?.reason);
      if (opts.signal?.aborted) cancel();
      opts.signal?.addEventListener('abort', cancel, { once: true });
      try {
        const outcome = await study.done;
        const saved = await withStore((s) => s.getStudy(study.info.studyId));
        if (!saved.ok) return saved;
        return { ok: true, value: { study: saved.value, outcome, dbPath: store!.path } };
      } finally {
        opts.signal?.removeEventListener('abort', cancel);
      }
    },

    async cancelStudy(studyId) {
      const id = check(studyIdSchema, studyId, 'studyId');
      if (!id.ok) return id;
      if (activeStudy && activeStudy.info.studyId === id.value) {
        activeStudy.controller.abort();
        return { ok: true, value: { cancelled: true } };
      }
      return withStore((s) => {
        s.getStudy(id.value);
        return { cancelled: false };
      });
    },

    async getActiveStudy() {
      return { ok: true, value: activeStudy ? { ...activeStudy.info } : null };
    },

    async listStudies() {
      return withStore((s) => s.listStudies());
    },

    async getStudy(studyId) {
      const id = check(studyIdSchema, studyId, 'studyId');
      if (!id.ok) return id;
      return withStore((s) => {
        record.settle();
        return s.getStudy(id.value);
      });
    },

    async updateStudy(studyId, patch) {
      const id = check(studyIdSchema, studyId, 'studyId');
      if (!id.ok) return id;
      const input = check(runPatchSchema, patch, 'patch');
      if (!input.ok) return input;
      return withStore((s) => s.updateStudy(id.value, input.value));
    },

    async deleteStudy(studyId) {
      const id = check(studyIdSchema, studyId, 'studyId');
      if (!id.ok) return id;
      if (activeStudy && activeStudy.info.studyId.startsWith(id.value)) {
        return { ok: false, code: 'busy', message: 'this study is still running: cancel it before deleting it' };
      }
      return withStore((s) => ({ deleted: true, runs: s.deleteStudy(id.value).runs }));
    },

    async exportStudy(req) {
      const input = check(studyExportRequestSchema, req, 'request');
      if (!input.ok) return input;
      return withStore((s) => exportStudy(s.getStudy(input.value.studyId), input.value.format));
    },

    async cancelActiveRun() {
      const running = active;
      if (!running) return;
      running.controller.abort();
      await running.done;
    },

    async close() {
      closed = true;
      const study = activeStudy;
      study?.controller.abort();
      await service.cancelActiveRun();
      await study?.done;
      record.settle();
      listeners.clear();
      if (options.ownsStore) store?.close();
    },
  };
  return service;
}

function shuttingDown(): ApiError {
  return { ok: false, code: 'unavailable', message: 'the lab is shutting down' };
}

function noHistory(): ApiError {
  return { ok: false, code: 'unavailable', message: 'no history database is open' };
}

function busyStudy(name: string): ApiError {
  return { ok: false, code: 'busy', message: `a study is in progress (${name}): wait for it or cancel it` };
}

function busy(run: ActiveRun): ApiError {
  return { ok: false, code: 'busy', message: `a run is already in progress (${run.name || run.runId}): wait for it or cancel it` };
}

/** Why the interpreter cannot run Python models; with a spec's models, the ones it cannot run, as a field issue. */
async function pythonUnavailable(executable: string | undefined, wanted?: readonly string[]): Promise<ApiError | undefined> {
  const models = await listModels({ python: { executable } });
  const missing = models.filter((m) => runtimeOf(m.model) === 'python' && !m.available);
  if (!missing.length) return undefined;
  const message = missing[0].reason ?? 'Python is not available';
  const named = wanted ? missing.filter((m) => wanted.includes(m.model)).map((m) => m.model) : [];
  return {
    ok: false,
    code: 'unavailable',
    message,
    ...(named.length && { issues: [{ path: 'models', message: `${named.join(', ')} unavailable: ${message}` }] }),
  };
}

/** Runs one engine or store call, turning what it throws into error data. */
async function attempt<T>(fn: () => T | Promise<T>): Promise<ApiResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return toApiError(err);
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof StoreError) {
    const error: ApiError = { ok: false, code: err.code, message: err.message };
    // A fresh file helps with an unusable or damaged database, not with a read-only folder or a full disk.
    if (err.code === 'store-error' && err.file && !/cannot be written: (?!it is damaged)/.test(err.message)) {
      error.freshFile = freshPathBeside(err.file);
    }
    return error;
  }
  if (err instanceof Error && err.name === 'AbortError') return { ok: false, code: 'internal', message: 'cancelled' };
  return { ok: false, code: 'internal', message: errorMessage(err) };
}

/**
 * A spec the machine cannot run is refused with the field and the numbers; a large one
 * (long, or over half the free memory or disk) waits for the caller's confirmation.
 */
async function resourceProblem(spec: ExperimentSpec, confirmed: boolean): Promise<ApiError | undefined> {
  const estimate = estimateResources(spec, await getCapacity());
  const refused = estimate.issues.filter((i) => i.level === 'refuse');
  const listed = (refused.length ? refused : estimate.issues).map(({ path, message }) => ({ path, message }));
  if (refused.length) return { ok: false, code: 'invalid-input', message: describeIssues(listed), issues: listed };
  if (estimate.verdict === 'confirm' && !confirmed) {
    return { ok: false, code: 'needs-confirmation', message: `a large run: ${describeIssues(listed)}`, issues: listed };
  }
  return undefined;
}
