// One task of a workload, the same code in every model (thread worker, process
// child, loop worker), so models differ only in how tasks are scheduled.
import { httpGet, httpTaskUrl, loadHttp } from './http.ts';
import { cpuThenWait } from './mixed.ts';
import { countPrimesBelow } from './primes.ts';
import { prepareSharedTask } from './shared.ts';
import { sleep } from './sleep.ts';
import { prepareCodeTask } from './user-code.ts';
import type { ResolvedWorkload } from './resolved-workload.ts';

export interface TaskEnv {
  /** Base URL of the engine's loopback HTTP server. */
  httpUrl: string;
  /** Directory for the file workload. */
  tmpDir: string;
  /** The shared workload's state, where the model shares memory between workers (threads). */
  sharedState?: SharedArrayBuffer;
  /** The user's module on disk, for the code workload ('' otherwise). */
  codePath?: string;
}

export type TaskFn = ((task: number) => Promise<void> | void) & {
  /** Shared workload: the counter as this worker sees it (its own count, in a process). */
  count?: () => number;
};

/**
 * Resolves everything a task needs once (buffers, URL, the user's module), so each task
 * does only the work itself. Async where it imports a module: the user's, and those of
 * the hash and file workloads, which a worker loads only when it runs them (node:crypto
 * and node:fs/promises are about 1.5 MB of RSS per thread, on every thread of a pool, and
 * most runs use neither; issue 15).
 */
export function prepareTask(workload: ResolvedWorkload, env: TaskEnv): TaskFn | Promise<TaskFn> {
  switch (workload.kind) {
    case 'primes': {
      const n = workload.n;
      return () => {
        countPrimesBelow(n);
      };
    }
    case 'hash': {
      const { bytes, rounds } = workload;
      return import('./hash.ts').then(({ hashInput, hashRounds }) => {
        const data = hashInput(bytes);
        return () => hashRounds(data, rounds);
      });
    }
    case 'sleep': {
      const ms = workload.ms;
      return () => sleep(ms);
    }
    case 'http': {
      const url = httpTaskUrl(env.httpUrl, workload.latencyMs, workload.bytes);
      const bytes = workload.bytes;
      loadHttp();
      return () => httpGet(url, bytes);
    }
    case 'file': {
      const { bytes } = workload;
      const dir = env.tmpDir;
      return import('./file.ts').then(({ fileRoundTrip }) => (task: number) => fileRoundTrip(dir, bytes, task));
    }
    case 'mixed': {
      const n = workload.n;
      const waitMs = workload.waitMs;
      return () => cpuThenWait(n, waitMs);
    }
    case 'shared':
      return prepareSharedTask(workload, env.sharedState);
    case 'code':
      return prepareCodeTask(workload, env.codePath ?? '', env.httpUrl);
  }
}

const prepared = new WeakMap<ResolvedWorkload, TaskFn>();

/** Runs task number `task` of `workload`; rejects with the task's own error. */
export async function runTask(workload: ResolvedWorkload, env: TaskEnv, task: number): Promise<void> {
  let fn = prepared.get(workload);
  if (!fn) prepared.set(workload, (fn = await prepareTask(workload, env)));
  await fn(task);
}
