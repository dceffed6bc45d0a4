// Threads started from the TypeScript sources read the code an earlier thread stripped,
// instead of each loading a TypeScript stripper of its own (issue 15: ~12 MB per thread).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { threadOptions } from '../../../src-main/engine/pools/thread-code-cache.ts';

const fixture = join(import.meta.dirname, 'fixtures/reports-ts-stripper.ts');
const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'code-cache-'));
  dirs.push(dir);
  return dir;
}

/** Starts the fixture with these options; whether it loaded the stripper. */
async function loadedStripper(options: ReturnType<typeof threadOptions>): Promise<boolean> {
  const worker = new Worker(fixture, options);
  const loaded = await new Promise<boolean>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await new Promise((resolve) => worker.once('exit', resolve));
  return loaded;
}

/** This process's environment without any compile-cache setting of the user's. */
function plainEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_COMPILE_CACHE;
  delete env.NODE_DISABLE_COMPILE_CACHE;
  return env;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('thread code cache', () => {
  it('a thread after the first reads the stripped code and never loads the stripper', async () => {
    const dir = freshDir();
    const options = threadOptions(fixture, plainEnv(), dir);
    expect(await loadedStripper(options)).toBe(true);
    expect(readdirSync(dir).length).toBeGreaterThan(0);
    expect(await loadedStripper(options)).toBe(false);
    expect(await loadedStripper(options)).toBe(false);
  });

  it('without the cache every thread loads its own stripper', async () => {
    const env = { ...plainEnv(), NODE_DISABLE_COMPILE_CACHE: '1' };
    expect(threadOptions(fixture, env, freshDir())).toEqual({});
    expect(await loadedStripper({ env })).toBe(true);
    expect(await loadedStripper({ env })).toBe(true);
  });

  it('leaves bundled JavaScript entries and a cache the user chose as they are', () => {
    expect(threadOptions('/app/out/main/thread-worker.js', plainEnv(), freshDir())).toEqual({});
    expect(threadOptions(fixture, { ...plainEnv(), NODE_COMPILE_CACHE: '/elsewhere' }, freshDir())).toEqual({});
  });
});
