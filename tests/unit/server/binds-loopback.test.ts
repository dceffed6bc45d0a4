// Browser mode listens on 127.0.0.1 unless a host is given on purpose, on a port the OS
// picks unless one is given, and answers only to loopback names (no DNS rebinding).
import { createServer, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../../src-main/server/index.ts';
import { serveLab } from './server-fixture.ts';

const served = serveLab();

function get(host: string, port: number, headers: Record<string, string> = {}, token = served.server.token): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path: '/api/getActiveRun', method: 'POST', headers: { Authorization: `Bearer ${token}`, ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end('[]');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('binding', () => {
  it('binds 127.0.0.1 on an OS-chosen port by default', () => {
    expect(served.server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect(served.server.port).toBeGreaterThan(0);
    expect(served.server.address().port).toBe(served.server.port);
  });

  it('is not reachable on the machine\'s other addresses', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (!external) return; // a machine with loopback only has nothing else to try
    await expect(get(external.address, served.server.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('answers to 127.0.0.1 and localhost, and refuses another Host name (403)', async () => {
    expect(await get('127.0.0.1', served.server.port)).toBe(200);
    expect(await get('127.0.0.1', served.server.port, { Host: `localhost:${served.server.port}` })).toBe(200);
    expect(await get('127.0.0.1', served.server.port, { Host: `evil.example:${served.server.port}` })).toBe(403);
  });

  it('refuses a cross-origin page even with the token', async () => {
    expect(await get('127.0.0.1', served.server.port, { Origin: 'http://evil.example' })).toBe(403);
    expect(await get('127.0.0.1', served.server.port, { Origin: `http://127.0.0.1:${served.server.port}` })).toBe(200);
  });

  it('binds another host only when given explicitly, on the given port', async () => {
    const port = await freePort();
    const other = await startServer({ service: served.lab.service, host: '0.0.0.0', port });
    try {
      expect(other.address()).toMatchObject({ address: '0.0.0.0', port });
      expect(other.url).toBe(`http://127.0.0.1:${port}/?token=${other.token}`);
      // Bound on purpose beyond loopback: any Host name may reach it (the token still guards it).
      expect(await get('127.0.0.1', port, { Host: `lab.example:${port}` }, other.token)).toBe(200);
      expect(await get('127.0.0.1', port, { Host: `lab.example:${port}` }, 'wrong')).toBe(401);
    } finally {
      await other.close();
    }
  });
});
