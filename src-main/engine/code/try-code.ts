// "Try once": task(0) of the user's code, alone, in a worker thread (JavaScript) or a
// runner process (Python) — never here — with the lab's loopback server up for code that
// does IO. Its time, its result abbreviated, or its exception; a hang is ended at the cap.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { codeFileName, type CodeTryRequest, type CodeTryResult } from '../../../src-shared/code-workload.ts';
import { entryPath } from '../../entries.ts';
import { startLoopbackServer } from '../http-server.ts';
import { RunOnceError, runOnce } from '../python/run-once.ts';
import { writeCodeModule } from './code-source.ts';
import type { TryWorkerData } from './try-worker.ts';

export const TRY_TIMEOUT_MS = 10_000;

function tryInThread(data: TryWorkerData, timeoutMs: number): Promise<CodeTryResult> {
  return new Promise((resolve) => {
    const worker = new Worker(entryPath('code-try-worker'), { workerData: data });
    let answered = false;
    const done = (result: CodeTryResult) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => done({ outcome: 'timeout', ms: null, error: `task(0) did not finish within ${timeoutMs} ms: its worker was ended` }), timeoutMs);
    let lastError: Error | undefined;
    worker.on('message', (result: CodeTryResult) => done(result));
    worker.on('error', (error) => {
      lastError = error;
    });
    worker.on('exit', (code) => {
      done({ outcome: 'crashed', ms: null, error: `its worker exited with code ${code}${lastError ? `: ${lastError.message}` : ''}` });
    });
  });
}

export async function tryCode(req: CodeTryRequest): Promise<CodeTryResult> {
  const timeoutMs = req.timeoutMs ?? TRY_TIMEOUT_MS;
  const dir = await mkdtemp(join(tmpdir(), 'concurrency-lab-try-'));
  const server = await startLoopbackServer();
  try {
    const codePath = await writeCodeModule(req, dir);
    if (req.language === 'javascript') return await tryInThread({ codePath, file: req.file, httpUrl: server.url }, timeoutMs);
    try {
      const answer = await runOnce(
        { mode: 'try', codePath, name: codeFileName({ language: 'python', file: req.file }), httpUrl: server.url },
        { executable: req.executable, timeoutMs },
      );
      if (answer.type !== 'tried') throw new Error('the Python runner gave no try result');
      const { type: _type, ...result } = answer;
      return result;
    } catch (error) {
      if (error instanceof RunOnceError && error.kind !== 'failed') {
        return { outcome: error.kind, ms: null, error: error.kind === 'timeout' ? `task(0) did not finish within ${timeoutMs} ms: the runner was ended` : error.message };
      }
      throw error;
    }
  } finally {
    await server.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
