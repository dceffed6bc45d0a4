// The utilityProcess launcher maps Electron's events (spawn, message, exit, error) onto the
// engine's ChildHandle, reporting the end exactly once. Electron's UtilityProcess is stood in
// for by an EventEmitter with its shape; kill() is checked on a real process.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createUtilityProcessLauncher, type UtilityProcessLike } from '../../../src-main/app/utility-process-launcher.ts';

class FakeUtilityProcess extends EventEmitter implements UtilityProcessLike {
  pid: number | undefined;
  stderr = new PassThrough();
  sent: unknown[] = [];
  killedPolitely = false;
  constructor(pid?: number) {
    super();
    this.pid = pid;
  }
  postMessage(message: unknown): void {
    this.sent.push(message);
  }
  kill(): boolean {
    this.killedPolitely = true;
    return true;
  }
}

function launch(child: FakeUtilityProcess | Error) {
  const forks: { modulePath: string; args: string[]; serviceName?: string }[] = [];
  const launcher = createUtilityProcessLauncher((modulePath, args, options) => {
    forks.push({ modulePath, args, serviceName: options.serviceName });
    if (child instanceof Error) throw child;
    return child;
  });
  const handle = launcher.launch('/out/main/process-child.js', { name: 'pool-1', env: { A: '1' } });
  const exits: [number | null, string | null, string | undefined][] = [];
  handle.onExit((code, signal, error) => exits.push([code, signal, error?.message]));
  return { launcher, handle, forks, exits };
}

describe('utilityProcess launcher', () => {
  it('forks the module as a named utility process and relays messages both ways', () => {
    const child = new FakeUtilityProcess(4242);
    const { launcher, handle, forks } = launch(child);
    expect(launcher.kind).toBe('utilityProcess');
    expect(forks).toEqual([{ modulePath: '/out/main/process-child.js', args: ['pool-1'], serviceName: 'pool-1' }]);
    const received: unknown[] = [];
    handle.onMessage((m) => received.push(m));
    child.emit('spawn');
    child.emit('message', { type: 'ready' });
    handle.send({ type: 'task', id: 1 });
    expect(received).toEqual([{ type: 'ready' }]);
    expect(child.sent).toEqual([{ type: 'task', id: 1 }]);
    expect(handle.pid).toBe(4242);
  });

  it('reports a clean exit once, without an error', () => {
    const child = new FakeUtilityProcess(1);
    const { exits } = launch(child);
    child.emit('spawn');
    child.emit('exit', 0);
    child.emit('exit', 0);
    expect(exits).toEqual([[0, null, undefined]]);
  });

  it('carries a V8 fatal error into the exit that follows it', () => {
    const child = new FakeUtilityProcess(1);
    const { exits } = launch(child);
    child.emit('spawn');
    child.emit('error', 'FatalError', 'v8::Heap', '{}');
    child.emit('exit', 134);
    expect(exits).toEqual([[134, null, 'utility process pool-1: FatalError at v8::Heap']]);
  });

  it("puts the tail of a crashed child's stderr in the error", async () => {
    const child = new FakeUtilityProcess(1);
    const { exits } = launch(child);
    child.emit('spawn');
    child.stderr.write('Error: boom\n');
    await new Promise((r) => setImmediate(r));
    child.emit('exit', 1);
    expect(exits).toEqual([[1, null, 'stderr: Error: boom']]);
  });

  it('reports a child that exits before spawning as a failed start', () => {
    const child = new FakeUtilityProcess(undefined);
    const { exits } = launch(child);
    child.emit('exit', 1);
    expect(exits).toEqual([[1, null, 'utility process pool-1 failed to start (exit code 1)']]);
  });

  it('reports a fork that throws as an exit with the error, after launch returns', async () => {
    const { exits, handle } = launch(new Error('modulePath does not exist'));
    expect(exits).toEqual([]);
    await Promise.resolve();
    expect(exits).toEqual([[null, null, 'modulePath does not exist']]);
    expect(handle.pid).toBeUndefined();
    handle.kill();
    handle.send('ignored');
  });

  it('kills a real process at once (SIGKILL), not politely', async () => {
    const real = spawn('sleep', ['30'], { stdio: 'ignore' });
    const gone = new Promise<string | null>((r) => real.on('exit', (_code, signal) => r(signal)));
    const child = new FakeUtilityProcess(real.pid);
    const { handle, exits } = launch(child);
    child.emit('spawn');
    handle.kill();
    expect(await gone).toBe('SIGKILL');
    expect(child.killedPolitely).toBe(false);
    child.emit('exit', 137);
    expect(exits).toEqual([[137, 'SIGKILL', undefined]]);
  });
});
