// Every API request needs the token: as a bearer or x-lab-token header, or (the event
// stream only, for EventSource) in the URL. Without it: 401 and nothing reaches the service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src-main/server/index.ts';
import { createLoopbackClient } from '../../../src-renderer/backend/loopback-client.ts';
import { openLab, type LabFixture } from '../service/lab-fixture.ts';

let lab: LabFixture;
let server: RunningServer;
beforeAll(async () => {
  lab = openLab();
  server = await startServer({ service: lab.service });
});
afterAll(async () => {
  await server.close();
  await lab.cleanup();
});

const post = (path: string, headers: Record<string, string> = {}, body = '[]') =>
  fetch(`${server.origin}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

describe('token', () => {
  it('is random and long unless given, and the URL carries it', async () => {
    const other = await startServer({ service: lab.service });
    try {
      expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(other.token).not.toBe(server.token);
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    } finally {
      await other.close();
    }
  });

  it.each([
    ['no token', {}],
    ['a wrong bearer token', { Authorization: 'Bearer nope' }],
    ['a wrong x-lab-token', { 'x-lab-token': 'nope' }],
    ['a token one character short', { Authorization: `Bearer ${'x'.repeat(31)}` }],
  ])('refuses a call with %s (401)', async (_what, headers) => {
    const response = await post('/api/startRun', headers, JSON.stringify([{ workload: { kind: 'sleep', ms: 1 }, tasks: 1, models: ['async'], concurrency: [1] }]));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ ok: false, code: 'unavailable', message: expect.stringMatching(/token/) });
    expect(await lab.service.getActiveRun()).toEqual({ ok: true, value: null });
  });

  it('refuses the token in the URL for calls (only the event stream may use it)', async () => {
    expect((await post(`/api/listPresets?token=${server.token}`)).status).toBe(401);
  });

  it('accepts the bearer header and x-lab-token', async () => {
    expect(await (await post('/api/getActiveRun', { Authorization: `Bearer ${server.token}` })).json()).toEqual({ ok: true, value: null });
    expect(await (await post('/api/getActiveRun', { 'x-lab-token': server.token })).json()).toEqual({ ok: true, value: null });
  });

  it('guards the event stream too, which takes ?token=', async () => {
    expect((await fetch(`${server.origin}/api/events`)).status).toBe(401);
    expect((await fetch(`${server.origin}/api/events?token=wrong`)).status).toBe(401);
    const controller = new AbortController();
    const ok = await fetch(`${server.origin}/api/events?token=${server.token}`, { signal: controller.signal });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/event-stream/);
    controller.abort();
  });

  it('turns into error data in the client, never a throw', async () => {
    const wrong = createLoopbackClient(server.origin, 'wrong');
    expect(await wrong.listPresets()).toMatchObject({ ok: false, code: 'unavailable' });
  });

  it('honours a token given on purpose', async () => {
    const given = await startServer({ service: lab.service, token: 'T' });
    try {
      expect(given.url).toBe(`http://127.0.0.1:${given.port}/?token=T`);
      expect(await createLoopbackClient(given.origin, 'T').getActiveRun()).toEqual({ ok: true, value: null });
    } finally {
      await given.close();
    }
  });
});
