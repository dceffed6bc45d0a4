// The engine keeps a trial's spans in a SpanTable from the first task on (issue 15): every
// span in order, its columns equal to the span objects, and a 1,000,000-task trial in the
// bytes its columns need, nothing more.
import { describe, expect, it } from 'vitest';
import type { Span } from '../../../src-shared/result.ts';
import { OPTIONAL_SPAN_FIELDS, SpanTable } from '../../../src-shared/span-table.ts';
import { tailShare, trialStates } from '../../../src-shared/wait-states.ts';

/** Spans as the models make them: some fields on every span, some on a few, fractional ms. */
function someSpans(n: number, seed = 1): Span[] {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const spans: Span[] = [];
  for (let i = 0; i < n; i++) {
    const startMs = Math.round(rnd() * 1e6) / 1e3;
    const span: Span = { task: i, worker: i % 3, startMs, endMs: startMs + Math.round(rnd() * 5e3) / 1e3 };
    if (i % 2 === 0) span.pid = 4000 + (i % 3);
    if (i % 3 !== 1) span.thread = 2 ** 40 + i; // beyond 32 bits, as macOS thread ids are
    if (i % 5 === 0) span.cpu = i % 8;
    if (i % 7 === 0) {
      span.runMs = rnd() * 3;
      span.waitMs = rnd();
    }
    if (i % 4 === 0) span.handoffInMs = rnd() / 10;
    if (i % 6 === 0) span.handoffOutMs = rnd() / 10;
    spans.push(span);
  }
  return spans;
}

describe('SpanTable', () => {
  it('keeps every span, in the order added, as it grows past its first capacity', () => {
    const spans = someSpans(5000);
    const table = new SpanTable(3);
    for (const s of spans) table.append(s);
    expect(table.length).toBe(5000);
    expect(table.toSpans()).toEqual(spans);
    expect(table.row(4321)).toEqual(spans[4321]);
    expect(table.toSpans(10, 13)).toEqual(spans.slice(10, 13));
  });

  it('has columns equal to the span objects: NaN where a span lacks a field, null where none has it', () => {
    const spans = someSpans(300).map(({ handoffOutMs: _, ...s }) => s);
    const c = SpanTable.from(spans).columns();
    expect(c.count).toBe(300);
    expect(c.handoffOutMs).toBeNull();
    spans.forEach((s, i) => {
      expect([c.task[i], c.worker[i], c.startMs[i], c.endMs[i]]).toEqual([s.task, s.worker, s.startMs, s.endMs]);
      for (const f of OPTIONAL_SPAN_FIELDS) {
        if (f === 'handoffOutMs') continue;
        const column = c[f]!;
        if (s[f] === undefined) expect(column[i]).toBeNaN();
        else expect(column[i]).toBe(s[f]);
      }
    });
  });

  it('writes a span back with its fields in the result format order, absent ones left out', () => {
    const table = new SpanTable();
    // Keys in another order, one explicitly undefined (a pool member with no pid yet).
    table.append({ waitMs: 0.5, cpu: 2, runMs: 1, task: 7, worker: 1, startMs: 0.25, endMs: 2, pid: undefined, thread: 9 });
    expect(JSON.stringify(table.row(0))).toBe('{"task":7,"worker":1,"startMs":0.25,"endMs":2,"thread":9,"cpu":2,"runMs":1,"waitMs":0.5}');
  });

  it('holds a 1,000,000-task trial in 8 bytes per span and field present, sized once', () => {
    const n = 1_000_000;
    const table = new SpanTable(n);
    // A sequential trial: pid, thread and cpu on every span, wait states on 1 in 32, no hand-offs.
    for (let i = 0; i < n; i++) {
      const row = table.add(i, 0, i * 0.06, i * 0.06 + 0.05);
      table.set('pid', row, 4242);
      table.set('thread', row, 4243);
      table.set('cpu', row, i % 2);
      if (i % 32 === 0) {
        table.set('runMs', row, 0.049);
        table.set('waitMs', row, 0.001);
      }
    }
    expect(table.length).toBe(n);
    expect(table.bytes).toBe(9 * 8 * n);
    const c = table.columns();
    expect(c.handoffInMs).toBeNull();
    expect(c.task[n - 1]).toBe(n - 1);
    expect(c.runMs![32]).toBe(0.049);
    expect(c.runMs![33]).toBeNaN();
  });

  it('gives the same trial states and tail read from columns as from the span objects', () => {
    const spans = someSpans(2000, 7);
    const table = SpanTable.from(spans);
    const fromColumns = trialStates(table.columns(), { concurrency: 3, wallMs: 1100 });
    expect(fromColumns).toBeDefined();
    expect(fromColumns!.measuredSpans).toBe(spans.filter((s) => s.runMs !== undefined).length);
    expect(fromColumns!.handoffMs!.median).toBeGreaterThan(0);
    expect(trialStates(spans, { concurrency: 3, wallMs: 1100 })).toEqual(fromColumns);
    expect(tailShare(table.columns(), 3, 1100)).toBe(tailShare(spans, 3, 1100));
  });

  it('frees its columns when released, and refuses to be read or written after', () => {
    const table = SpanTable.from(someSpans(1000));
    const before = table.columns();
    const batch = table.batch(990);
    expect(before.task.buffer.byteLength).toBe(1000 * 8);
    table.release();
    // The memory is gone now, not at V8's next collection: every view of it is detached.
    expect(before.task.buffer.byteLength).toBe(0);
    expect(before.startMs.length).toBe(0);
    expect(before.pid!.buffer.byteLength).toBe(0);
    expect(table.length).toBe(0);
    expect(table.bytes).toBe(0);
    // A late reader gets an error, not an empty trial.
    expect(() => table.columns()).toThrow(/read after it was released/);
    expect(() => table.toSpans()).toThrow(/read after it was released/);
    expect(() => batch.newest(5)).toThrow(/read after it was released/);
    expect(() => table.add(0, 0, 0, 1)).toThrow(/after it was released/);
    expect(() => table.appendColumns(SpanTable.from(someSpans(3)).columns())).toThrow(/after it was released/);
    table.release(); // twice is harmless
  });
});
