// One trial's spans as Chrome trace-event JSON (the "JSON Object Format"), which
// Perfetto and chrome://tracing open: one process track per OS process, one thread
// track per worker, one complete ("X") event per task, timestamps in µs. Written event
// by event from the trial's span columns, so a million-task trial never becomes a
// million span objects or one string.
import type { ExportPayload } from '../../src-shared/contract.ts';
import { figuresOf, type RunResult, type TrialFigures, type TrialResult } from '../../src-shared/result.ts';
import { processorsUsed, spanStates } from '../../src-shared/wait-states.ts';
import { exportBaseName } from './export-names.ts';
import { StringSink, type TextSink } from './json-writer.ts';
import { decodeColumns, encodeSpans, type SpanColumns } from './span-codec.ts';

/** Where the worker ran in its own process, each worker gets a process track named for it. */
const PROCESS_MODELS = new Set(['processes', 'py-multiprocessing']);

/** A number as JSON writes it (null where it is not finite). */
function num(v: number): string {
  return Number.isFinite(v) ? String(v) : 'null';
}

export type TraceRun = Pick<RunResult, 'runId' | 'name'> & { machine: Pick<RunResult['machine'], 'hostname'> };

export function traceFileName(run: TraceRun, trial: Pick<TrialFigures, 'index'>): string {
  return `${exportBaseName([run])}-trial-${trial.index}.trace.json`;
}

export function writeTrace(sink: TextSink, run: TraceRun, trial: TrialFigures, spans: SpanColumns): void {
  const perProcess = PROCESS_MODELS.has(trial.model);
  const { count, task, worker, startMs, endMs, pid: pids, thread, cpu } = spans;
  const present = (col: Float64Array | null, i: number) => col !== null && !Number.isNaN(col[i]);

  // First pass: the tracks, in the order their first span appears.
  const processes = new Map<number, string>();
  const threads = new Map<string, { pid: number; tid: number; name: string }>();
  for (let i = 0; i < count; i++) {
    // Spans without a pid (e.g. from an older engine) share one made-up process track.
    const hasPid = present(pids, i);
    const pid = hasPid ? pids![i] : 0;
    const tid = worker[i];
    if (!processes.has(pid)) {
      const where = hasPid ? ` (pid ${pid})` : '';
      processes.set(pid, perProcess ? `worker ${tid}${where}` : `${trial.model} k=${trial.concurrency}${where}`);
    }
    const threadKey = `${pid}:${tid}`;
    if (!threads.has(threadKey)) {
      const where = present(thread, i) ? ` (thread ${thread![i]})` : '';
      threads.set(threadKey, { pid, tid, name: `worker ${tid}${where}` });
    }
  }

  sink.write('{"traceEvents":[');
  let first = true;
  const event = (e: object) => {
    sink.write(first ? JSON.stringify(e) : `,${JSON.stringify(e)}`);
    first = false;
  };
  for (const [pid, name] of processes) {
    event({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name } });
    event({ name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: pid } });
  }
  for (const { pid, tid, name } of threads.values()) {
    event({ name: 'thread_name', ph: 'M', pid, tid, args: { name } });
    event({ name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: tid } });
  }
  // Second pass: one complete event per task, written as text: JSON.stringify of an object
  // per event was most of a million-task export. The text is what JSON.stringify would give
  // (the streamed-exports test holds it to that byte for byte): keys in the same order,
  // numbers as JSON writes them.
  const { runMs, waitMs, handoffInMs, handoffOutMs } = spans;
  let batch = '';
  for (let i = 0; i < count; i++) {
    const pid = present(pids, i) ? pids![i] : 0;
    const start = startMs[i];
    const end = endMs[i];
    let args = `{"task":${num(task[i])},"worker":${num(worker[i])}`;
    if (present(cpu, i)) args += `,"cpu":${num(cpu![i])}`;
    if (present(runMs, i)) {
      // As spanStates gives them for a span of these fields (src-shared/wait-states.ts).
      const st = spanStates({ task: 0, worker: 0, startMs: start, endMs: end, runMs: runMs![i], ...(present(waitMs, i) && { waitMs: waitMs![i] }) })!;
      args += `,"runningMs":${num(st.running)}`;
      if (st.waiting !== null) args += `,"waitingForCoreMs":${num(st.waiting)}`;
      args += `,"blockedMs":${num(st.blocked)}`;
    }
    if (present(handoffInMs, i)) args += `,"handoffInMs":${num(handoffInMs![i])}`;
    if (present(handoffOutMs, i)) args += `,"handoffOutMs":${num(handoffOutMs![i])}`;
    batch += `${first ? '' : ','}{"name":"task ${task[i]}","cat":"task","ph":"X","pid":${num(pid)},"tid":${num(worker[i])},"ts":${num(start * 1000)},"dur":${num(Math.max(0, end - start) * 1000)},"args":${args}}}`;
    first = false;
    // Pieces of about 64 KB: one sink write per event cost as much as making the event.
    if (batch.length > 65_536) {
      sink.write(batch);
      batch = '';
    }
  }
  sink.write(batch);
  sink.write('],"displayTimeUnit":"ms","otherData":');
  sink.write(
    JSON.stringify({
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
    }),
  );
  sink.write('}\n');
}

/** A trial already in memory (of a run the history could not take) as a trace, in one string. */
export function exportTrace(run: TraceRun, trial: TrialResult): ExportPayload {
  const sink = new StringSink();
  // Through the codec's columns, so both paths write from one layout; it keeps every value exactly.
  writeTrace(sink, run, figuresOf(trial), decodeColumns(encodeSpans(trial.spans)));
  return { fileName: traceFileName(run, trial), mimeType: 'application/json', content: sink.toString() };
}
