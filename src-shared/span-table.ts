// A trial's spans as columns, kept that way from the moment each task reports back until
// the trial is saved (issue 15). A million span objects cost the engine several times
// what their numbers do (an object header and a boxed double per fractional field, and
// the garbage collector's headroom on top); one Float64Array per field costs 8 bytes a
// span, and the store encodes straight from it. Readers of saved runs keep `Span`s.
import type { LiveSpans, SpanBatch } from './live-spans.ts';
import type { Span } from './result.ts';

/** The fields a span may lack, in the result format's order (after task, worker, startMs, endMs). */
export const OPTIONAL_SPAN_FIELDS = ['pid', 'thread', 'cpu', 'runMs', 'waitMs', 'handoffInMs', 'handoffOutMs'] as const;
export type OptionalSpanField = (typeof OPTIONAL_SPAN_FIELDS)[number];

/**
 * A trial's spans as columns, NaN where a span lacks an optional field, null where no span
 * has it: what the store encodes, the timeline's windows and the trace export walk without
 * making a span object each. A new span field is one more column here.
 */
export interface SpanColumns {
  count: number;
  task: Float64Array;
  worker: Float64Array;
  startMs: Float64Array;
  endMs: Float64Array;
  pid: Float64Array | null;
  thread: Float64Array | null;
  cpu: Float64Array | null;
  runMs: Float64Array | null;
  waitMs: Float64Array | null;
  handoffInMs: Float64Array | null;
  handoffOutMs: Float64Array | null;
}

const DEFAULT_CAPACITY = 1024;

/**
 * A growable table of spans, one Float64Array per field (exact for every value a span
 * holds). Rows stay in the order they were added. An optional column is allocated only
 * when the first span that has the field arrives, so a model that never measures a field
 * pays nothing for it. Sized up front from the trial's task count, it never grows.
 */
