// The loop worker that `sequential` and `async` trials run on, kept for a whole run: it is
// started once, before the first trial, and measured apart, so a trial's start-up is what
// its model costs (nothing for sequential, setting up k tasks for async), not the ~50 ms of
// spawning a thread that no one would pay per batch of work. A worker that ended a trial
// badly (a failed or hung task, a cancel) is ended with it; the next trial starts a new one.
import { msBetween, nowNs } from '../clock.ts';
import { spawnThread } from '../pools/thread-pool.ts';
import type { ChildHandle } from '../types.ts';
import type { FromLoop } from './loop-protocol.ts';

const START_CAP_MS = 30_000;
const EXIT_CAP_MS = 2_000;

/** What the trial running on the worker hears from it. */
export interface LoopSink {
  onMessage(message: FromLoop): void;
  onExit(code: number | null, signal: string | null, error?: Error): void;
}

export interface LoopWorker {
  readonly handle: ChildHandle;
  readonly pid: number;
  readonly thread: number;
  gone: boolean;
  sink?: LoopSink;
}

export class LoopWorkers {
  private live: LoopWorker | undefined;
  private onGone: (() => void) | undefined;

  /**
   * A worker ready for a trial: the live one, or a new one started now. `startMs` is how
   * long a new one took to answer (0 when reused). Rejects if it cannot start.
   */
  async acquire(signal: AbortSignal): Promise<{ worker: LoopWorker; startMs: number }> {
    if (this.live && !this.live.gone) return { worker: this.live, startMs: 0 };
    const spawnedNs = nowNs();
    const handle = spawnThread('loop-worker');
    const worker = await new Promise<LoopWorker>((resolve, reject) => {
      let settled = false;
      const fail = (why: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        handle.kill();
        reject(new Error(why));
      };
      const onAbort = () => fail('cancelled');
      const timer = setTimeout(() => fail(`loop worker did not start within ${START_CAP_MS} ms`), START_CAP_MS);
      signal.addEventListener('abort', onAbort, { once: true });
      handle.onMessage((raw) => {
        const message = raw as FromLoop;
        if (!settled && message.type === 'hello') {
          settled = true;
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          resolve({ handle, pid: message.pid, thread: message.thread, gone: false });
          return;
        }
        if (this.live?.handle === handle) this.live.sink?.onMessage(message);
      });
      handle.onExit((code, sig, error) => {
        const live = this.live?.handle === handle ? this.live : undefined;
        if (live) {
          live.gone = true;
          this.onGone?.();
          live.sink?.onExit(code, sig, error);
        }
        fail(`loop worker ${sig ? `was killed by signal ${sig}` : `exited with code ${code}`} before it was ready${error?.message ? `: ${error.message}` : ''}`);
      });
      if (signal.aborted) return fail('cancelled');
      handle.send({ type: 'hello' });
    });
    this.live = worker;
    return { worker, startMs: msBetween(spawnedNs, nowNs()) };
  }

  /** Ends the live worker (after a trial that did not end cleanly, or at the end of the run). */
  close(): Promise<void> {
    const live = this.live;
    if (!live || live.gone) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, EXIT_CAP_MS);
      this.onGone = () => {
        clearTimeout(timer);
        this.onGone = undefined;
        resolve();
      };
      live.handle.kill();
    });
  }
}
