// The `code` workload inside a worker (loop worker, pool thread or child process): the
// user's ES module imported from its temp file, its setup() run once, its default export
// called per task. Only workers import this: the orchestrator never runs the user's code.
import { pathToFileURL } from 'node:url';
import { codeFileName } from '../../../src-shared/code-file-name.ts';
import type { CodeWorkload } from '../../../src-shared/code-workload.ts';
import { describeUserError } from '../code/user-error.ts';
import type { TaskFn } from './run-task.ts';

interface UserModule {
  default?: unknown;
  setup?: unknown;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

export interface LoadedCode {
  task: (i: number) => unknown;
  moduleUrl: string;
  name: string;
}

/** Imports the module and runs its setup(); throws a described error when either fails or there is no task. */
export async function loadUserCode(w: Pick<CodeWorkload, 'language' | 'file'>, codePath: string, httpUrl: string): Promise<LoadedCode> {
  const name = codeFileName(w);
  // The lab's loopback server, for code that does IO (a worker's or child's own env: the parent's is untouched).
  if (httpUrl) process.env.LAB_HTTP_URL = httpUrl;
  const moduleUrl = pathToFileURL(codePath).href;
  let mod: UserModule;
  try {
    mod = (await import(/* @vite-ignore */ moduleUrl)) as UserModule;
  } catch (error) {
    throw new Error(`importing ${name} failed: ${describeUserError(error, moduleUrl, name)}`);
  }
  const task = mod.default;
  if (typeof task !== 'function') throw new Error(`${name} has no default export: export default function task(i) { … }`);
  if (typeof mod.setup === 'function') {
    try {
      await (mod.setup as () => unknown)();
    } catch (error) {
      throw new Error(`setup() failed: ${describeUserError(error, moduleUrl, name)}`);
    }
  }
  return { task: task as (i: number) => unknown, moduleUrl, name };
}

/**
 * The task function a worker calls. A sync task returns nothing to await (so its end is
 * when its work ends, and under `async` tasks run one at a time); an async one returns
 * its promise. Either way an exception comes out described with its line.
 */
export async function prepareCodeTask(w: CodeWorkload, codePath: string, httpUrl: string): Promise<TaskFn> {
  if (!codePath) throw new Error('the code workload has no module to import (the engine writes it before the trial)');
  const { task, moduleUrl, name } = await loadUserCode(w, codePath, httpUrl);
  const fail = (error: unknown): never => {
    throw new Error(describeUserError(error, moduleUrl, name));
  };
  return (i) => {
    let result: unknown;
    try {
      result = task(i);
    } catch (error) {
      fail(error);
    }
    if (isThenable(result)) return Promise.resolve(result).then(() => undefined, fail);
    return undefined;
  };
}
