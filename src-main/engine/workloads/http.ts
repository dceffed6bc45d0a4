// The `http` workload: a real GET to the engine's loopback server, which waits
// latencyMs and answers `bytes` bytes. One keep-alive agent per thread, so tasks
// measure a request, not a TCP handshake.
import type { Agent } from 'node:http';

// node:http is loaded on first use (it costs ~20 ms), so threads and processes that run
// other workloads start as fast as they can: start-up time is one of the lab's figures.
let http: typeof import('node:http') | undefined;
let agent: Agent | undefined;

/** The URL a task fetches: the server reads latency and size from the query. */
export function httpTaskUrl(baseUrl: string, latencyMs: number, bytes: number): string {
  const url = new URL(baseUrl);
  url.searchParams.set('latencyMs', String(latencyMs));
  url.searchParams.set('bytes', String(bytes));
  return url.href;
}

/** Loads node:http; called while a worker prepares, so the first task does not pay for it. */
export function loadHttp(): typeof import('node:http') {
  http ??= process.getBuiltinModule('node:http');
  agent ??= new http.Agent({ keepAlive: true });
  return http;
}

/** GETs url and reads the whole body; rejects unless it is 200 with exactly `bytes` bytes. */
export function httpGet(url: string, bytes: number): Promise<void> {
  const { get } = loadHttp();
  return new Promise((resolve, reject) => {
    const req = get(url, { agent }, (res) => {
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`GET ${url} answered ${res.statusCode}`));
        else if (received !== bytes) reject(new Error(`GET ${url} returned ${received} bytes, expected ${bytes}`));
        else resolve();
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}
