// A client that trickles its headers or its body is cut off with 408 once the server's
// header or request time is up (10 s and 60 s by default; shortened here), instead of
// holding the connection for Node's default five minutes.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src-main/server/index.ts';
import { openLab, type LabFixture } from '../service/lab-fixture.ts';

let lab: LabFixture;
let server: RunningServer;
beforeAll(async () => {
  lab = openLab();
  server = await startServer({ service: lab.service, headersTimeoutMs: 1000, requestTimeoutMs: 2000 });
});
afterAll(async () => {
  await server.close();
  await lab.cleanup();
});

/**
 * Opens a raw connection, writes `head`, then one more byte of `drip` every 100 ms for as
 * long as the connection lasts. Resolves with what the server sent once it closes.
 */
function trickle(head: string, drip: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (received += d));
    socket.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
    socket.on('close', () => {
      clearInterval(timer);
      resolve(received);
    });
    socket.on('connect', () => {
      socket.write(head);
      let i = 0;
      timer = setInterval(() => {
        if (!socket.destroyed && !socket.writableEnded) socket.write(drip[i++ % drip.length]);
      }, 100);
    });
  });
}

describe('slow requests', () => {
  it('headers that never finish: 408 and the connection closed', async () => {
    const answer = await trickle(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n`, 'X-Slow: aaaaaaaaaa\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a body that never finishes: 408 and the connection closed', async () => {
    const head =
      `POST /api/importRuns HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${server.token}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n["';
    const answer = await trickle(head, 'x');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('still answers a normal call afterwards', async () => {
    const response = await fetch(`${server.origin}/api/getActiveRun`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}` } });
    expect(await response.json()).toEqual({ ok: true, value: null });
  });
});
