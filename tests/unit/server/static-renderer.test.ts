// The built renderer is served with the Electron window's CSP, app routes fall back to
// index.html, and no path leaves the renderer's folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/renderer-files/index.ts';
import { startServer, type RunningServer } from '../../../src-main/server/index.ts';
import { resolveInside } from '../../../src-main/renderer-files/static-files.ts';
import { openLab, type LabFixture } from '../service/lab-fixture.ts';

let lab: LabFixture;
let server: RunningServer;
let root: string;
let site: string;
beforeAll(async () => {
  lab = openLab();
  root = mkdtempSync(join(tmpdir(), 'lab-static-test-'));
  site = join(root, 'renderer');
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>lab</title>');
  writeFileSync(join(site, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(site, '.env'), 'SECRET=1');
  writeFileSync(join(root, 'secret.txt'), 'outside the renderer');
  server = await startServer({ service: lab.service, staticDir: site });
});
afterAll(async () => {
  await server.close();
  await lab.cleanup();
  rmSync(root, { recursive: true, force: true });
});

/** Sends a raw request line, so a path is not normalised by the client first. */
function raw(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
    });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (text += c));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('static renderer', () => {
  it('serves index.html at / with the CSP and without leaking the token as a referrer', async () => {
    const response = await fetch(`${server.origin}/?token=${server.token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>lab</title>');
  });

  it('serves hashed assets as long-lived JavaScript', async () => {
    const response = await fetch(`${server.origin}/assets/index-abc123.js`);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('falls back to index.html for app routes, not for missing files', async () => {
    expect(await (await fetch(`${server.origin}/history`)).text()).toContain('<title>lab</title>');
    expect((await fetch(`${server.origin}/assets/missing.js`)).status).toBe(404);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/.env', '/%00index.html'])(
    'refuses %s',
    async (path) => {
      const text = await raw(path);
      expect(text).toMatch(/^HTTP\/1\.1 404/);
      expect(text).not.toContain('outside the renderer');
      expect(text).not.toContain('SECRET');
    },
  );

  it('keeps every resolved path inside the root', () => {
    expect(resolveInside('/srv/r', '/a/b.js')).toBe('/srv/r/a/b.js');
    expect(resolveInside('/srv/r', '/')).toBe('/srv/r');
    expect(resolveInside('/srv/r', '/a/../../x')).toBeUndefined();
    expect(resolveInside('/srv/r', '/%E0%A4%A')).toBeUndefined();
  });

  it('answers only GET and HEAD for files', async () => {
    expect((await fetch(`${server.origin}/`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${server.origin}/`, { method: 'DELETE' })).status).toBe(405);
  });
});
