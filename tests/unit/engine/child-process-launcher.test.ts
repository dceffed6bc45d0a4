// childProcessLauncher forks a module with an IPC channel, carries structured data
// both ways, reports the exit once with the stderr tail, and kills at once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { childProcessLauncher } from '../../../src-main/engine/launchers/child-process-launcher.ts';
import type { ChildHandle } from '../../../src-main/engine/types.ts';
import { isAlive } from '../helpers/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'lab-launcher-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, source: string): string {
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}

function exitOf(child: ChildHandle): Promise<{ code: number | null; signal: string | null; error?: Error }> {
  return new Promise((resolve) => child.onExit((code, signal, error) => resolve({ code, signal, error })));
}

describe('childProcessLauncher', () => {
  it('echoes structured messages, bigints included', async () => {
    const child = childProcessLauncher.launch(script('echo.cjs', 'process.on("message", (m) => process.send(m));'), { name: 'echo' });
    const reply = new Promise((resolve) => child.onMessage(resolve));
    child.send({ big: 12345678901234567890n, list: [1, 2] });
    expect(await reply).toEqual({ big: 12345678901234567890n, list: [1, 2] });
    const exit = exitOf(child);
    child.kill();
    expect((await exit).signal).toBe('SIGKILL');
    expect(isAlive(child.pid!)).toBe(false);
  });

  it('starts a .ts child on the compile cache, so a later child does not load a TypeScript stripper of its own', async () => {
    // Each child of the processes model would otherwise strip the lab's sources itself, and
    // the start-up it reports would include that (the packaged app's children are .js).
    const entry = script(
      'says-stripper.ts',
      `const loaded: boolean = (process as unknown as { moduleLoadList: string[] }).moduleLoadList.some((m) => m.includes('amaro'));
process.send!(loaded, () => process.disconnect());`,
    );
    const loadedStripper = async () => {
      const child = childProcessLauncher.launch(entry, { name: 'stripper' });
      const said = new Promise<unknown>((resolve) => child.onMessage(resolve));
      const exit = exitOf(child);
      const loaded = await said;
      expect((await exit).code).toBe(0); // the cache is written as a child exits
      return loaded;
    };
    await loadedStripper();
    expect(await loadedStripper()).toBe(false);
  });

  it('reports an abnormal exit with the tail of stderr', async () => {
    const child = childProcessLauncher.launch(script('fail.cjs', 'console.error("something broke"); process.exit(3);'), { name: 'fail' });
    const exit = await exitOf(child);
    expect(exit.code).toBe(3);
    expect(exit.error?.message).toMatch(/^stderr: something broke/);
  });

  it('reports the exit to a listener added after it happened', async () => {
    const child = childProcessLauncher.launch(script('quit.cjs', 'process.exit(0);'), { name: 'quit' });
    await exitOf(child);
    const again = await exitOf(child);
    expect(again.code).toBe(0);
    expect(again.error).toBeUndefined();
  });
});
