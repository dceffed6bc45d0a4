// What a new worker thread (or, through codeCacheEnv, a child process of the processes
// model) is started with so that, run from the TypeScript sources, it
// does not carry a TypeScript stripper of its own (issue 15).
//
// Measured here (Node 24): from the source tree (a checkout's CLI, the tests, the bench) a
// thread's entry and every module it imports are .ts, and each thread loads its own copy of
// Node's stripper (amaro, a WebAssembly module) to read them: about 12 MB of RSS per thread,
// so nearly 100 MB for a pool of 8 and the loop worker, none of it the model's own cost.
// Node's compile cache keeps the stripped code on disk, keyed by each file's content, so a
// thread started after one that wrote it (a thread writes when it ends) never loads the
// stripper. The bundle's entries are JavaScript and need none of this. A user's own
// NODE_COMPILE_CACHE or NODE_DISABLE_COMPILE_CACHE is left as it is (the thread inherits it).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkerOptions } from 'node:worker_threads';

/** Where Node's `module.enableCompileCache()` keeps its cache when given no folder. */
export const DEFAULT_COMPILE_CACHE = join(tmpdir(), 'node-compile-cache');

/** The environment for a new thread or child process running entryFile: with the compile cache for a .ts entry; undefined where nothing changes. */
export function codeCacheEnv(entryFile: string, env: NodeJS.ProcessEnv = process.env, cacheDir = DEFAULT_COMPILE_CACHE): NodeJS.ProcessEnv | undefined {
  if (!entryFile.endsWith('.ts') || env.NODE_COMPILE_CACHE || env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  return { ...env, NODE_COMPILE_CACHE: cacheDir };
}

/** Options for `new Worker(entryFile, …)`: the compile cache for a .ts entry, nothing else. */
export function threadOptions(entryFile: string, env: NodeJS.ProcessEnv = process.env, cacheDir = DEFAULT_COMPILE_CACHE): WorkerOptions {
  const withCache = codeCacheEnv(entryFile, env, cacheDir);
  return withCache ? { env: withCache } : {};
}
