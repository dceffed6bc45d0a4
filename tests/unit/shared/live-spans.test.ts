// The live timeline's spans: a batch says how many tasks finished and makes span objects only
// for the newest asked for; an event made with withLiveSpans makes them on first read, once.
import { describe, expect, it } from 'vitest';
import { joinBatches, joinLive, liveSpansOfEvent, LIVE_SPAN_WINDOW, spansOfLive, withLiveSpans } from '../../../src-shared/live-spans.ts';
import type { Span } from '../../../src-shared/result.ts';
import { SpanTable } from '../../../src-shared/span-table.ts';

const span = (task: number): Span => ({ task, worker: task % 3, startMs: task, endMs: task + 0.5, cpu: 1 });
const tableOf = (n: number) => SpanTable.from(Array.from({ length: n }, (_, i) => span(i)));

describe('live spans', () => {
  it('a table batch counts its rows and gives the newest of them, oldest first', () => {
    const table = tableOf(10);
    const rows = table.batch(4);
    expect(rows.count).toBe(6);
    expect(rows.newest(3)).toEqual({ count: 3, task: [7, 8, 9], worker: [1, 2, 0], startMs: [7, 8, 9], endMs: [7.5, 8.5, 9.5], cpu: [1, 1, 1] });
    expect(spansOfLive(rows.newest(100))).toEqual(table.toSpans(4));
    expect(spansOfLive(table.batch(3, 5).newest(10))).toEqual([span(3), span(4)]);
  });

  it('joined batches count them all and take the newest from the last batch back', () => {
    const table = tableOf(9000);
    const joined = joinBatches([table.batch(0, 4096), table.batch(4096, 8192), table.batch(8192)]);
    expect(joined.count).toBe(9000);
    expect(joined.newest(LIVE_SPAN_WINDOW).task).toEqual(Array.from({ length: LIVE_SPAN_WINDOW }, (_, i) => 9000 - LIVE_SPAN_WINDOW + i));
    expect(joined.newest(3).task).toEqual([8997, 8998, 8999]);
    expect(joinBatches([]).newest(5)).toEqual({ count: 0, task: [], worker: [], startMs: [], endMs: [] });
  });

  it('joins columns where only some parts have an optional field, the others absent there', () => {
    const a = SpanTable.from([{ task: 0, worker: 0, startMs: 0, endMs: 1 }]).batch(0).newest(10);
    const b = SpanTable.from([span(1), span(2)]).batch(0).newest(10);
    const joined = joinLive([a, b]);
    expect(spansOfLive(joined)).toEqual([{ task: 0, worker: 0, startMs: 0, endMs: 1 }, span(1), span(2)]);
    expect(spansOfLive(joinLive([a, b], 2))).toEqual([span(1), span(2)]);
  });

  it('an event makes its spans on first read only, once, and carries them in JSON and structured clone', () => {
    const table = tableOf(LIVE_SPAN_WINDOW + 700);
    const asked: number[] = [];
    const event = withLiveSpans({ type: 'tasks', done: table.length }, (n) => {
      asked.push(n);
      return table.batch(0).newest(n);
    });
    // Its other fields are read without copying any.
    const { type, done } = event;
    expect({ type, done }).toEqual({ type: 'tasks', done: LIVE_SPAN_WINDOW + 700 });
    expect(asked).toEqual([]);
    // The transports read the newest spans as columns, copied once; the objects come from them.
    expect(liveSpansOfEvent(event as never).task[0]).toBe(700);
    expect(asked).toEqual([LIVE_SPAN_WINDOW]);
    const first = event.spans;
    expect(event.spans).toBe(first);
    expect(asked).toEqual([LIVE_SPAN_WINDOW]);
    expect(first[0]).toEqual(span(700));
    expect(first).toHaveLength(LIVE_SPAN_WINDOW);
    const wire = JSON.parse(JSON.stringify(event));
    expect(wire.spans).toEqual(first);
    expect(structuredClone(event)).toEqual(wire);
  });
});
