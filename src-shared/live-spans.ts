// The spans a run streams for the live timeline ('tasks' events), and why they are not one
// object per finished task. The live view draws the newest LIVE_SPAN_WINDOW spans of the
// trial in flight; everything older is dropped as it arrives. The engine used to make a
// Span object for every task all the same, and at tens of thousands of tasks a second those
// short-lived objects made V8 grow the engine's young generation from 16 to 64 MB and its
// old space with them (issue 15: about 50 MB of the big run's RSS, growing with the run).
// So runners hand on batches that say how many spans finished and make objects only for
// the newest few, when someone reads them: a transport queueing them for a window (it reads
// them at once, so its queue holds plain spans, not the trial's whole span table), a test.
// A listener reads them while it hears the event: the engine frees the table once the
// trial has been handed on, and a read after that throws rather than returning nothing.
// A 'tasks' event keeps its type (spans: Span[]); its spans are at most the newest
// LIVE_SPAN_WINDOW of those it stands for, and its `done` counts them all.
import type { Span } from './result.ts';

/** Spans the live timeline keeps and draws: the newest of the trial in flight. */
export const LIVE_SPAN_WINDOW = 5000;

/** Spans finished since the last report: how many, and the newest of them, made when asked. */
export interface SpanBatch {
  readonly count: number;
  /** The newest `n` spans (fewer if the batch is smaller), oldest first. */
  newest(n: number): Span[];
}

/** The newest `n` of `items` (the array itself when it has no more), oldest first. */
export function newestOf<T>(items: T[], n: number): T[] {
  return items.length > n ? items.slice(items.length - n) : items;
}

/** Batches one after the other as one: the newest spans are taken from the last batch back. */
export function joinBatches(batches: readonly SpanBatch[]): SpanBatch {
  let count = 0;
  for (const b of batches) count += b.count;
  return {
    count,
    newest(n) {
      const parts: Span[][] = [];
      let want = n;
      for (let i = batches.length - 1; i >= 0 && want > 0; i--) {
        const part = batches[i].newest(want);
        parts.push(part);
        want -= part.length;
      }
      return parts.reverse().flat();
    },
  };
}

/**
 * `fields` with an enumerable `spans` property: `newest(LIVE_SPAN_WINDOW)`, called on first
 * read and kept (every listener, JSON and structured clone see the same array). Until a
 * listener reads it, the event holds no span object.
 */
export function withLiveSpans<T extends object>(fields: T, newest: (n: number) => Span[]): T & { spans: Span[] } {
  let spans: Span[] | undefined;
  return Object.defineProperty(fields, 'spans', {
    enumerable: true,
    get: () => (spans ??= newest(LIVE_SPAN_WINDOW)),
  }) as T & { spans: Span[] };
}
