// A study as saved and shown (issue 13): its definition, status, and per value the run
// that measured it, with the figures the analysis needs (summary rows and per-trial
// wall, CPU and start-up; never the spans). The same shape for the CLI's --json, the
// exports and the Study view.
import type { ExperimentSpec } from './experiment.ts';
import type { ModelName } from './models.ts';
import type { MachineInfo, RunStatus, SummaryRow, TrialStatus } from './result.ts';
import type { StudyAxis, StudyInput, StudyValue } from './study.ts';

export const STUDY_RESULT_VERSION = 1;

export const STUDY_STATUSES = ['running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export type StudyStatus = (typeof STUDY_STATUSES)[number];

/** What the analysis reads of a trial. */
export interface StudyTrial {
  model: ModelName;
  concurrency: number;
  status: TrialStatus;
  wallMs: number;
  cpuMs: number;
  startupMs: number;
}

export interface StudyMember {
  /** Position on the axis. */
  index: number;
  value: StudyValue;
  label: string;
  /** The run that measured it; null when the study ended before it ran. */
  runId: string | null;
  status: RunStatus | 'not-run';
  /** The spec as run (calibrated sizes filled in), or as planned when not run. */
  experiment: ExperimentSpec;
  /** taskMs axis: the task count hit a limit, so this run's total work differs. */
  bounded?: 'fewest' | 'most';
  summary: SummaryRow[];
  trials: StudyTrial[];
}

export interface StudyResult {
  version: typeof STUDY_RESULT_VERSION;
  studyId: string;
  name: string;
  axis: StudyAxis;
  /** The study as written (validated). */
  definition: StudyInput;
  status: StudyStatus;
  startedAt: string;
  endedAt?: string;
  error?: string;
  /** The machine of its first run; null before any ran. */
  machine: MachineInfo | null;
  tags: string[];
  notes: string;
  /** In axis order. */
  members: StudyMember[];
}

export interface StudyListItem {
  studyId: string;
  name: string;
  axis: StudyAxis;
  status: StudyStatus;
  startedAt: string;
  endedAt?: string;
  /** Values on the axis, and runs saved for them. */
  values: number;
  runs: number;
  runIds: string[];
  hostname: string | null;
  tags: string[];
}

/** Study progress over all its runs, as one bar and one ETA. */
export interface StudyProgress {
  type: 'study-progress';
  studyId: string;
  name: string;
  /** Runs finished, of the study's values. */
  runsDone: number;
  runsTotal: number;
  /** The run in progress (null between runs), so a consumer of run events may skip this one by its id. */
  runId: string | null;
  /** The value in progress: its place on the axis and its label. */
  current: { index: number; label: string } | null;
  /** 0..1 over the whole study (weighted by each run's estimated duration). */
  fraction: number;
  etaMs: number | null;
  /** Set on the study's last event. */
  finished?: StudyStatus;
}
