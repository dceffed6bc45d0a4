// One request to a fresh runner.py that answers with one message (check, try): the
// runner started, its answer read, and the runner and its group ended whatever happens.
import { DEFAULT_EXECUTABLE, detectPython } from './detect.ts';
import { parseRunnerLine, type RunnerMessage, type RunnerRequest } from './protocol.ts';
import { describeExit, startRunner, withStderr, type RunnerExit } from './runner-process.ts';

export class RunOnceError extends Error {
  /** 'timeout': ended after timeoutMs; 'crashed': the runner died before answering. */
  readonly kind: 'timeout' | 'crashed' | 'failed';
  constructor(kind: 'timeout' | 'crashed' | 'failed', message: string) {
    super(message);
    this.kind = kind;
  }
}

export async function runOnce(request: RunnerRequest, options: { executable?: string; timeoutMs: number }): Promise<RunnerMessage> {
  const executable = options.executable ?? DEFAULT_EXECUTABLE;
  const detected = await detectPython(executable);
  if (!detected.ok) throw new RunOnceError('failed', detected.reason);
  return new Promise((resolve, reject) => {
    let answer: RunnerMessage | undefined;
    let failure: RunOnceError | undefined;
    const runner = startRunner(detected.info.executable, (line) => {
      const message = parseRunnerLine(line);
      if (!message) failure ??= new RunOnceError('failed', `the Python runner printed something that is not protocol: ${line.slice(0, 200)}`);
      else if (message.type === 'error') failure ??= new RunOnceError('failed', message.message);
      else if (message.type !== 'ready') {
        answer = message;
        runner.closeInput();
      }
    });
    const timer = setTimeout(() => {
      failure ??= new RunOnceError('timeout', `no answer within ${options.timeoutMs} ms: ended it`);
      runner.killGroup();
    }, options.timeoutMs);
    runner.send(request);
    void runner.exited.then((exit: RunnerExit) => {
      clearTimeout(timer);
      runner.killGroup();
      if (answer && !failure) return resolve(answer);
      const error = failure ?? new RunOnceError('crashed', `the Python runner ${exit.error ? `could not be started (${exit.error.code})` : describeExit(exit)}`);
      error.message = withStderr(error.message, runner.stderrTail());
      reject(error);
    });
  });
}
