// Entry of the worker thread that runs "Try once" for JavaScript: imports the user's
// module, runs setup(), then times task(0) alone and reports its result or exception.
import { inspect } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import type { CodeTryResult } from '../../../src-shared/code-workload.ts';
import { nowNs, msBetween } from '../clock.ts';
import { describeUserError } from './user-error.ts';
import { loadUserCode } from '../workloads/user-code.ts';

export interface TryWorkerData {
  codePath: string;
  file?: string;
  httpUrl: string;
}

const RESULT_CHARS = 200;

/** A result as a short line: what util.inspect shows, cut at RESULT_CHARS. */
export function abbreviate(value: unknown): string {
  const text = inspect(value, { depth: 2, maxArrayLength: 10, maxStringLength: RESULT_CHARS, breakLength: Infinity });
  return text.length > RESULT_CHARS ? `${text.slice(0, RESULT_CHARS)}…` : text;
}

async function tryOnce(data: TryWorkerData): Promise<CodeTryResult> {
  let loaded;
  try {
    loaded = await loadUserCode({ language: 'javascript', file: data.file }, data.codePath, data.httpUrl);
  } catch (error) {
    return { outcome: 'error', ms: null, error: error instanceof Error ? error.message : String(error) };
  }
  const start = nowNs();
  try {
    let result = loaded.task(0);
    const isAsync = typeof (result as { then?: unknown } | null)?.then === 'function';
    if (isAsync) result = await result;
    return { outcome: 'ok', ms: msBetween(start, nowNs()), result: abbreviate(result), async: isAsync };
  } catch (error) {
    return { outcome: 'error', ms: msBetween(start, nowNs()), error: describeUserError(error, loaded.moduleUrl, loaded.name) };
  }
}

const port = parentPort;
if (!port) throw new Error('try-worker.ts runs only as a worker thread');
void tryOnce(workerData as TryWorkerData).then((result) => port.postMessage(result));
