// Request bodies are capped (16 MiB by default: imports are the largest): over it, 413,
// whether the size is declared up front or only discovered while reading a chunked body.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../../src-main/server/index.ts';
import { createLoopbackClient } from '../../../src-renderer/backend/loopback-client.ts';
import { serveLab } from './server-fixture.ts';

const served = serveLab();

/** Sends a body in chunks without a Content-Length, as a stream would. */
function chunked(port: number, token: string, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/api/importRuns', method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Transfer-Encoding': 'chunked' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('body size cap', () => {
  it('refuses a body over 16 MiB with 413', async () => {
    const content = 'x'.repeat(16 * 1024 * 1024);
    const response = await fetch(`${served.server.origin}/api/importRuns`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${served.server.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify([content]),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ ok: false, code: 'invalid-input', message: `request body too large: the limit is ${16 * 1024 * 1024} bytes` });
  });

  it('takes a large import under the cap', async () => {
    const client = createLoopbackClient(served.server.origin, served.server.token);
    // 4 MiB of not-an-export reaches the store, which says what is wrong with it.
    expect(await client.importRuns(`{"runs": "${'x'.repeat(4 * 1024 * 1024)}"}`)).toMatchObject({ ok: false, code: 'import-failed' });
  });

  it('stops a chunked body at the cap', async () => {
    const small = await startServer({ service: served.lab.service, bodyLimit: 1024 });
    try {
      const over = await chunked(small.port, small.token, ['["', 'y'.repeat(800), 'y'.repeat(800), '"]']);
      expect(over.status).toBe(413);
      const under = await chunked(small.port, small.token, ['["', 'not json', '"]']);
      expect(under.status).toBe(200);
      expect(JSON.parse(under.body)).toMatchObject({ ok: false, code: 'import-failed' });
    } finally {
      await small.close();
    }
  });
});
