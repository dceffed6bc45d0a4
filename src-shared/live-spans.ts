// The spans a run streams for the live timeline ('tasks' events), and why they travel as
// columns. The live view draws the newest LIVE_SPAN_WINDOW spans of the trial in flight;
// everything older is dropped as it arrives. The engine used to make a Span object for
// every task all the same, and at tens of thousands of tasks a second those short-lived
// objects made V8 grow the engine's young generation from 16 to 64 MB and its old space
// with them (issue 15). So runners hand on batches that say how many spans finished and copy
// only the newest few, when someone reads them.
// The transports carry those few as columns too: one plain number array per field (V8 keeps
// such an array's numbers unboxed), not an object and a few boxed numbers a span. For a
// 100,000-task trial a watching window cost the engine's main thread, the one that hands
// tasks to the pools, 150-300 ms (12.4 MB of JSON) as objects, 30-90 ms (5.6 MB) as columns
// (bench/live-wire.bench.ts, one run on a noisy 2-core machine). The window makes the
// objects in its own process (fromWire). It did not stop V8 growing the engine's young generation while a
// window watches (128 MB either way on a threads run, against 16 MB unwatched): V8 grows it
// when enough survives its collections, whatever survives.
// In the engine a 'tasks' event keeps its type (spans: Span[]), made on first read for a
// listener in the same process (the CLI, tests); the transports read its columns instead
// (liveSpansOfEvent). A listener reads either while it hears the event: the engine frees the
// trial's table once the trial has been handed on, and a read after that throws.
import type { ProgressEvent, Span } from './result.ts';
import { OPTIONAL_SPAN_FIELDS, SpanTable, liveSpansOf, spansOf, type OptionalSpanField } from './span-table.ts';

/** Spans the live timeline keeps and draws: the newest of the trial in flight. */
export const LIVE_SPAN_WINDOW = 5000;

/**
 * Spans as one plain number array per field, oldest first. An optional field's column is
 * there when the trial measures it; a span without the value holds NaN, which JSON turns
 * into null (both read as absent).
 */
export type LiveSpans = { count: number } & Record<'task' | 'worker' | 'startMs' | 'endMs', number[]> & {
  [F in OptionalSpanField]?: Array<number | null>;
};

/** Spans finished since the last report: how many, and the newest of them, copied when asked. */
export interface SpanBatch {
  readonly count: number;
  /** The newest `n` spans (fewer if the batch is smaller), oldest first. */
  newest(n: number): LiveSpans;
}

/** The newest `n` of `items` (the array itself when it has no more), oldest first. */
export function newestOf<T>(items: T[], n: number): T[] {
  return items.length > n ? items.slice(items.length - n) : items;
}

/** Live spans one after the other as one, keeping the newest `n`. */
export function joinLive(parts: readonly LiveSpans[], n = Infinity): LiveSpans {
  let count = 0;
  for (const p of parts) count += p.count;
  const skip = Math.max(0, count - n);
  const take = count - skip;
  const join = (column: (p: LiveSpans) => ArrayLike<number | null> | undefined): Array<number | null> => {
    const out = new Array<number | null>(take);
    let at = 0;
    let seen = 0;
    for (const p of parts) {
      const values = column(p);
      for (let i = 0; i < p.count; i++, seen++) if (seen >= skip) out[at++] = values ? values[i] : NaN;
    }
    return out;
  };
  const live: LiveSpans = {
    count: take,
    task: join((p) => p.task) as number[],
    worker: join((p) => p.worker) as number[],
    startMs: join((p) => p.startMs) as number[],
    endMs: join((p) => p.endMs) as number[],
  };
  for (const f of OPTIONAL_SPAN_FIELDS) if (parts.some((p) => p[f])) live[f] = join((p) => p[f]);
  return live;
}

/** Batches one after the other as one: the newest spans are taken from the last batch back. */
export function joinBatches(batches: readonly SpanBatch[]): SpanBatch {
  let count = 0;
  for (const b of batches) count += b.count;
  return {
    count,
    newest(n) {
      const parts: LiveSpans[] = [];
      let want = n;
      for (let i = batches.length - 1; i >= 0 && want > 0; i--) {
        const part = batches[i].newest(want);
        parts.push(part);
        want -= part.count;
      }
      return joinLive(parts.reverse());
    },
  };
}

/** Span objects of live columns: what the window's views draw. */
export function spansOfLive(live: LiveSpans): Span[] {
  return spansOf(live);
}

/** Live columns of span objects (an event made without withLiveSpans, e.g. by a test). */
export function liveSpansOfSpans(spans: readonly Span[]): LiveSpans {
  return liveSpansOf(SpanTable.from(spans).columns());
}

const LIVE = Symbol('live span columns');
type TasksEvent = Extract<ProgressEvent, { type: 'tasks' }>;

/**
 * `fields` with an enumerable `spans` property (span objects, made on first read and kept:
 * every in-process listener, JSON and structured clone see the same array) and, for the
 * transports, the same newest LIVE_SPAN_WINDOW as columns (liveSpansOfEvent), copied on
 * first read and kept. Until a listener reads either, the event holds no span.
 */
export function withLiveSpans<T extends object>(fields: T, newest: (n: number) => LiveSpans): T & { spans: Span[] } {
  let live: LiveSpans | undefined;
  let spans: Span[] | undefined;
  const columns = () => (live ??= newest(LIVE_SPAN_WINDOW));
  Object.defineProperty(fields, LIVE, { enumerable: false, get: columns });
  return Object.defineProperty(fields, 'spans', {
    enumerable: true,
    configurable: true,
    get: () => (spans ??= spansOfLive(columns())),
  }) as T & { spans: Span[] };
}

/** A tasks event's newest spans as columns, without making span objects where the engine made the event. */
export function liveSpansOfEvent(event: TasksEvent): LiveSpans {
  return (event as TasksEvent & { [LIVE]?: LiveSpans })[LIVE] ?? liveSpansOfSpans(event.spans);
}

/** A progress event as both transports carry it to a window: a tasks event's spans as columns. */
export type WireEvent = Exclude<ProgressEvent, { type: 'tasks' }> | (Omit<TasksEvent, 'spans'> & { spans: LiveSpans });

/** The event as a transport sends it (no span object made for a tasks event from the engine). */
export function toWire(event: ProgressEvent): WireEvent {
  if (event.type !== 'tasks') return event;
  const { type, runId, index, warmup, done, total, progress } = event;
  return { type, runId, index, warmup, done, total, progress, spans: liveSpansOfEvent(event) };
}

/** The event as a window's stores read it: a tasks event's spans as objects again. */
export function fromWire(event: WireEvent): ProgressEvent {
  return event.type === 'tasks' ? { ...event, spans: spansOfLive(event.spans) } : event;
}
