// A TrialContext for runner tests with tiny defaults (6 tasks, concurrency 2, 30 s
// timeout) and a real temp dir, and the structural checks every finished trial must pass.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateExperiment, type ExperimentInput } from '../../../src-shared/experiment.ts';
import type { ModelName } from '../../../src-shared/models.ts';
import type { Span } from '../../../src-shared/result.ts';
import { spansOfLive } from '../../../src-shared/live-spans.ts';
import type { ProcessLauncher, TrialContext, TrialOutcome } from '../../../src-main/engine/types.ts';
import { mustBeSized } from '../../../src-main/engine/workloads/resolved-workload.ts';

export interface TestTrial extends TrialContext {
  /** Everything onSpans received, in order. */
  streamed: Span[];
  /** Removes the temp dir. */
  cleanup(): void;
}

export type TrialOverrides = Partial<Omit<TrialContext, 'spec' | 'workload' | 'model'>>;

export interface TrialSetup {
  /** Prefix of the temp dir's name, so a leftover says which suite made it. */
  tmpPrefix: string;
  launcher: ProcessLauncher;
  python?: ExperimentInput['python'];
}

export function buildTrial(model: ModelName, workload: ExperimentInput['workload'], overrides: TrialOverrides, setup: TrialSetup): TestTrial {
  const tasks = overrides.tasks ?? 6;
  const concurrency = overrides.concurrency ?? 2;
  const parsed = validateExperiment({
    workload, tasks, models: [model], concurrency: [concurrency], timeoutMs: overrides.timeoutMs ?? 30_000,
    ...(setup.python ? { python: setup.python } : {}),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const spec = parsed.value;
  const tmpDir = mkdtempSync(join(tmpdir(), setup.tmpPrefix));
  const streamed: Span[] = [];
  return {
    spec,
    // Sizes as calibration leaves them: a spec that left one to calibration throws here, naming it.
    workload: mustBeSized(spec.workload),
    model,
    concurrency,
    tasks,
    timeoutMs: spec.timeoutMs,
    signal: new AbortController().signal,
    onSpans: (spans) => streamed.push(...spansOfLive(spans.newest(spans.count))),
    httpUrl: 'http://127.0.0.1:9/',
    tmpDir,
    launcher: setup.launcher,
    ...overrides,
    streamed,
    cleanup: () => rmSync(tmpDir, { recursive: true, force: true }),
  };
}

/** Checks every structural promise a finished trial makes about its spans; returns problems found. */
export function spanProblems(outcome: TrialOutcome, tasks: number, workers: number): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const s of outcome.spans.toSpans()) {
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
