// Every API request needs the token: as a bearer or x-lab-token header, or (the event
// stream only, for EventSource) in the URL. Without it: 401 and nothing reaches the service.
import { describe, expect, it } from 'vitest';
import { startServer } from '../../../src-main/server/index.ts';
import { createLoopbackClient } from '../../../src-renderer/backend/loopback-client.ts';
import { serveLab } from './server-fixture.ts';

const served = serveLab();

const post = (path: string, headers: Record<string, string> = {}, body = '[]') =>
  fetch(`${served.server.origin}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

describe('token', () => {
  it('is random and long unless given, and the URL carries it', async () => {
    const other = await startServer({ service: served.lab.service });
    try {
      expect(served.server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(other.token).not.toBe(served.server.token);
      expect(served.server.url).toBe(`http://127.0.0.1:${served.server.port}/?token=${served.server.token}`);
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
    expect(await served.lab.service.getActiveRun()).toEqual({ ok: true, value: null });
  });

  it('refuses the token in the URL for calls (only the event stream may use it)', async () => {
    expect((await post(`/api/listPresets?token=${served.server.token}`)).status).toBe(401);
  });

  it('accepts the bearer header and x-lab-token', async () => {
    expect(await (await post('/api/getActiveRun', { Authorization: `Bearer ${served.server.token}` })).json()).toEqual({ ok: true, value: null });
    expect(await (await post('/api/getActiveRun', { 'x-lab-token': served.server.token })).json()).toEqual({ ok: true, value: null });
  });

  it('guards the event stream too, which takes ?token=', async () => {
    expect((await fetch(`${served.server.origin}/api/events`)).status).toBe(401);
    expect((await fetch(`${served.server.origin}/api/events?token=wrong`)).status).toBe(401);
    const controller = new AbortController();
    const ok = await fetch(`${served.server.origin}/api/events?token=${served.server.token}`, { signal: controller.signal });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/event-stream/);
    controller.abort();
  });

  it('turns into error data in the client, never a throw', async () => {
    const wrong = createLoopbackClient(served.server.origin, 'wrong');
    expect(await wrong.listPresets()).toMatchObject({ ok: false, code: 'unavailable' });
  });

  it('honours a token given on purpose', async () => {
    const given = await startServer({ service: served.lab.service, token: 'T' });
    try {
      expect(given.url).toBe(`http://127.0.0.1:${given.port}/?token=T`);
      expect(await createLoopbackClient(given.origin, 'T').getActiveRun()).toEqual({ ok: true, value: null });
    } finally {
      await given.close();
    }
  });
});
