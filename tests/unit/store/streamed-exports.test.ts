// Exports are written piece by piece (one trial's spans in memory at a time), and must be
// exactly what the whole-string exports were: the same bytes, so a file made either way
// imports, diffs and hashes alike. The old whole-string builders are kept here as references.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { withVerdicts } from '../../../src-shared/explain-run.ts';
import { processorsUsed, spanStates } from '../../../src-shared/wait-states.ts';
import type { RunResult, Span, TrialResult } from '../../../src-shared/result.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, LabStore } from '../../../src-main/store/index.ts';
import { FileSink, LazyArray, StringSink, writeJson } from '../../../src-main/store/json-writer.ts';
import { makeRun, makeSpans, makeSpec, makeTrial, recordRun, seeded, tempDir } from './fixtures/make-run.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());

function written(value: unknown, gap: string): string {
  const sink = new StringSink();
  writeJson(sink, value, gap);
  return sink.toString();
}

/** A span's wait states as trace args, as the whole-string trace gave them. */
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

/** The trace export as it was built before it was streamed: every event an object, one JSON.stringify. */
function traceAsBefore(run: RunResult, trial: TrialResult): string {
  const perProcess = trial.model === 'processes' || trial.model === 'py-multiprocessing';
  const events: object[] = [];
  const processes = new Map<number, string>();
  const threads = new Map<string, { pid: number; tid: number; name: string }>();
  for (const s of trial.spans) {
    const pid = s.pid ?? 0;
    const tid = s.worker;
    if (!processes.has(pid)) {
      const where = s.pid === undefined ? '' : ` (pid ${s.pid})`;
      processes.set(pid, perProcess ? `worker ${s.worker}${where}` : `${trial.model} k=${trial.concurrency}${where}`);
    }
    if (!threads.has(`${pid}:${tid}`)) {
      threads.set(`${pid}:${tid}`, { pid, tid, name: `worker ${s.worker}${s.thread === undefined ? '' : ` (thread ${s.thread})`}` });
    }
    events.push({
      name: `task ${s.task}`, cat: 'task', ph: 'X', pid, tid, ts: s.startMs * 1000, dur: Math.max(0, s.endMs - s.startMs) * 1000,
      args: { task: s.task, worker: s.worker, ...(s.cpu !== undefined && { cpu: s.cpu }), ...stateArgs(s) },
    });
  }
  const meta: object[] = [];
  for (const [pid, name] of processes) {
    meta.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name } });
    meta.push({ name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: pid } });
  }
  for (const { pid, tid, name } of threads.values()) {
    meta.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name } });
    meta.push({ name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: tid } });
  }
  const otherData = {
    run: run.runId, name: run.name, trial: trial.index, model: trial.model, concurrency: trial.concurrency,
    repetition: trial.repetition, status: trial.status, wallMs: trial.wallMs, cpuMs: trial.cpuMs,
    processorsUsed: processorsUsed(trial), ...(trial.states ? { states: trial.states } : {}), host: run.machine.hostname,
  };
  return `${JSON.stringify({ traceEvents: [...meta, ...events], displayTimeUnit: 'ms', otherData })}\n`;
}

