// Builds a TrialContext for engine tests: tiny defaults, a real temp dir and the
// real child_process launcher; spans streamed through onSpans are kept for checks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateExperiment, type ExperimentInput } from '../../../src-shared/experiment.ts';
import type { NodeModel } from '../../../src-shared/models.ts';
import type { Span } from '../../../src-shared/result.ts';
import { childProcessLauncher } from '../../../src-main/engine/launchers/child-process-launcher.ts';
import type { ProcessLauncher, TrialContext, TrialOutcome } from '../../../src-main/engine/types.ts';

export interface TestTrial extends TrialContext {
  /** Everything onSpans received, in order. */
  streamed: Span[];
  /** Removes the temp dir. */
  cleanup(): void;
}

export function trialContext(
  model: NodeModel,
  workload: ExperimentInput['workload'],
  overrides: Partial<Omit<TrialContext, 'spec' | 'workload' | 'model'>> = {},
): TestTrial {
  const tasks = overrides.tasks ?? 6;
  const concurrency = overrides.concurrency ?? 2;
  const parsed = validateExperiment({ workload, tasks, models: [model], concurrency: [concurrency], timeoutMs: overrides.timeoutMs ?? 30_000 });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const spec = parsed.value;
  const tmpDir = mkdtempSync(join(tmpdir(), 'lab-engine-test-'));
  const streamed: Span[] = [];
  return {
    spec,
    workload: spec.workload,
    model,
    concurrency,
    tasks,
    timeoutMs: spec.timeoutMs,
    signal: new AbortController().signal,
    onSpans: (spans) => streamed.push(...spans),
    httpUrl: 'http://127.0.0.1:9/',
    tmpDir,
    launcher: childProcessLauncher,
    ...overrides,
    streamed,
    cleanup: () => rmSync(tmpDir, { recursive: true, force: true }),
  };
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** childProcessLauncher, remembering the pid of every child it started. */
export function recordingLauncher(): ProcessLauncher & { pids: number[] } {
  const pids: number[] = [];
  return {
    kind: 'child_process',
    pids,
    launch(modulePath, options) {
      const handle = childProcessLauncher.launch(modulePath, options);
      if (handle.pid !== undefined) pids.push(handle.pid);
      return handle;
    },
  };
}

/** Checks every structural promise a finished trial makes about its spans; returns problems found. */
export function spanProblems(outcome: TrialOutcome, tasks: number, workers: number): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const s of outcome.spans) {
    if (seen.has(s.task)) problems.push(`task ${s.task} twice`);
    seen.add(s.task);
    if (!(s.task >= 0 && s.task < tasks)) problems.push(`task id ${s.task} out of range`);
    if (!(s.worker >= 0 && s.worker < workers)) problems.push(`task ${s.task}: worker ${s.worker} not below ${workers}`);
    if (!(s.startMs >= 0 && s.startMs <= s.endMs && s.endMs <= outcome.wallMs)) {
      problems.push(`task ${s.task}: [${s.startMs}, ${s.endMs}] not inside [0, ${outcome.wallMs}]`);
    }
  }
  return problems;
}
