import { describe, expect, it } from 'vitest';
import type { Span } from '../../../src-shared/result.ts';
import { SpanTable } from '../../../src-shared/span-table.ts';
import { spansOfLive } from '../../../src-shared/live-spans.ts';
import { SpanBatcher, TASK_EVENT_INTERVAL_MS } from '../../../src-main/engine/progress.ts';

function span(task: number): Span {
  return { task, worker: 0, startMs: task, endMs: task + 1 };
}

/** Spans as a runner hands them on: rows of its table. */
function rows(...spans: Span[]) {
  return SpanTable.from(spans).batch(0);
}

describe('SpanBatcher', () => {
  it('turns a burst of 10,000 completions into at most ~20 events a second, losing none', async () => {
    const events: { at: number; spans: Span[] }[] = [];
    const batcher = new SpanBatcher((spans) => events.push({ at: performance.now(), spans: spansOfLive(spans.newest(spans.count)) }));
    const start = performance.now();
    // 10,000 completions spread over many turns of the event loop, as a fast pool reports them.
    for (let task = 0; task < 10_000; task++) {
      batcher.add(rows(span(task)));
      if (task % 20 === 19) await new Promise((r) => setTimeout(r, 1));
    }
    batcher.flush();
    const elapsedS = (performance.now() - start) / 1000;

    const received = events.flatMap((e) => e.spans.map((s) => s.task));
    expect(received).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    // One event at once, then one per 50 ms slot, plus the closing flush.
    expect(events.length).toBeLessThanOrEqual(Math.floor(elapsedS * (1000 / TASK_EVENT_INTERVAL_MS)) + 2);
    for (let i = 1; i < events.length - 1; i++) {
      expect(events[i].at - events[i - 1].at).toBeGreaterThanOrEqual(TASK_EVENT_INTERVAL_MS - 1);
    }
  });

  it('sends a lone completion at once, so a slow trial shows each task as it ends', () => {
    const events: Span[][] = [];
    const batcher = new SpanBatcher((spans) => events.push(spansOfLive(spans.newest(spans.count))));
    batcher.add(rows(span(0)));
    expect(events).toEqual([[span(0)]]);
    batcher.close();
  });

  it('holds a completion that comes too soon until its slot, and flush sends it early', () => {
    const events: Span[][] = [];
    const batcher = new SpanBatcher((spans) => events.push(spansOfLive(spans.newest(spans.count))), 60_000);
    batcher.add(rows(span(0)));
    batcher.add(rows(span(1), span(2)));
    expect(events).toHaveLength(1);
    batcher.flush();
    expect(events).toEqual([[span(0)], [span(1), span(2)]]);
    batcher.flush();
    expect(events).toHaveLength(2);
  });

  it('close drops what is pending and its timer', async () => {
    const events: Span[][] = [];
    const batcher = new SpanBatcher((spans) => events.push(spansOfLive(spans.newest(spans.count))), 5);
    batcher.add(rows(span(0)));
    batcher.add(rows(span(1)));
    batcher.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual([[span(0)]]);
  });
});
