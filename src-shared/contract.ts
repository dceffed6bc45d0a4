// The one interface between the UI and the backend. The service in src-main
// implements it in process; the Electron preload, the IPC handlers and the
// browser-mode loopback client are each typed against it, so drift is a compile error.
import type { CodeCheckRequest, CodeCheckResult, CodeTryRequest, CodeTryResult } from './code-workload.ts';
import type { ExperimentInput, ExperimentSpec, FieldIssue } from './experiment.ts';
import type { CalibratableKind, ModelName, WorkloadKind } from './models.ts';
import type { MachineCapacity } from './resources.ts';
import type { Calibration, MachineInfo, ProgressEvent, PythonInfo, RunOverview, RunStatus, SummaryRow } from './result.ts';
import type { StudyInput, StudyPlan } from './study.ts';
import type { StudyListItem, StudyResult } from './study-result.ts';

/** Errors cross every boundary as data: Electron keeps only `message` of a thrown Error. */
export type ApiResult<T> = { ok: true; value: T } | ApiError;

export interface ApiError {
  ok: false;
  code: ErrorCode;
  message: string;
  /** Field-level problems, for inline display next to the input. */
  issues?: FieldIssue[];
  /** For a history database that cannot be used: a fresh file beside it to start instead. */
  freshFile?: string;
}

export type ErrorCode =
  | 'invalid-input' // failed the schema
  | 'not-found' // no such run
  | 'busy' // a run is already in progress
  | 'needs-confirmation' // a large run (long, or over half the free memory or disk): ask, then call again confirmed
  | 'unavailable' // e.g. no Python interpreter
  | 'import-failed'
  | 'store-error'
  | 'internal';

export interface Preset {
  name: string;
  title: string;
  description: string;
  spec: ExperimentInput;
}

/** A built-in study (resources/studies/*.json). */
export interface StudyPreset {
  name: string;
  title: string;
  description: string;
  study: StudyInput;
  /** A rough duration on this machine, ms: the sum of its runs' estimates; null when not estimated. */
  estimatedMs: number | null;
}

export type StudyExportFormat = 'json' | 'csv' | 'md';

export interface StudyExportRequest {
  studyId: string;
  format: StudyExportFormat;
}

export interface ActiveStudy {
  studyId: string;
  name: string;
  startedAt: string;
}

export interface ModelAvailability {
  model: ModelName;
  available: boolean;
  /** Why not, and how to fix it, when unavailable. */
  reason?: string;
}

export interface CalibrateRequest {
  kind: CalibratableKind;
  taskMs: number;
  /** Which runtime to calibrate for; node by default. */
  runtime?: 'node' | 'python';
  /** For runtime 'python': the interpreter to size the task on (the backend's default when absent). */
  executable?: string;
}

export interface RunFilter {
  text?: string;
  workload?: WorkloadKind;
  model?: ModelName;
  machine?: string; // fingerprint
  tag?: string;
  status?: RunStatus;
  limit?: number;
  offset?: number;
}

export interface RunListItem {
  runId: string;
  name: string;
  status: RunStatus;
  startedAt: string;
  endedAt?: string;
  workload: WorkloadKind;
  tasks: number;
  models: ModelName[];
  concurrency: number[];
  machine: { fingerprint: string; hostname: string; cpuModel: string; logicalCores: number };
  /** Best speedup over all cells, null when no baseline finished. */
  bestSpeedup: number | null;
  trialCount: number;
  tags: string[];
  notes: string;
  /** The study the run measured one value of (issue 13), with its place on the axis. */
  study?: { studyId: string; name: string; index: number };
}

export interface RunPage {
  runs: RunListItem[];
  total: number;
}

export interface RunPatch {
  name?: string;
  tags?: string[];
  notes?: string;
}

export interface CompareCell {
  model: ModelName;
  concurrency: number;
  /** One entry per compared run, in the order asked; null where the run lacks the cell. */
  medians: (number | null)[];
  /** Against the first run, per run (first is 0); null where missing. */
  changePct: (number | null)[];
  /** Significance of each run against the first: null for the first or a missing cell. */
  tests: (CompareTest | null)[];
}

