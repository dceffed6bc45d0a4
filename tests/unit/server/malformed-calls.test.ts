// A malformed call over HTTP gets the same error data as over IPC (both go through the
// service's dispatch), with an HTTP status that says it never reached the service.
import { describe, expect, it } from 'vitest';
import type { LabApi } from '../../../src-shared/contract.ts';
import { checkCall, dispatchCall } from '../../../src-main/service/dispatch.ts';
import { serveLab } from './server-fixture.ts';

const served = serveLab();

async function call(method: string, body: string, httpMethod = 'POST'): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${served.server.origin}/api/${method}`, {
    method: httpMethod,
    headers: { Authorization: `Bearer ${served.server.token}`, 'Content-Type': 'application/json' },
    ...(httpMethod === 'POST' ? { body } : {}),
  });
  return { status: response.status, body: await response.json() };
}

describe('malformed calls', () => {
  it('an unknown method: 404 with the IPC error data', async () => {
    expect(await call('dropDatabase', '[]')).toEqual({ status: 404, body: checkCall('dropDatabase', []) });
    expect(await call('onProgress', '[]')).toEqual({ status: 404, body: checkCall('onProgress', []) });
  });

  it('a body that is not JSON: 400 invalid-input', async () => {
    const answer = await call('getRun', '["abc"');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ ok: false, code: 'invalid-input', message: expect.stringMatching(/^getRun: the request body is not JSON/) });
  });

  it('arguments that are not a list, or too many: 400 with the IPC error data', async () => {
    expect(await call('getRun', '{"runId": "abc"}')).toEqual({ status: 400, body: checkCall('getRun', { runId: 'abc' }) });
    expect(await call('getMachine', '[1]')).toEqual({ status: 400, body: checkCall('getMachine', [1]) });
  });

  it('arguments of the wrong shape reach the service, which names the field (same data as IPC)', async () => {
    const overHttp = await call('listRuns', '[{"limit": "ten"}]');
    const inProcess = await dispatchCall(served.lab.service as LabApi, 'listRuns', [{ limit: 'ten' }]);
    expect(overHttp).toEqual({ status: 200, body: inProcess });
    expect(inProcess).toMatchObject({ ok: false, code: 'invalid-input', issues: [{ path: 'limit' }] });
  });

  it('GET on a method: 405', async () => {
    const response = await fetch(`${served.server.origin}/api/listRuns`, { headers: { Authorization: `Bearer ${served.server.token}` } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('an empty body is a call without arguments', async () => {
    expect(await call('getActiveRun', '')).toEqual({ status: 200, body: { ok: true, value: null } });
  });

  it('a spec with 100,000 bad levels: a short error that counts what it does not list', async () => {
    const spec = { workload: { kind: 'sleep', ms: 1 }, tasks: 1, models: ['async'], concurrency: Array.from({ length: 100_000 }, (_, i) => -i) };
    const response = await fetch(`${served.server.origin}/api/startRun`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${served.server.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify([spec]),
    });
    const text = await response.text();
    // Was 5.26 MB: one issue per level, twice (the list and the message).
    expect(text.length).toBeLessThan(4096);
    const body = JSON.parse(text) as { ok: false; code: string; message: string; issues: unknown[] };
    expect(body).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(body.issues).toHaveLength(9);
    expect(body.message.split('\n')).toEqual([
      ...Array.from({ length: 8 }, (_, i) => `concurrency[${i}]: must be an integer from 1 to 512`),
      '…and 99992 more',
    ]);
  });
});
