// Calibration in CPython: the size of a CPU workload that takes about taskMs per
// task in the Python runner (pure-Python primes are tens of times slower than
// JavaScript's, so a Python-only experiment is sized for Python).
import type { Calibration } from '../../../src-shared/result.ts';
import { DEFAULT_EXECUTABLE, detectPython } from './detect.ts';
import { parseRunnerLine } from './protocol.ts';
import { describeExit, startRunner, withStderr } from './runner-process.ts';

// The search measures a few tasks plus a growth phase; allow for a slow, busy machine.
const BASE_TIMEOUT_MS = 30_000;

export async function calibratePython(
  kind: 'primes' | 'hash' | 'mixed',
  taskMs: number,
  options: { executable?: string; signal?: AbortSignal } = {},
): Promise<Calibration> {
  const { signal } = options;
  signal?.throwIfAborted();
  const executable = options.executable ?? DEFAULT_EXECUTABLE;
  const detected = await detectPython(executable);
  if (!detected.ok) throw new Error(detected.reason);
  signal?.throwIfAborted();

  return new Promise<Calibration>((resolve, reject) => {
    let answer: Calibration | undefined;
    let failure: Error | undefined;
    const fail = (error: Error) => {
      failure ??= error;
      runner.killGroup();
    };
    const runner = startRunner(detected.info.executable, (line) => {
      const message = parseRunnerLine(line);
      if (message?.type === 'calibration') {
        answer = { params: message.params, measuredMs: message.measuredMs };
        runner.closeInput();
      } else if (message?.type === 'error') {
        fail(new Error(`calibrating in Python failed: ${message.message}`));
      } else if (!message) {
        fail(new Error(`the Python runner printed something that is not protocol: ${line.slice(0, 200)}`));
      }
    });
    const timeoutMs = BASE_TIMEOUT_MS + 3 * taskMs;
    const timer = setTimeout(() => fail(new Error(`calibrating in Python took longer than ${timeoutMs / 1000} s`)), timeoutMs);
    const onAbort = () => fail(signal!.reason instanceof Error ? signal!.reason : new Error('cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    runner.send({ mode: 'calibrate', kind, taskMs });
    void runner.exited.then((exit) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      runner.killGroup();
      if (answer && !failure) return resolve(answer);
      const error = failure ?? new Error(`the Python runner ${exit.error ? `could not be started (${exit.error.code})` : describeExit(exit)} before it answered`);
      if (!signal?.aborted) error.message = withStderr(error.message, runner.stderrTail());
      reject(error);
    });
  });
}
