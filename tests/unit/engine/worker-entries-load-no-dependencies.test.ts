// Worker threads load the lab's own modules and Node's, nothing from node_modules. Every
// pool thread and the loop worker holds whatever its entry imports, once per thread: when
// user-code.ts took codeFileName from the zod schema's module, each thread held zod, and
// its loading grew the thread's young generation, ~10 MB RSS per thread at ready and as
// much again over 100,000 tasks (issue 15). The same holds, smaller, for Node's own modules.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { entryPath } from '../../../src-main/entries.ts';

const fixture = join(import.meta.dirname, 'fixtures/lists-modules-of.ts');

async function modulesOf(entry: string): Promise<string[]> {
  const worker = new Worker(fixture, { workerData: { entry: pathToFileURL(entry).href } });
  try {
    return await new Promise<string[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

describe('worker entries', () => {
  it.each(['thread-worker', 'loop-worker'] as const)('%s loads no package from node_modules', async (name) => {
    const urls = await modulesOf(entryPath(name));
    expect(urls.some((u) => u.endsWith('/serve-tasks.ts') || u.endsWith('/loop-protocol.ts'))).toBe(true);
    expect(urls.filter((u) => u.includes('/node_modules/'))).toEqual([]);
  });

  // node:crypto and node:fs/promises cost about 0.7 MB of RSS per thread, and most runs use neither.
  it.each(['thread-worker', 'loop-worker'] as const)('%s loads the hash and file workloads only when a trial runs them', async (name) => {
    const urls = await modulesOf(entryPath(name));
    expect(urls.some((u) => u.endsWith('/run-task.ts'))).toBe(true);
    expect(urls.filter((u) => /\/workloads\/(hash|file)\.ts$/.test(u) || u === 'node:crypto' || u === 'node:fs/promises')).toEqual([]);
  });
});
