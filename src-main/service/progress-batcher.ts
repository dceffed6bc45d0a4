// Turns the service's stream of progress events into at most one message per interval
// (~30 a second by default), whatever the rate tasks finish at. Used by both transports:
// Electron IPC to the window, and the browser-mode event stream. What it sends is the wire
// form (live-spans.ts): a tasks event's spans as columns, made into objects by the window.
import { joinLive, LIVE_SPAN_WINDOW, toWire, type WireEvent } from '../../src-shared/live-spans.ts';
import type { ProgressEvent } from '../../src-shared/result.ts';

export interface ProgressBatcher {
  push(event: ProgressEvent): void;
  /** Sends whatever is pending now (e.g. before the transport closes). */
  flush(): void;
  /** Drops the timer; pending events are sent first. */
  close(): void;
}

export interface BatcherOptions {
  /** Minimum time between two messages; 33 ms ≈ 30 messages a second. */
  intervalMs?: number;
  now?: () => number;
}

export const DEFAULT_BATCH_INTERVAL_MS = 33;

export function createProgressBatcher(send: (events: WireEvent[]) => void, options: BatcherOptions = {}): ProgressBatcher {
  const intervalMs = options.intervalMs ?? DEFAULT_BATCH_INTERVAL_MS;
  const now = options.now ?? (() => performance.now());
  let pending: WireEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSent = -Infinity;
  let closed = false;

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    lastSent = now();
    send(batch);
  }

  return {
    push(event) {
      if (closed) return;
      appendCoalesced(pending, event);
      if (timer) return;
      // Even the first event waits for the next tick, so events emitted together travel together.
      timer = setTimeout(flush, Math.max(0, lastSent + intervalMs - now()));
    },
    flush,
    close() {
      flush();
      closed = true;
    },
  };
}

/**
 * Appends an event, merging it into the previous one when both are task updates of the
 * same trial: the counters are the newer one's and the spans the newest LIVE_SPAN_WINDOW of
 * both (all the live view keeps). A slow renderer never sees a backlog of stale counters.
 * A task update's spans are read now, as columns (no span object is made in the engine's
 * process): until then the event holds on to its trial's whole span table (live-spans.ts),
 * which the queue need not keep alive and which the engine frees once the trial is saved
 * (SpanTable.release; a read after that throws).
 */
export function appendCoalesced(batch: WireEvent[], event: ProgressEvent): void {
  const last = batch.at(-1);
  const wire = toWire(event);
  if (wire.type === 'tasks' && last?.type === 'tasks' && last.runId === wire.runId && last.index === wire.index && last.warmup === wire.warmup) {
    batch[batch.length - 1] = { ...wire, spans: joinLive([last.spans, wire.spans], LIVE_SPAN_WINDOW) };
    return;
  }
  batch.push(wire);
}
