// Every contract handler goes through one wrapper that refuses senders other than the app's
// own page, checked with an ipcMain-like registrar and made-up invoke events (no Electron).
import { describe, expect, it } from 'vitest';
import { IPC_PREFIX, LAB_METHODS, type ApiResult, type LabApi } from '../../../src-shared/contract.ts';
import { frameOrigin, isTrustedSender, registerLabHandlers, type InvokeEventLike, type InvokeHandler, type IpcRegistrar } from '../../../src-main/app/ipc.ts';

class Registrar implements IpcRegistrar {
  handlers = new Map<string, InvokeHandler>();
  handle(channel: string, listener: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<ApiResult<unknown>> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(handler(event, ...args) as ApiResult<unknown>);
  }
}

/** Records what reached the backend; only listPresets and getRun answer. */
function backend(calls: string[]): LabApi {
  const api: Partial<LabApi> = {
    listPresets: async () => (calls.push('listPresets'), { ok: true, value: [] }),
    getRun: async (id) => (calls.push(`getRun ${id}`), { ok: false, code: 'not-found', message: `no run ${id}` }),
    onProgress: () => () => {},
  };
  return api as LabApi;
}

const appFrame = (url = 'app://lab/index.html', id = 1): InvokeEventLike => ({ senderFrame: { url }, sender: { id } });
const trust = { origins: ['app://lab'], isKnownWindow: (id: number) => id === 1 };

describe('IPC sender check', () => {
  it('registers one handler per contract method on the lab: prefix', () => {
    const ipc = new Registrar();
    registerLabHandlers(ipc, backend([]), trust);
    expect([...ipc.handlers.keys()].sort()).toEqual(LAB_METHODS.map((m) => IPC_PREFIX + m).sort());
  });

  it("passes calls from the app's own page through to the service", async () => {
    const calls: string[] = [];
    const ipc = new Registrar();
    registerLabHandlers(ipc, backend(calls), trust);
    expect(await ipc.invoke('lab:listPresets', appFrame())).toEqual({ ok: true, value: [] });
    expect(await ipc.invoke('lab:getRun', appFrame('app://lab/history'), 'abc')).toMatchObject({ ok: false, code: 'not-found' });
    expect(calls).toEqual(['listPresets', 'getRun abc']);
  });

  it.each([
    ['a remote page', appFrame('https://evil.example/index.html')],
    ['a file:// page', appFrame('file:///tmp/index.html')],
    ['another custom-scheme host', appFrame('app://other/index.html')],
    ['a look-alike host', appFrame('app://lab.evil.example/')],
    ['a frame that navigated away (no senderFrame)', { senderFrame: null, sender: { id: 1 } }],
    ['an unknown window on the right origin', appFrame('app://lab/index.html', 7)],
  ])('refuses %s without reaching the service', async (_what, event) => {
    const calls: string[] = [];
    const ipc = new Registrar();
    registerLabHandlers(ipc, backend(calls), trust);
    const answer = await ipc.invoke('lab:listPresets', event as InvokeEventLike);
    expect(answer).toMatchObject({ ok: false, code: 'unavailable' });
    expect(answer.ok === false && answer.message).toMatch(/refused/);
    expect(calls).toEqual([]);
  });

  it('answers a malformed call with the same error data as browser mode', async () => {
    const ipc = new Registrar();
    registerLabHandlers(ipc, backend([]), trust);
    expect(await ipc.invoke('lab:getRun', appFrame(), 'a', 'b')).toEqual({
      ok: false,
      code: 'invalid-input',
      message: 'getRun: takes 1 argument, got 2',
    });
  });

  it('removes every handler it registered', () => {
    const ipc = new Registrar();
    const unregister = registerLabHandlers(ipc, backend([]), trust);
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('reads the origin of custom-scheme URLs (where URL.origin is "null")', () => {
    expect(frameOrigin('app://lab/index.html?x=1')).toBe('app://lab');
    expect(frameOrigin('http://localhost:5173/')).toBe('http://localhost:5173');
    expect(frameOrigin('file:///etc/passwd')).toBeUndefined();
    expect(frameOrigin('not a url')).toBeUndefined();
    expect(isTrustedSender(appFrame('http://localhost:5173/'), { origins: ['app://lab', 'http://localhost:5173'] })).toBe(true);
  });
});
