// Runs a study (issue 13): one saved run per value, through the service's own runToEnd (so
// each is admitted, saved and shown like any run), in an order that spreads drift over
// the axis, with one progress and ETA over the whole study. A cancel, or a member run
// cancelled by hand, ends the study as cancelled and keeps the runs finished so far.
import type { ActiveStudy, ApiResult } from '../../src-shared/contract.ts';
import { errorMessage } from '../../src-shared/errors.ts';
import { estimateRunMs } from '../../src-shared/estimate.ts';
import type { ProgressEvent } from '../../src-shared/result.ts';
import { spreadOrder, type StudyPlan } from '../../src-shared/study.ts';
import type { StudyProgress, StudyStatus } from '../../src-shared/study-result.ts';
import type { LabStore } from '../store/index.ts';
import type { FinishedRun, RunToEndOptions } from './lab-service.ts';

export interface StudyRunnerDeps {
  store: LabStore;
  runToEnd(spec: unknown, options: RunToEndOptions): Promise<ApiResult<FinishedRun>>;
  emit(event: ProgressEvent): void;
  logicalCores: number;
}

export interface StudyOutcome {
  status: Exclude<StudyStatus, 'running'>;
  error?: string;
  /** Runs made, in the order they ran. */
  runIds: string[];
  /** Wall of the whole study, and the sum of its runs' own walls (start to end), ms: the study's overhead is the difference. */
  wallMs: number;
  runsWallMs: number;
}

export interface RunningStudy {
  info: ActiveStudy;
  controller: AbortController;
  done: Promise<StudyOutcome>;
}

/** A run whose duration is not estimated (a fixed size) counts as this much, for the study's progress. */
const UNKNOWN_RUN_MS = 10_000;

/**
 * Starts the study's loop; the study's row must already be in the history (startStudy).
 * `onEvent` hears every event of the study: its runs' and its own progress.
 */
export function runStudy(plan: StudyPlan, info: ActiveStudy, deps: StudyRunnerDeps, onEvent?: (e: ProgressEvent) => void): RunningStudy {
  const controller = new AbortController();
  const { store } = deps;
  const order = spreadOrder(plan.members.length).map((i) => plan.members[i]);
  const estimates = order.map((m) => estimateRunMs(m.spec, deps.logicalCores) ?? UNKNOWN_RUN_MS);
  const totalEstimate = estimates.reduce((a, b) => a + b, 0);
  const started = performance.now();

  const progress = (event: Omit<StudyProgress, 'type' | 'studyId' | 'name' | 'runsTotal' | 'etaMs'>) => {
    const elapsed = performance.now() - started;
    // The runs' own estimates until a tenth of the study has run, then what the study has taken so far.
    const etaMs = event.finished ? 0 : event.fraction >= 0.1 ? (elapsed * (1 - event.fraction)) / event.fraction : Math.max(0, totalEstimate - elapsed);
    const e: StudyProgress = { type: 'study-progress', studyId: info.studyId, name: info.name, runsTotal: order.length, etaMs: Math.round(etaMs), ...event };
    onEvent?.(e);
    deps.emit(e);
  };

  const loop = async (): Promise<StudyOutcome> => {
    const runIds: string[] = [];
    let runsWallMs = 0;
    let doneEstimate = 0;
    let failedRuns = 0;
    let end: { status: StudyOutcome['status']; error?: string } | undefined;
    progress({ runId: null, runsDone: 0, current: null, fraction: 0 });
    for (const [i, member] of order.entries()) {
      if (controller.signal.aborted) {
        end = { status: 'cancelled' };
        break;
      }
      const current = { index: member.index, label: member.label };
      let runId: string | null = null;
      let attachFailed: string | undefined;
      const result = await deps.runToEnd(member.spec, {
        signal: controller.signal,
        confirmed: true,
        studyId: info.studyId,
        onEvent: (e) => {
          // A trial's data is for whoever saves it (the service's recorder); the study's listener hears progress.
          if (e.type === 'trial-data') return;
          onEvent?.(e);
          if (e.type === 'run-started') {
            runId = e.runId;
            try {
              store.addRunToStudy(info.studyId, e.runId, member.index);
            } catch (error) {
              // A run the study cannot claim would be a loose run: stop, as a failed save does.
              attachFailed = errorMessage(error);
              controller.abort(new Error('saving failed'));
            }
            progress({ runId, runsDone: i, current, fraction: doneEstimate / totalEstimate });
          } else if (e.type === 'trial-finished') {
            progress({ runId, runsDone: i, current, fraction: (doneEstimate + estimates[i] * e.progress.fraction) / totalEstimate });
          }
        },
      });
      doneEstimate += estimates[i];
      if (!result.ok) {
        end = controller.signal.aborted && !attachFailed ? { status: 'cancelled' } : { status: 'failed', error: attachFailed ?? `${member.label}: ${result.message}` };
        break;
      }
      const run = result.value.result;
      runIds.push(run.runId);
      if (run.endedAt) runsWallMs += Date.parse(run.endedAt) - Date.parse(run.startedAt);
      if (attachFailed) {
        end = { status: 'failed', error: `${member.label}: the run could not be added to the study: ${attachFailed}` };
        break;
      }
      if (result.value.saveFailure) {
        end = { status: 'failed', error: `${member.label}: ${result.value.saveFailure.reason}` };
        break;
      }
      if (run.status === 'cancelled') {
        end = { status: 'cancelled' };
        break;
      }
      if (run.status !== 'completed') failedRuns++;
    }
    end ??= failedRuns ? { status: 'failed', error: `${failedRuns} of ${order.length} runs did not complete` } : { status: 'completed' };
    try {
      store.finishStudy(info.studyId, { status: end.status, endedAt: new Date().toISOString(), ...(end.error !== undefined && { error: end.error }) });
    } catch (error) {
      end = { status: 'failed', error: `the study's end could not be saved: ${errorMessage(error)}` };
    }
    progress({ runId: null, runsDone: runIds.length, current: null, fraction: end.status === 'completed' ? 1 : doneEstimate / totalEstimate, finished: end.status });
    return { ...end, runIds, wallMs: performance.now() - started, runsWallMs };
  };

  return { info, controller, done: loop() };
}
