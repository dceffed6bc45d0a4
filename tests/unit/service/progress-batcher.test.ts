// Progress reaches a transport in batches: at most one message per interval however fast
// events come, task updates of one trial merged without losing a span, order kept.
import { describe, expect, it } from 'vitest';
import type { ProgressEvent, Span } from '../../../src-shared/result.ts';
import { fromWire, LIVE_SPAN_WINDOW, withLiveSpans, type WireEvent } from '../../../src-shared/live-spans.ts';
import { SpanTable } from '../../../src-shared/span-table.ts';
import { createProgressBatcher } from '../../../src-main/service/progress-batcher.ts';

const progress = { trialsDone: 0, trialsTotal: 1, fraction: 0, etaMs: null };
const span = (task: number): Span => ({ task, worker: 0, startMs: task, endMs: task + 1 });
const tasks = (index: number, done: number, spans: Span[], runId = 'r'): ProgressEvent => ({
  type: 'tasks', runId, index, warmup: false, done, total: 100, spans, progress,
});
const sample = (tMs: number): ProgressEvent => ({ type: 'utilization', runId: 'r', sample: { tMs, cores: [0.5] } });

describe('progress batcher', () => {
  it('sends events pushed together as one message', async () => {
    const sent: ProgressEvent[][] = [];
    const batcher = createProgressBatcher((b) => sent.push(b.map(fromWire)));
    for (let i = 0; i < 500; i++) batcher.push(sample(i));
    expect(sent).toEqual([]);
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toHaveLength(1);
    expect(sent[0].map((e) => (e.type === 'utilization' ? e.sample.tMs : -1))).toEqual([...Array(500).keys()]);
    batcher.close();
  });

  it('merges task updates of one trial, keeping every span and the latest counters', () => {
    const sent: ProgressEvent[][] = [];
    const batcher = createProgressBatcher((b) => sent.push(b.map(fromWire)));
    batcher.push(tasks(0, 1, [span(0)]));
    batcher.push(tasks(0, 3, [span(1), span(2)]));
    batcher.push(sample(5));
    batcher.push(tasks(0, 4, [span(3)]));
    batcher.push(tasks(1, 1, [span(0)]));
    batcher.flush();
    expect(sent).toHaveLength(1);
    const [a, b, c, d] = sent[0];
    expect(a).toMatchObject({ type: 'tasks', index: 0, done: 3 });
    expect(a.type === 'tasks' && a.spans.map((s) => s.task)).toEqual([0, 1, 2]);
    expect(b.type).toBe('utilization');
    expect(c).toMatchObject({ type: 'tasks', index: 0, done: 4 });
    expect(d).toMatchObject({ type: 'tasks', index: 1, done: 1 });
    batcher.close();
  });

  it('merges a burst into the newest LIVE_SPAN_WINDOW spans, in order, counting every task in done', () => {
    const sent: ProgressEvent[][] = [];
    const batcher = createProgressBatcher((b) => sent.push(b.map(fromWire)));
    const run = (from: number, n: number) => Array.from({ length: n }, (_, i) => span(from + i));
    batcher.push(tasks(0, 4000, run(0, 4000)));
    batcher.push(tasks(0, 8000, run(4000, 4000)));
    batcher.push(tasks(0, 8500, run(8000, 500)));
    batcher.flush();
    expect(sent).toHaveLength(1);
    const [merged] = sent[0];
    expect(merged).toMatchObject({ type: 'tasks', index: 0, done: 8500 });
    const tasksSent = merged.type === 'tasks' ? merged.spans.map((s) => s.task) : [];
    // All a live view keeps, and what it would have kept from every span: no gap, the last task last.
    expect(tasksSent).toEqual(Array.from({ length: LIVE_SPAN_WINDOW }, (_, i) => 8500 - LIVE_SPAN_WINDOW + i));
    batcher.close();
  });

  it('carries live spans as columns that JSON and structured clone keep, absent fields included', () => {
    const wire: WireEvent[][] = [];
    const batcher = createProgressBatcher((b) => wire.push(b));
    const spans: Span[] = [
      { task: 0, worker: 1, startMs: 0.25, endMs: 1.5, cpu: 1, runMs: 1.2 },
      { task: 1, worker: 0, startMs: 0.5, endMs: 2.125 },
      { task: 2, worker: 1, startMs: 1.5, endMs: 3, cpu: 0, waitMs: 0.001 },
    ];
    batcher.push(tasks(0, 3, spans));
    batcher.flush();
    const [event] = wire[0];
    expect(event.type === 'tasks' && event.spans).toMatchObject({ count: 3, task: [0, 1, 2], startMs: [0.25, 0.5, 1.5], cpu: [1, NaN, 0] });
    // JSON turns the NaN of a span without the field into null; both read back as absent.
    for (const carried of [JSON.parse(JSON.stringify(event)), structuredClone(event)]) {
      const back = fromWire(carried);
      expect(back.type === 'tasks' && back.spans).toEqual(spans);
    }
    batcher.close();
  });

  it("reads a task update's spans as columns as it queues it, never as span objects", () => {
    const wire: WireEvent[][] = [];
    const batcher = createProgressBatcher((b) => wire.push(b));
    const reads: number[] = [];
    const rows = SpanTable.from([span(0), span(1), span(2)]).batch(0);
    const event = withLiveSpans({ type: 'tasks' as const, runId: 'r', index: 0, warmup: false, done: 3, total: 3, progress }, (n) => (reads.push(n), rows.newest(n)));
    // The objects are for listeners in the engine's process; a transport must not make them.
    Object.defineProperty(event, 'spans', { get: () => expect.fail('the batcher made span objects') });
    batcher.push(event);
    expect(reads).toEqual([LIVE_SPAN_WINDOW]);
    batcher.flush();
    const sent = fromWire(wire[0][0]);
    expect(sent.type === 'tasks' && sent.spans).toEqual([span(0), span(1), span(2)]);
    batcher.close();
  });

  it('sends no more than one message per interval while events keep coming', async () => {
    const sent: ProgressEvent[][] = [];
    const intervalMs = 20;
    const batcher = createProgressBatcher((b) => sent.push(b.map(fromWire)), { intervalMs });
    const start = performance.now();
    let pushed = 0;
    while (performance.now() - start < 150) {
      batcher.push(tasks(0, ++pushed, [span(pushed)]));
      await new Promise((r) => setImmediate(r));
    }
    const elapsed = performance.now() - start;
    batcher.close();
    // Whatever the machine's speed: one message at most per started interval, plus the final flush.
    expect(sent.length).toBeLessThanOrEqual(Math.floor(elapsed / intervalMs) + 2);
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.flat().flatMap((e) => (e.type === 'tasks' ? e.spans.map((s) => s.task) : []))).toEqual(
      Array.from({ length: pushed }, (_, i) => i + 1),
    );
  });

  it('sends what is pending on close and nothing after', () => {
    const sent: ProgressEvent[][] = [];
    const batcher = createProgressBatcher((b) => sent.push(b.map(fromWire)));
    batcher.push(sample(1));
    batcher.close();
    batcher.push(sample(2));
    batcher.flush();
    expect(sent).toEqual([[sample(1)]]);
  });
});