export interface CompareTest {
  /** 'welch' and 'mann-whitney' p-values; null with "not enough repetitions". */
  welchP: number | null;
  mannWhitneyP: number | null;
  significant: boolean;
  /** Fraction of repetition pairs in which this run was faster than the first. */
  fasterInPct: number | null;
  note?: string;
}

export interface Comparison {
  runs: { runId: string; name: string; startedAt: string; machine: MachineInfo; experiment: ExperimentSpec; summary: SummaryRow[] }[];
  cells: CompareCell[];
  /** Machine fields that differ between runs: field -> value per run. */
  machineDiff: Record<string, (string | number | null)[]>;
  /** Why the runs may not be comparable (another workload size, another machine…). */
  warnings: string[];
}

export type ExportFormat = 'json' | 'csv' | 'trace';

export interface ExportRequest {
  runIds: string[];
  format: ExportFormat;
  /** For 'trace': which trial (by index) of the single run. */
  trialIndex?: number;
}

export interface ExportPayload {
  fileName: string;
  mimeType: string;
  content: string;
}

/** One trial's spans between two times, at the detail a drawing `pixels` wide can show. */
export interface SpanWindowRequest {
  runId: string;
  trialIndex: number;
  startMs: number;
  endMs: number;
  /** Columns the window is drawn on: spans narrower than (endMs - startMs) / pixels are merged per lane. */
  pixels: number;
}

/**
 * Blocks of one lane (worker), in start order, as columns: a block is one span (count 1,
 * task its id) or neighbouring spans each narrower than a column, merged (count n, task -1).
 * Every span that overlaps the window is in exactly one block, inside the block's times,
 * so merging never hides that a span was there. runMs, waitMs and the hand-offs sum the
 * block's spans that have them (a span alone: its own readings); each is absent when no span
 * of the trial has it.
 */
export interface SpanBlocks {
  startMs: number[];
  endMs: number[];
  count: number[];
  task: number[];
  runMs?: number[];
  waitMs?: number[];
  handoffInMs?: number[];
  handoffOutMs?: number[];
  /** How many of the block's spans carry wait states (tiny tasks are sampled); with runMs. */
  measured?: number[];
}

export interface SpanWindow {
  runId: string;
  trialIndex: number;
  startMs: number;
  endMs: number;
  /** ms per column: spans narrower than this were merged. */
  resolutionMs: number;
  /** The whole trial: every span, its lanes, and the time from its first start to its last end. */
  totalSpans: number;
  lanes: number;
  minStartMs: number;
  maxEndMs: number;
  /** Spans overlapping the window (the sum of every block's count). */
  spansInWindow: number;
  /** One entry per lane (worker 0 first). */
  blocks: SpanBlocks[];
}

export interface ImportSummary {
  imported: string[];
  /** Already present (import is idempotent by run uuid). */
  skipped: string[];
}

export interface StartRunOptions {
  /** The user saw the estimate of a large run and wants it anyway. */
  confirmed?: boolean;
}

export interface ActiveRun {
  runId: string;
  name: string;
  startedAt: string;
}

