// The live view's batches of finished spans are bounded in size as well as in rate: a loop
// of synchronous tasks (the loop worker's sequential trial) never lets a timer run, and
// without a cap it held every span of the trial until the end (issue 15).
import { describe, expect, it } from 'vitest';
import type { Span } from '../../../src-shared/result.ts';
import { spansOfLive } from '../../../src-shared/live-spans.ts';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { columnBuffers, freeColumns, SpanTable, type SpanColumns } from '../../../src-shared/span-table.ts';
import { MAX_BATCH, SpanBatcher, TableBatcher } from '../../../src-main/engine/runners/span-batcher.ts';

const span = (task: number): Span => ({ task, worker: 0, startMs: task, endMs: task + 0.5 });

describe('span batches', () => {
  it('go out as columns every MAX_BATCH spans while the loop never yields, then the rest at flush', () => {
    const batches: SpanColumns[] = [];
    const batcher = new SpanBatcher((spans) => batches.push(spans));
    const n = 2 * MAX_BATCH + 10;
    const sent: Span[] = [];
    for (let task = 0; task < n; task++) {
      const s = { ...span(task), ...(task % 3 === 0 ? { cpu: task % 2, runMs: 0.25 } : {}) };
      sent.push(s);
      batcher.push(s);
    }
    expect(batches.map((b) => b.count)).toEqual([MAX_BATCH, MAX_BATCH]);
    batcher.flush();
    expect(batches.map((b) => b.count)).toEqual([MAX_BATCH, MAX_BATCH, 10]);
    // Through a message, as the loop worker sends them, and back into one table: every span, in order.
    const table = new SpanTable(1);
    for (const b of batches) table.appendColumns(structuredClone(b));
    expect(table.toSpans()).toEqual(sent);
  });

  it('are cut from a span table as rows are added: every row once, in order, as objects', async () => {
    const table = new SpanTable(8);
    const batches: Span[][] = [];
    const batcher = new TableBatcher(table, (spans) => batches.push(spansOfLive(spans.newest(spans.count))));
    for (let task = 0; task < MAX_BATCH + 3; task++) {
      table.append(span(task));
      batcher.added();
    }
    expect(batches.map((b) => b.length)).toEqual([MAX_BATCH]);
    // The rest goes when the timer runs, without a flush.
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(batches.map((b) => b.length)).toEqual([MAX_BATCH, 3]);
    batcher.flush();
    expect(batches).toHaveLength(2);
    expect(batches.flat()).toEqual(table.toSpans());
  });

  it('move to the parent with their buffers, leaving nothing on the sending thread, and are freed once copied', () => {
    // As the loop worker sends them and the loop trial takes them (a real port, a real transfer).
    const { port1, port2 } = new MessageChannel();
    const held: SpanColumns[] = [];
    const batcher = new SpanBatcher((spans) => {
      held.push(spans);
      port1.postMessage({ type: 'spans', spans }, columnBuffers(spans));
    });
    const sent: Span[] = [];
    for (let task = 0; task < MAX_BATCH + 5; task++) {
      const s = { ...span(task), ...(task % 2 ? { cpu: 1, waitMs: 0.01 } : {}) };
      sent.push(s);
      batcher.push(s);
    }
    batcher.flush();
    // The sender's views are detached: its memory went with the message.
    for (const b of held) for (const column of [b.task, b.startMs, b.cpu, b.waitMs]) expect(column?.byteLength).toBe(0);
    const table = new SpanTable(1);
    for (let m = receiveMessageOnPort(port2); m; m = receiveMessageOnPort(port2)) {
      const batch = (m.message as { spans: SpanColumns }).spans;
      table.appendColumns(batch);
      freeColumns(batch);
      expect(batch.task.byteLength).toBe(0);
    }
    port1.close();
    expect(table.toSpans()).toEqual(sent);
  });
});
