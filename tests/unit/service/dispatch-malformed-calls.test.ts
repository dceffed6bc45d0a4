// A call as it comes off the wire (method name and argument list) is checked before it
// reaches the service; both transports use this, so they answer malformed calls alike.
import { describe, expect, it } from 'vitest';
import type { LabApi } from '../../../src-shared/contract.ts';
import { checkCall, dispatchCall } from '../../../src-main/service/dispatch.ts';

const api = {
  getRun: async (id: string) => ({ ok: true, value: { id } }),
  listPresets: async () => {
    throw new Error('presets folder unreadable');
  },
} as unknown as LabApi;

describe('dispatch of malformed calls', () => {
  it('refuses an unknown method, naming the known ones', async () => {
    const answer = await dispatchCall(api, 'dropDatabase', []);
    expect(answer).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(answer.ok === false && answer.message).toMatch(/^unknown method "dropDatabase": expected one of getMachine, /);
  });

  it('refuses onProgress and inherited names: only the request methods are callable', () => {
    for (const name of ['onProgress', 'toString', '__proto__', 'constructor', 42, null]) {
      expect(checkCall(name, [])).toMatchObject({ ok: false, code: 'invalid-input' });
    }
  });

  it('refuses arguments that are not a list, and too many arguments', () => {
    expect(checkCall('getRun', { id: 'x' })).toEqual({ ok: false, code: 'invalid-input', message: 'getRun: arguments must be a list' });
    expect(checkCall('getMachine', [1])).toEqual({ ok: false, code: 'invalid-input', message: 'getMachine: takes 0 arguments, got 1' });
    expect(checkCall('updateRun', ['id', {}])).toBeUndefined();
  });

  it('passes a well-formed call through', async () => {
    expect(await dispatchCall(api, 'getRun', ['abc'])).toEqual({ ok: true, value: { id: 'abc' } });
  });

  it('turns a throw into internal error data', async () => {
    expect(await dispatchCall(api, 'listPresets', [])).toEqual({ ok: false, code: 'internal', message: 'presets folder unreadable' });
  });
});
