// Builds a TrialContext for a Python model with tiny defaults, and checks what
// tests need to know about processes and spans.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateExperiment, type ExperimentInput } from '../../../src-shared/experiment.ts';
import type { PythonModel } from '../../../src-shared/models.ts';
import type { Span } from '../../../src-shared/result.ts';
import type { ProcessLauncher, TrialContext, TrialOutcome } from '../../../src-main/engine/types.ts';

export const PY_MODELS: PythonModel[] = ['py-sequential', 'py-asyncio', 'py-threading', 'py-multiprocessing'];

// Python trials never launch Node children; a launcher that says so if one ever tries.
const noLauncher: ProcessLauncher = {
  kind: 'child_process',
  launch() {
    throw new Error('a Python trial must not launch Node children');
  },
};

export interface PyTrial extends TrialContext {
  streamed: Span[];
  cleanup(): void;
}

export function pyTrial(
  model: PythonModel,
  workload: ExperimentInput['workload'],
  overrides: Partial<Omit<TrialContext, 'spec' | 'workload' | 'model'>> & { python?: ExperimentInput['python'] } = {},
): PyTrial {
  const { python, ...rest } = overrides;
  const tasks = rest.tasks ?? 6;
  const concurrency = rest.concurrency ?? 2;
  const parsed = validateExperiment({
    workload, tasks, models: [model], concurrency: [concurrency], timeoutMs: rest.timeoutMs ?? 30_000,
    ...(python ? { python } : {}),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const spec = parsed.value;
  const tmpDir = mkdtempSync(join(tmpdir(), 'lab-python-test-'));
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
    launcher: noLauncher,
    ...rest,
    streamed,
    cleanup: () => rmSync(tmpDir, { recursive: true, force: true }),
  };
}

export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** Whether the process runs. A zombie does not: it has ended and only waits to be reaped (by init here). */
export function isRunning(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

/** Waits up to `ms` for every pid to be gone; returns those still running. */
export async function stillRunningAfter(pids: number[], ms: number): Promise<number[]> {
  const until = Date.now() + ms;
  for (;;) {
    const left = pids.filter(isRunning);
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every structural promise a finished trial makes about its spans; returns the problems found. */
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
