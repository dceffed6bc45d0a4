// The loopback server answers a GET with the bytes its query asks for, after the
// latency it asks for, over keep-alive connections.
import { Agent, get, request } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer } from '../../../src-main/engine/http-server.ts';

let server: Awaited<ReturnType<typeof startLoopbackServer>>;
const agent = new Agent({ keepAlive: true });

beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(async () => {
  agent.destroy();
  await server.close();
});

function fetchOnce(path: string, method = 'GET'): Promise<{ status: number; body: Buffer; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server.url), { method, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startLoopbackServer', () => {
  it('binds 127.0.0.1 on a port of its own', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('answers exactly the bytes asked for', async () => {
    for (const bytes of [0, 1, 1000, 200_000]) {
      const res = await fetchOnce(`/?latencyMs=0&bytes=${bytes}`);
      expect(res.status).toBe(200);
      expect(res.body.length).toBe(bytes);
    }
  });

  it('waits the latency asked for before answering', async () => {
    const start = performance.now();
    const res = await fetchOnce('/?latencyMs=40&bytes=10');
    // A lower bound only: a busy machine makes it later, never earlier.
    expect(performance.now() - start).toBeGreaterThanOrEqual(39);
    expect(res.body.length).toBe(10);
  });

  it('keeps the connection alive between requests', async () => {
    await fetchOnce('/?bytes=5');
    const second = await fetchOnce('/?bytes=5');
    expect(second.reused).toBe(true);
  });

  it('refuses bad queries and other methods', async () => {
    expect((await fetchOnce('/?bytes=-1')).status).toBe(400);
    expect((await fetchOnce('/?latencyMs=abc')).status).toBe(400);
    expect((await fetchOnce('/?bytes=1.5')).status).toBe(400);
    expect((await fetchOnce('/?bytes=5', 'POST')).status).toBe(405);
  });

  it('closes even with an idle keep-alive connection open: the connection is ended and the port refuses', async () => {
    const other = await startLoopbackServer();
    const otherAgent = new Agent({ keepAlive: true });
    try {
      const socket = await new Promise<Socket>((resolve) => {
        const req = get(`${other.url}?bytes=3`, { agent: otherAgent }, (res) => res.resume().on('end', () => resolve(req.socket!)));
      });
      const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      expect(socket.destroyed).toBe(false); // idle in the agent, kept alive
      // close() does not wait for the idle connection's 60 s keep-alive timeout: it ends it.
      await other.close();
      await ended;
      expect(socket.destroyed).toBe(true);
      const refused = await new Promise<NodeJS.ErrnoException>((resolve) => get(`${other.url}?bytes=3`, { agent: false }).on('error', resolve));
      expect(refused.code).toBe('ECONNREFUSED');
    } finally {
      otherAgent.destroy();
    }
  });
});