describe('the JSON writer', () => {
  it('writes what JSON.stringify writes, byte for byte, indented or not', () => {
    const rand = seeded(4);
    const values: unknown[] = [
      [],
      {},
      { a: [], b: {}, c: undefined, d: () => 1, e: NaN, f: -Infinity, g: null, h: 'quote " and \n newline', i: [undefined, 1] },
      Array.from({ length: 40 }, (_, i) => ({ i, nested: { deep: [i, i + 1] }, skip: undefined })),
      { spans: makeSpans(50, 3, rand), list: Array.from({ length: 20 }, (_, i) => [i, [i]]), date: new Date(0) },
      [[[Array.from({ length: 17 }, (_, i) => i)]]],
      'text',
      42,
    ];
    for (const value of values) {
      for (const gap of ['', '  ', '\t']) expect(written(value, gap)).toBe(JSON.stringify(value, null, gap));
    }
  });

  it('a file sink writes every piece in order as UTF-8: small ones, multi-byte ones, and one larger than its buffer', () => {
    const { file, remove } = tempDir();
    const pieces = ['{"a":', '"ü€😀"', ',"big":"', 'x'.repeat(3 << 20), '","n":', ...Array.from({ length: 50_000 }, (_, i) => `${i},`), '"é"}'];
    const sink = new FileSink(file('pieces.json'));
    for (const p of pieces) sink.write(p);
    const bytes = sink.commit();
    const expected = Buffer.from(pieces.join(''), 'utf8');
    expect(bytes).toBe(expected.length);
    expect(readFileSync(file('pieces.json')).equals(expected)).toBe(true);
    expect(existsSync(file('pieces.json.partial'))).toBe(false);
    remove();
  });

  it('writes a lazy array as the array it stands for, making each element only when it gets there', () => {
    const made: number[] = [];
    const lazy = new LazyArray(20, (i) => {
      made.push(i);
      return { i, spans: [{ task: i }] };
    });
    const text = written({ runs: [{ trials: lazy }] }, '  ');
    expect(text).toBe(JSON.stringify({ runs: [{ trials: Array.from({ length: 20 }, (_, i) => ({ i, spans: [{ task: i }] })) }] }, null, 2));
    expect(made).toEqual([...Array(20).keys()]);
  });
});

describe('streamed exports', () => {
  const rand = seeded(11);
  const withPids: Span[] = makeSpans(400, 4, rand, 'processes');
  const run = makeRun({
    seed: 12,
    runId: 'stream00-0000-4000-8000-000000000000',
    name: 'streamed',
    experiment: makeSpec({ models: ['threads', 'processes'], concurrency: [4] }),
    trials: [
      { ...makeTrial(0, 'processes', 4, 0, rand), spans: withPids },
      { ...makeTrial(1, 'threads', 4, 0, rand), spans: makeSpans(300, 4, rand, 'threads') },
      { ...makeTrial(2, 'threads', 4, 1, rand), spans: [] },
    ],
  });
  const other = makeRun({ seed: 13, runId: 'stream01-0000-4000-8000-000000000000', name: 'other' });
  const store = LabStore.open(tmp.file('streamed.db'));
  recordRun(store, run);
  recordRun(store, other);
  afterAll(() => store.close());

  it('a JSON export of several runs is the whole-string document, byte for byte', () => {
    const payload = store.exportRuns([run.runId, other.runId], 'json');
    const exportedAt = (JSON.parse(payload.content) as { exportedAt: string }).exportedAt;
    const runs = [store.getRun(run.runId), store.getRun(other.runId)].map(withVerdicts);
    expect(payload.content).toBe(`${JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt, runs }, null, 2)}\n`);
    expect(payload.fileName).toBe('concurrency-lab-2-runs.json');
  });

  it('the same export streamed to a file is the same bytes, under the name it proposed', () => {
    const dir = tmp.file('out');
    const { file, bytes } = store.exportRunsTo([run.runId], 'json', (name) => `${dir}-${name}`);
    expect(file).toBe(`${dir}-streamed-stream00.json`);
    const text = readFileSync(file, 'utf8');
    expect(Buffer.byteLength(text)).toBe(bytes);
    const exportedAt = (JSON.parse(text) as { exportedAt: string }).exportedAt;
    expect(text).toBe(`${JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt, runs: [withVerdicts(store.getRun(run.runId))] }, null, 2)}\n`);
  });

  it('a Chrome trace is what the whole-string trace was, byte for byte, as a string and as a file', () => {
    const saved = store.getRun(run.runId);
    for (const trial of saved.trials) {
      const expected = traceAsBefore(saved, trial);
      expect(store.exportTrace(run.runId, trial.index).content).toBe(expected);
      const { file } = store.exportTraceTo(run.runId, trial.index, (name) => tmp.file(name));
      expect(readFileSync(file, 'utf8')).toBe(expected);
    }
  });

  it('a failed export leaves no file behind, not even a partial one', () => {
    const target = tmp.file('never.json');
    expect(() => store.exportRunsTo([run.runId, 'no-such-run'], 'json', () => target)).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => store.exportTraceTo(run.runId, 9, () => target)).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(tmp.file('')).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});
