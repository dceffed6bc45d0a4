// Progress to browser pages as Server-Sent Events: one batcher for the whole server (at most
// ~30 messages a second), each message a JSON array of progress events in their wire form
// (live-spans.ts: a tasks event's spans as columns), sent to every open stream.
import type { ServerResponse } from 'node:http';
import type { LabApi } from '../../src-shared/contract.ts';
import type { WireEvent } from '../../src-shared/live-spans.ts';
import { createProgressBatcher, type BatcherOptions } from '../service/index.ts';

/** A client this far behind is dropped; its EventSource reconnects and the page reloads state. */
const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

export interface EventStreamHub {
  attach(res: ServerResponse): void;
  readonly clients: number;
  close(): void;
}

export function createEventStreamHub(api: Pick<LabApi, 'onProgress'>, options: BatcherOptions = {}): EventStreamHub {
  const clients = new Set<ServerResponse>();
  const batcher = createProgressBatcher(broadcast, options);
  const unsubscribe = api.onProgress((events) => {
    for (const e of events) batcher.push(e);
  });
  const heartbeat = setInterval(() => {
    // A comment line keeps proxies and idle timeouts from closing a quiet stream.
    for (const res of clients) write(res, ': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  function write(res: ServerResponse, chunk: string): void {
    if (res.writableLength > MAX_BACKLOG_BYTES) {
      clients.delete(res);
      res.destroy();
      return;
    }
    res.write(chunk);
  }

  function broadcast(events: WireEvent[]): void {
    const message = `data: ${JSON.stringify(events)}\n\n`;
    for (const res of clients) write(res, message);
  }

  return {
    attach(res) {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        // Ask proxies not to buffer the stream.
        'X-Accel-Buffering': 'no',
      });
      res.write('retry: 1000\n: connected\n\n');
      clients.add(res);
      res.on('close', () => clients.delete(res));
    },
    get clients() {
      return clients.size;
    },
    close() {
      unsubscribe();
      batcher.close();
      clearInterval(heartbeat);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
