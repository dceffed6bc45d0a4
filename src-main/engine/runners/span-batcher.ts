// Finished spans go out in batches at most every 50 ms, whatever the task rate:
// a no-op task must not cost a message or a callback of its own. A batch also goes out
// once it holds MAX_BATCH spans: a loop of synchronous tasks never lets the timer run
// (the loop worker's sequential trial awaits nothing but microtasks), and without the cap
// it held every span of the trial until its end, then sent them as one message.
// The loop worker's batches are columns (a SpanTable's), not span objects: copying a
// batch of typed arrays into a message costs a few ns a span on the measured thread,
// where cloning span objects cost about 1 µs each (measured), inside the trial's wall.
import type { SpanBatch } from '../../../src-shared/live-spans.ts';
import type { Span } from '../../../src-shared/result.ts';
import { SpanTable, type SpanColumns } from '../../../src-shared/span-table.ts';

const BATCH_MS = 50;
/** 4,096 spans: a message of at most ~300 KB of columns. */
export const MAX_BATCH = 4096;

export class SpanBatcher {
  private readonly emit: (spans: SpanColumns) => void;
  private buffer = new SpanTable(MAX_BATCH);
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(emit: (spans: SpanColumns) => void) {
    this.emit = emit;
  }

  push(span: Span): void {
    this.buffer.append(span);
    if (this.buffer.length >= MAX_BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const spans = this.buffer.columns();
    this.buffer = new SpanTable(MAX_BATCH);
    this.emit(spans);
  }
}

/**
 * The same batches, cut from a span table as rows are added to it (the pools keep their
 * spans in columns): rows of the table, made into span objects only if the live view asks.
 */
export class TableBatcher {
  private readonly table: SpanTable;
  private readonly emit: (spans: SpanBatch) => void;
  /** The first row not yet sent. */
  private sent = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(table: SpanTable, emit: (spans: SpanBatch) => void) {
    this.table = table;
    this.emit = emit;
  }

  /** A row was added to the table. */
  added(): void {
    if (this.table.length - this.sent >= MAX_BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const end = this.table.length;
    if (end === this.sent) return;
    const rows = this.table.batch(this.sent, end);
    this.sent = end;
    this.emit(rows);
  }
}
