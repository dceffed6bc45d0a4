// calibrateNode: the size of a CPU workload that takes about taskMs per task here.
// The search runs on a worker thread, never on the caller's (in the app the caller
// is Electron's main process, which must stay responsive).
import type { Calibration } from '../../src-shared/result.ts';
import type { FromWorker } from './pools/protocol.ts';
import { spawnThread } from './pools/thread-pool.ts';
import type { CalibrationKind } from './workloads/size-for-time.ts';

export type { CalibrationKind };

export function calibrateNode(kind: CalibrationKind, taskMs: number, options: { signal?: AbortSignal } = {}): Promise<Calibration> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (!(taskMs > 0) || !Number.isFinite(taskMs)) return Promise.reject(new RangeError('taskMs must be a positive number'));
  return new Promise<Calibration>((resolve, reject) => {
    const worker = spawnThread();
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      worker.kill();
      fn();
    };
    const onAbort = () => settle(() => reject(signal!.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.onMessage((raw) => {
      const message = raw as FromWorker;
      if (Array.isArray(message)) return;
      if (message.type === 'calibrated') settle(() => resolve(message.calibration));
      else if (message.type === 'error') settle(() => reject(new Error(`calibration failed: ${message.message}`)));
    });
    worker.onExit((code, _signal, error) => {
      settle(() => reject(new Error(`calibration's worker exited with code ${code}${error ? `: ${error.message}` : ''}`)));
    });
    worker.send({ type: 'calibrate', kind, taskMs });
  });
}
