import { afterAll, describe, expect, it } from 'vitest';
import type { Span } from '../../../src-shared/result.ts';
import { LabStore } from '../../../src-main/store/index.ts';
import { makeRun, makeSpec, makeTrial, recordRun, seeded, tempDir } from './fixtures/make-run.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  args?: Record<string, unknown>;
}

describe('Chrome trace export of one trial', () => {
  const rand = seeded(3);
  const processSpans: Span[] = [
    { task: 0, worker: 0, startMs: 0.5, endMs: 10.25, pid: 501, cpu: 2, runMs: 6, waitMs: 1.5, handoffInMs: 0.02, handoffOutMs: 0.03 },
    { task: 1, worker: 1, startMs: 0.75, endMs: 11, pid: 502 },
    { task: 2, worker: 0, startMs: 10.5, endMs: 20.125, pid: 501 },
  ];
  const threadSpans: Span[] = [
    { task: 0, worker: 0, startMs: 1, endMs: 2, pid: 400, thread: 7 },
    { task: 1, worker: 1, startMs: 1, endMs: 3, pid: 400, thread: 8 },
  ];
  const run = makeRun({
    seed: 9,
    runId: 'trace000-0000-4000-8000-000000000000',
    name: 'trace me',
    experiment: makeSpec({ models: ['threads', 'processes'], concurrency: [2] }),
    trials: [
      { ...makeTrial(0, 'processes', 2, 0, rand), spans: processSpans },
      { ...makeTrial(1, 'threads', 2, 0, rand), spans: threadSpans },
    ],
  });
  const store = LabStore.open(tmp.file('trace.db'));
  recordRun(store, run);
  afterAll(() => store.close());

  it('gives every worker process its own pid track, named with its pid, and one X event per task in µs', () => {
    const payload = store.exportTrace('trace000', 0);
    expect(payload.fileName).toBe('trace-me-trace000-trial-0.trace.json');
    const doc = JSON.parse(payload.content) as { traceEvents: TraceEvent[]; displayTimeUnit: string; otherData: Record<string, unknown> };
    const tasks = doc.traceEvents.filter((e) => e.ph === 'X');
    expect(tasks).toHaveLength(3);
    expect(tasks[0]).toMatchObject({ name: 'task 0', pid: 501, tid: 0, ts: 500, dur: 9750, args: { task: 0, worker: 0, cpu: 2 } });
    // Wait states travel as the slice's args: running, waiting for a core, blocked (the rest), hand-offs.
    expect(tasks[0].args).toMatchObject({ runningMs: 6, waitingForCoreMs: 1.5, blockedMs: 2.25, handoffInMs: 0.02, handoffOutMs: 0.03 });
    expect(tasks[1].args).not.toHaveProperty('runningMs');
    expect(tasks[2]).toMatchObject({ pid: 501, ts: 10500, dur: 9625 });
    const names = doc.traceEvents.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => [e.pid, e.args!.name]);
    expect(names).toEqual([
      [501, 'worker 0 (pid 501)'],
      [502, 'worker 1 (pid 502)'],
    ]);
    expect(doc.otherData).toMatchObject({ run: run.runId, trial: 0, model: 'processes', concurrency: 2 });
  });

  it('puts threads of one process on one pid track, one tid per worker, named with the thread id', () => {
    const doc = JSON.parse(store.exportTrace(run.runId, 1).content) as { traceEvents: TraceEvent[] };
    const x = doc.traceEvents.filter((e) => e.ph === 'X');
    expect(new Set(x.map((e) => e.pid))).toEqual(new Set([400]));
    expect(x.map((e) => e.tid)).toEqual([0, 1]);
    const threads = doc.traceEvents.filter((e) => e.name === 'thread_name').map((e) => e.args!.name);
    expect(threads).toEqual(['worker 0 (thread 7)', 'worker 1 (thread 8)']);
    const process = doc.traceEvents.find((e) => e.name === 'process_name')!;
    expect(process.args!.name).toBe('threads k=2 (pid 400)');
  });

  it('says when the trial does not exist', () => {
    expect(() => store.exportTrace(run.runId, 5)).toThrow(expect.objectContaining({ code: 'not-found', message: expect.stringContaining('no trial 5') }));
    expect(() => store.exportTrace(run.runId, -1)).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() => store.exportTrace('nope', 0)).toThrow(expect.objectContaining({ code: 'not-found' }));
  });
});