export interface LabApi {
  // design helpers
  getMachine(): Promise<ApiResult<MachineInfo>>;
  /** Free memory and disk now, for the resource estimate (src-shared/resources.ts). */
  getCapacity(): Promise<ApiResult<MachineCapacity>>;
  listPresets(): Promise<ApiResult<Preset[]>>;
  listModels(): Promise<ApiResult<ModelAvailability[]>>;
  /** Working Python interpreters, the default first, then free-threaded builds found on PATH; empty when none. */
  listInterpreters(): Promise<ApiResult<PythonInfo[]>>;
  calibrate(req: CalibrateRequest): Promise<ApiResult<Calibration>>;
  validateSpec(spec: unknown): Promise<ApiResult<ExperimentSpec>>;
  /** Compiles the user's code (nothing of it runs in the backend's process): problems at their line and column. */
  checkCode(req: CodeCheckRequest): Promise<ApiResult<CodeCheckResult>>;
  /** Runs task(0) of the user's code once, in a worker: its time, abbreviated result or exception. */
  tryCode(req: CodeTryRequest): Promise<ApiResult<CodeTryResult>>;
  // runs
  /**
   * Refused (invalid-input, naming the field and the numbers) when the machine cannot run it;
   * 'needs-confirmation' when it is large, until called again with { confirmed: true }.
   */
  startRun(spec: unknown, options?: StartRunOptions): Promise<ApiResult<{ runId: string }>>;
  cancelRun(runId: string): Promise<ApiResult<{ cancelled: boolean }>>;
  getActiveRun(): Promise<ApiResult<ActiveRun | null>>;
  /** Progress of every run, batched by the transport. Returns an unsubscribe function. */
  onProgress(listener: (events: ProgressEvent[]) => void): () => void;
  // history
  listRuns(filter?: RunFilter): Promise<ApiResult<RunPage>>;
  /** The run without its spans (each trial's figures and span count): the spans come a window at a time, getTrialSpans. */
  getRun(runId: string): Promise<ApiResult<RunOverview>>;
  /** One trial's spans in a time window, merged below a column's width: what a timeline draws, never more. */
  getTrialSpans(req: SpanWindowRequest): Promise<ApiResult<SpanWindow>>;
  updateRun(runId: string, patch: RunPatch): Promise<ApiResult<RunListItem>>;
  deleteRun(runId: string): Promise<ApiResult<{ deleted: boolean }>>;
  compareRuns(runIds: string[]): Promise<ApiResult<Comparison>>;
  // exchange
  exportRuns(req: ExportRequest): Promise<ApiResult<ExportPayload>>;
  importRuns(content: string): Promise<ApiResult<ImportSummary>>;
  // studies (issue 13): one axis varied, one saved run per value
  listStudyPresets(): Promise<ApiResult<StudyPreset[]>>;
  /** Checks a study and lists the runs it would make, without running anything. */
  validateStudy(study: unknown): Promise<ApiResult<StudyPlan>>;
  /** Starts a study in the background; its progress comes as 'study-progress' events beside its runs' own. */
  startStudy(study: unknown, options?: StartRunOptions): Promise<ApiResult<{ studyId: string }>>;
  /** Cancels the study: the run in progress is cancelled (its finished trials kept), finished runs stay. */
  cancelStudy(studyId: string): Promise<ApiResult<{ cancelled: boolean }>>;
  getActiveStudy(): Promise<ApiResult<ActiveStudy | null>>;
  listStudies(): Promise<ApiResult<StudyListItem[]>>;
  getStudy(studyId: string): Promise<ApiResult<StudyResult>>;
  updateStudy(studyId: string, patch: RunPatch): Promise<ApiResult<StudyResult>>;
  /** Deletes the study and every run it made. */
  deleteStudy(studyId: string): Promise<ApiResult<{ deleted: boolean; runs: number }>>;
  exportStudy(req: StudyExportRequest): Promise<ApiResult<ExportPayload>>;
}

/** The request/response methods: everything but the event subscription. */
export type LabMethod = Exclude<keyof LabApi, 'onProgress'>;
export const LAB_METHODS = [
  'getMachine', 'getCapacity', 'listPresets', 'listModels', 'listInterpreters', 'calibrate', 'validateSpec', 'checkCode', 'tryCode',
  'startRun', 'cancelRun', 'getActiveRun',
  'listRuns', 'getRun', 'getTrialSpans', 'updateRun', 'deleteRun', 'compareRuns',
  'exportRuns', 'importRuns',
  'listStudyPresets', 'validateStudy', 'startStudy', 'cancelStudy', 'getActiveStudy', 'listStudies', 'getStudy', 'updateStudy',
  'deleteStudy', 'exportStudy',
] as const satisfies readonly LabMethod[];

// Compile-time check that LAB_METHODS lists every method exactly.
type Missing = Exclude<LabMethod, (typeof LAB_METHODS)[number]>;
const _allListed: Missing extends never ? true : Missing = true;
void _allListed;

/**
 * Browser mode sends an import as the export file itself, with this content type, rather
 * than as one escaped string in a JSON argument list: no second copy, no 16 MiB cap.
 */
export const RAW_IMPORT_CONTENT_TYPE = 'application/vnd.concurrency-lab.export+json';

export const IPC_PREFIX = 'lab:';
export const PROGRESS_CHANNEL = 'lab:progress';
