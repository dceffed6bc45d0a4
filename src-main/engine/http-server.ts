// The engine's loopback HTTP server for the `http` workload: a GET carries
// latencyMs and bytes in its query; the server waits that long, then answers that
// many bytes. Keep-alive, so a task measures a request and not a TCP handshake.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LIMITS } from '../../src-shared/experiment.ts';

let body = Buffer.alloc(0);

/** A shared read-only body, grown to the largest size asked for so far. */
function bodyOf(bytes: number): Buffer {
  if (body.length < bytes) body = Buffer.alloc(bytes, 0x62);
  return body.subarray(0, bytes);
}

function param(query: URLSearchParams, name: string, max: number): number | string {
  const raw = query.get(name) ?? '0';
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > max) return `${name} must be a number from 0 to ${max}`;
  return value;
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(message);
}

export async function startLoopbackServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    if (req.method !== 'GET') return refuse(res, 405, 'only GET');
    const query = new URL(req.url ?? '/', 'http://loopback').searchParams;
    const latencyMs = param(query, 'latencyMs', LIMITS.sleepMs);
    const bytes = param(query, 'bytes', LIMITS.httpBytes);
    if (typeof latencyMs === 'string') return refuse(res, 400, latencyMs);
    if (typeof bytes === 'string') return refuse(res, 400, bytes);
    if (!Number.isInteger(bytes)) return refuse(res, 400, 'bytes must be an integer');
    const answer = () => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes }).end(bodyOf(bytes));
    };
    if (latencyMs > 0) {
      const timer = setTimeout(answer, latencyMs);
      res.on('close', () => clearTimeout(timer));
    } else answer();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would otherwise hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}