export class SpanTable {
  #count = 0;
  #released = false;
  #capacity: number;
  #task: Float64Array;
  #worker: Float64Array;
  #startMs: Float64Array;
  #endMs: Float64Array;
  readonly #optional: Record<OptionalSpanField, Float64Array | null> = {
    pid: null, thread: null, cpu: null, runMs: null, waitMs: null, handoffInMs: null, handoffOutMs: null,
  };

  /** `capacity`: the spans expected (the trial's tasks); more still fit, the columns grow. */
  constructor(capacity = DEFAULT_CAPACITY) {
    this.#capacity = Math.max(1, Math.floor(capacity));
    this.#task = new Float64Array(this.#capacity);
    this.#worker = new Float64Array(this.#capacity);
    this.#startMs = new Float64Array(this.#capacity);
    this.#endMs = new Float64Array(this.#capacity);
  }

  static from(spans: readonly Span[]): SpanTable {
    const table = new SpanTable(spans.length);
    for (const span of spans) table.append(span);
    return table;
  }

  get length(): number {
    return this.#count;
  }

  /** Bytes the columns hold (allocated, not only used). */
  get bytes(): number {
    let columns = 4;
    for (const f of OPTIONAL_SPAN_FIELDS) if (this.#optional[f]) columns++;
    return columns * this.#capacity * Float64Array.BYTES_PER_ELEMENT;
  }

  /** Adds a span's four required fields; returns its row, for `set` of the fields it has. */
  add(task: number, worker: number, startMs: number, endMs: number): number {
    if (this.#count === this.#capacity) this.#grow();
    const row = this.#count++;
    this.#task[row] = task;
    this.#worker[row] = worker;
    this.#startMs[row] = startMs;
    this.#endMs[row] = endMs;
    return row;
  }

  /** Sets an optional field of a row added already; undefined leaves it absent. */
  set(field: OptionalSpanField, row: number, value: number | undefined): void {
    if (value === undefined) return;
    let column = this.#optional[field];
    if (!column) column = this.#optional[field] = new Float64Array(this.#capacity).fill(NaN);
    column[row] = value;
  }

  append(span: Span): void {
    const row = this.add(span.task, span.worker, span.startMs, span.endMs);
    for (const f of OPTIONAL_SPAN_FIELDS) this.set(f, row, span[f]);
  }

  /** Appends every row of other columns (a batch from a worker), column by column. */
  appendColumns(batch: SpanColumns): void {
    const n = batch.count;
    while (this.#count + n > this.#capacity) this.#grow();
    const at = this.#count;
    this.#task.set(batch.task.subarray(0, n), at);
    this.#worker.set(batch.worker.subarray(0, n), at);
    this.#startMs.set(batch.startMs.subarray(0, n), at);
    this.#endMs.set(batch.endMs.subarray(0, n), at);
    this.#count += n;
    for (const f of OPTIONAL_SPAN_FIELDS) {
      const column = batch[f];
      if (!column) continue;
      this.#optional[f] ??= new Float64Array(this.#capacity).fill(NaN);
      this.#optional[f].set(column.subarray(0, n), at);
    }
  }

  /** Row `i` as a span object, fields in the result format's order, absent ones left out. */
  row(i: number): Span {
    const span: Span = { task: this.#task[i], worker: this.#worker[i], startMs: this.#startMs[i], endMs: this.#endMs[i] };
    for (const f of OPTIONAL_SPAN_FIELDS) {
      const column = this.#optional[f];
      if (column) {
        const v = column[i];
        if (v === v) span[f] = v;
      }
    }
    return span;
  }

  /** Rows [from, to) as span objects: the live view's newest spans, a saved run's readers. */
  toSpans(from = 0, to = this.#count): Span[] {
    return spansOf(this.columns(), from, to);
  }

  /**
   * Rows [from, to) for the live view: their count now, and a copy of the newest asked for
   * as plain columns, only until the table is released (a listener reads them as it hears them).
   */
  batch(from: number, to = this.#count): SpanBatch {
    return { count: to - from, newest: (n) => liveSpansOf(this.columns(), Math.max(from, to - n), to) };
  }

  /** The columns as views of the rows added so far (no copy: valid until the next add or the release). */
  columns(): SpanColumns {
    if (this.#released) throw new Error('the span table was read after it was released (a trial\'s spans are freed once it has been handed on)');
    const n = this.#count;
    const view = (c: Float64Array | null) => (c ? c.subarray(0, n) : null);
    const o = this.#optional;
    return {
      count: n,
      task: this.#task.subarray(0, n),
      worker: this.#worker.subarray(0, n),
      startMs: this.#startMs.subarray(0, n),
      endMs: this.#endMs.subarray(0, n),
      pid: view(o.pid),
      thread: view(o.thread),
      cpu: view(o.cpu),
      runMs: view(o.runMs),
      waitMs: view(o.waitMs),
      handoffInMs: view(o.handoffInMs),
      handoffOutMs: view(o.handoffOutMs),
    };
  }

  /**
   * Frees the columns at once, not whenever V8 next collects (issue 15). The engine
   * releases a trial's table once every listener has had the trial ('trial-data' is heard
   * synchronously: the store has encoded it by then). Without this, the tables of trials
   * already saved stayed in memory until an old-generation GC, about 20 MB at a time on the
   * 2.1 M-span run, and the allocator kept the room they took. Reading the table afterwards
   * throws: a late reader would otherwise get an empty trial, not an error.
   */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    freeNow(this.#task);
    freeNow(this.#worker);
    freeNow(this.#startMs);
    freeNow(this.#endMs);
    for (const f of OPTIONAL_SPAN_FIELDS) {
      freeNow(this.#optional[f]);
      this.#optional[f] = null;
    }
    this.#count = 0;
    this.#capacity = 0;
  }

  /** Twice the room: a trial that reports more spans than expected copies each column once per doubling. */
  #grow(): void {
    if (this.#released) throw new Error('a span was added to a span table after it was released');
    const capacity = this.#capacity * 2;
    const grown = (c: Float64Array, fill?: number) => {
      const next = new Float64Array(capacity);
      if (fill !== undefined) next.fill(fill, c.length);
      next.set(c);
      return next;
    };
    this.#task = grown(this.#task);
    this.#worker = grown(this.#worker);
    this.#startMs = grown(this.#startMs);
    this.#endMs = grown(this.#endMs);
    for (const f of OPTIONAL_SPAN_FIELDS) {
      const column = this.#optional[f];
      if (column) this.#optional[f] = grown(column, NaN);
    }
    this.#capacity = capacity;
  }
}

/** The distinct buffers under columns: the transfer list of a message that hands them on. */
export function columnBuffers(columns: SpanColumns): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const c of [columns.task, columns.worker, columns.startMs, columns.endMs, ...OPTIONAL_SPAN_FIELDS.map((f) => columns[f])]) {
    if (c) buffers.add(c.buffer as ArrayBuffer);
  }
  return [...buffers];
}

/** Frees every column now (columns received in a message, once copied where they belong). */
export function freeColumns(columns: SpanColumns): void {
  for (const buffer of columnBuffers(columns)) buffer.transfer(0);
}

/**
 * Frees a typed array's memory now, not at V8's next collection of it: transferring its
 * buffer detaches it (and every view of it), and V8 frees what nothing else holds.
 */
export function freeNow(array: Float64Array | null | undefined): void {
  (array?.buffer as ArrayBuffer | undefined)?.transfer(0);
}

/** Columns of any kind of array: a table's Float64Arrays, or the live view's plain numbers (live-spans.ts). */
export type ColumnsLike = { count: number } & Record<'task' | 'worker' | 'startMs' | 'endMs', ArrayLike<number>> & {
  [F in OptionalSpanField]?: ArrayLike<number | null> | null;
};

/**
 * Rows [from, to) of columns as span objects, fields in the result format's order, absent
 * ones (NaN, or null once through JSON) left out: a table's rows, a saved trial's decoded
 * columns (span-codec.ts), the live view's columns as the window receives them.
 */
export function spansOf(columns: ColumnsLike, from = 0, to = columns.count): Span[] {
  const { task, worker, startMs, endMs } = columns;
  const present = OPTIONAL_SPAN_FIELDS.flatMap((f) => {
    const column = columns[f];
    return column ? [[f, column] as const] : [];
  });
  const end = Math.min(to, columns.count);
  const spans: Span[] = [];
  for (let i = Math.max(0, from); i < end; i++) {
    const span: Span = { task: task[i], worker: worker[i], startMs: startMs[i], endMs: endMs[i] };
    for (const [f, column] of present) {
      const v = column[i];
      if (v !== null && v === v) span[f] = v;
    }
    spans.push(span);
  }
  return spans;
}

/**
 * Rows [from, to) copied into plain number arrays, one per column (NaN where a span lacks an
 * optional field): the live view's spans, made without an object per span (live-spans.ts).
 */
export function liveSpansOf(columns: SpanColumns, from = 0, to = columns.count): LiveSpans {
  const a = Math.max(0, from);
  const b = Math.max(a, Math.min(to, columns.count));
  const copy = (column: Float64Array): number[] => {
    const out = new Array<number>(b - a);
    for (let i = a; i < b; i++) out[i - a] = column[i];
    return out;
  };
  const live: LiveSpans = { count: b - a, task: copy(columns.task), worker: copy(columns.worker), startMs: copy(columns.startMs), endMs: copy(columns.endMs) };
  for (const f of OPTIONAL_SPAN_FIELDS) {
    const column = columns[f];
    if (column) live[f] = copy(column);
  }
  return live;
}
