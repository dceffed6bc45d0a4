// Pool members that are worker_threads, behind the same handle as a child process
// (ChildHandle), so one dispatcher (task-pool.ts) drives threads and processes alike.
import { Worker } from 'node:worker_threads';
import { entryPath, type EntryName } from '../../entries.ts';
import type { ChildHandle } from '../types.ts';
import { TaskPool } from './task-pool.ts';
import type { ToWorker } from './protocol.ts';
import { threadOptions } from './thread-code-cache.ts';

/** Starts one worker thread running an entry (a pool member by default). */
export function spawnThread(entry: EntryName = 'thread-worker'): ChildHandle {
  const file = entryPath(entry);
  // No resourceLimits (issue 15): capping the young generation would cut RSS but change what
  // the threads model is measured under (more, shorter GC pauses inside tasks). Measured once
  // the entries stopped loading zod, each thread's new space stays at 1-4 MB over 100,000
  // tiny tasks (it had grown to 16 MB), so a cap would save a few MB per thread at that price.
  const worker = new Worker(file, threadOptions(file));
  let lastError: Error | undefined;
  let exitListener: ((code: number | null, signal: string | null, error?: Error) => void) | undefined;
  let exited: { code: number } | undefined;
  // An uncaught exception in the thread arrives as 'error', then 'exit' with code 1.
  worker.on('error', (error) => {
    lastError = error;
  });
  worker.on('exit', (code) => {
    exited = { code };
    exitListener?.(code, null, lastError);
  });
  return {
    pid: process.pid,
    send: (message) => worker.postMessage(message),
    onMessage: (listener) => {
      worker.on('message', listener);
    },
    onExit: (listener) => {
      exitListener = listener;
      if (exited) listener(exited.code, null, lastError);
    },
    kill: () => {
      void worker.terminate();
    },
  };
}

/** A pool of `size` worker threads, each running one task at a time. */
export function threadPool(size: number, init: Extract<ToWorker, { type: 'init' }>): TaskPool {
  return new TaskPool({ size, init, spawn: () => spawnThread(), label: 'thread' });
}
