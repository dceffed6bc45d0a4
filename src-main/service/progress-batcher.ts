// Turns the service's stream of progress events into at most one message per interval
// (~30 a second by default), whatever the rate tasks finish at. Used by both transports:
// Electron IPC to the window, and the browser-mode event stream.
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

export function createProgressBatcher(send: (events: ProgressEvent[]) => void, options: BatcherOptions = {}): ProgressBatcher {
  const intervalMs = options.intervalMs ?? DEFAULT_BATCH_INTERVAL_MS;
  const now = options.now ?? (() => performance.now());
  let pending: ProgressEvent[] = [];
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
 * same trial: spans are concatenated and the counters taken from the newer one, so no
 * span is lost and a slow renderer never sees a backlog of stale counters.
 */
export function appendCoalesced(batch: ProgressEvent[], event: ProgressEvent): void {
  const last = batch.at(-1);
  if (event.type === 'tasks' && last?.type === 'tasks' && last.runId === event.runId && last.index === event.index && last.warmup === event.warmup) {
    batch[batch.length - 1] = { ...event, spans: [...last.spans, ...event.spans] };
    return;
  }
  batch.push(event);
}
