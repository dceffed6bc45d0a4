// One trial's spans as Chrome trace-event JSON (the "JSON Object Format"), which
// Perfetto and chrome://tracing open: one process track per OS process, one thread
// track per worker, one complete ("X") event per task, timestamps in µs.
import type { ExportPayload } from '../../src-shared/contract.ts';
import type { RunResult, Span, TrialResult } from '../../src-shared/result.ts';
import { processorsUsed, spanStates } from '../../src-shared/wait-states.ts';
import { exportBaseName } from './export-names.ts';

interface TraceEvent {
  name: string;
  ph: 'X' | 'M';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  args?: Record<string, unknown>;
}

/** Where the worker ran in its own process, each worker gets a process track named for it. */
const PROCESS_MODELS = new Set(['processes', 'py-multiprocessing']);

/** A span's wait states and hand-offs as trace args (Perfetto shows them in the slice's details). */
function stateArgs(span: Span): Record<string, number> {
  const args: Record<string, number> = {};
  const st = spanStates(span);
  if (st) {
    args.runningMs = st.running;
    if (st.waiting !== null) args.waitingForCoreMs = st.waiting;
    args.blockedMs = st.blocked;
  }
  if (span.handoffInMs !== undefined) args.handoffInMs = span.handoffInMs;
  if (span.handoffOutMs !== undefined) args.handoffOutMs = span.handoffOutMs;
  return args;
}

export function exportTrace(run: RunResult, trial: TrialResult): ExportPayload {
  const perProcess = PROCESS_MODELS.has(trial.model);
  const events: TraceEvent[] = [];
  const processes = new Map<number, string>();
  const threads = new Map<string, { pid: number; tid: number; name: string }>();

  for (const s of trial.spans) {
    // Spans without a pid (e.g. from an older engine) share one made-up process track.
    const pid = s.pid ?? 0;
    const tid = s.worker;
    if (!processes.has(pid)) {
      const where = s.pid === undefined ? '' : ` (pid ${s.pid})`;
      processes.set(pid, perProcess ? `worker ${s.worker}${where}` : `${trial.model} k=${trial.concurrency}${where}`);
    }
    const threadKey = `${pid}:${tid}`;
    if (!threads.has(threadKey)) {
      const where = s.thread === undefined ? '' : ` (thread ${s.thread})`;
      threads.set(threadKey, { pid, tid, name: `worker ${s.worker}${where}` });
    }
    events.push({
      name: `task ${s.task}`,
      cat: 'task',
      ph: 'X',
      pid,
      tid,
      ts: s.startMs * 1000,
      dur: Math.max(0, s.endMs - s.startMs) * 1000,
      args: { task: s.task, worker: s.worker, ...(s.cpu !== undefined && { cpu: s.cpu }), ...stateArgs(s) },
    });
  }

  const meta: TraceEvent[] = [];
  for (const [pid, name] of processes) {
    meta.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name } });
    meta.push({ name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: pid } });
  }
  for (const { pid, tid, name } of threads.values()) {
    meta.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name } });
    meta.push({ name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: tid } });
  }

  const doc = {
    traceEvents: [...meta, ...events],
    displayTimeUnit: 'ms',
    otherData: {
      run: run.runId,
      name: run.name,
      trial: trial.index,
      model: trial.model,
      concurrency: trial.concurrency,
      repetition: trial.repetition,
      status: trial.status,
      wallMs: trial.wallMs,
      cpuMs: trial.cpuMs,
      processorsUsed: processorsUsed(trial),
      ...(trial.states ? { states: trial.states } : {}),
      host: run.machine.hostname,
    },
  };
  return {
    fileName: `${exportBaseName([run])}-trial-${trial.index}.trace.json`,
    mimeType: 'application/json',
    content: `${JSON.stringify(doc)}\n`,
  };
}
