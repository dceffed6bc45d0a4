// The ProcessLauncher under plain Node (CLI, tests, headless server): node:child_process
// fork with an IPC channel. The child's stderr is kept (its tail) for error messages.
import { fork } from 'node:child_process';
import { codeCacheEnv } from '../pools/thread-code-cache.ts';
import type { ChildHandle, ProcessLauncher } from '../types.ts';

const STDERR_TAIL_CHARS = 2000;

/**
 * Flags the child needs: none of the parent's own (an --inspect port or a test runner's
 * hooks must not be inherited), except type stripping where Node needs it asked for.
 */
function execArgvFor(modulePath: string): string[] {
  const stripsTypes = Boolean((process.features as { typescript?: unknown }).typescript);
  return modulePath.endsWith('.ts') && !stripsTypes ? ['--experimental-strip-types'] : [];
}

export const childProcessLauncher: ProcessLauncher = {
  kind: 'child_process',
  launch(modulePath, options): ChildHandle {
    let stderr = '';
    let exitListener: ((code: number | null, signal: string | null, error?: Error) => void) | undefined;
    let exit: { code: number | null; signal: string | null; error?: Error } | undefined;
    const child = fork(modulePath, [options.name], {
      execArgv: execArgvFor(modulePath),
      // From the sources, each child would load a TypeScript stripper of its own, and its
      // start-up (which the processes model reports) would include that: not in the app.
      env: { ...(codeCacheEnv(modulePath) ?? process.env), ...options.env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // Structured clone, as over Electron's parentPort: bigints and typed arrays travel as they are.
      serialization: 'advanced',
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });

    const report = (code: number | null, signal: string | null, error?: Error) => {
      if (exit) return;
      const tail = stderr.trim();
      exit = { code, signal, error: error ?? (tail ? new Error(`stderr: ${tail}`) : undefined) };
      exitListener?.(exit.code, exit.signal, exit.error);
    };
    // 'close' comes after the stdio streams end, so the stderr tail is complete by then.
    child.on('close', (code, signal) => report(code, signal));
    child.on('error', (error) => {
      // A failed spawn never closes; a failed send on a closing channel is followed by 'close'.
      if (child.pid === undefined) report(null, null, error);
    });

    return {
      get pid() {
        return child.pid;
      },
      send: (message) => {
        if (child.connected) child.send(message as never);
      },
      onMessage: (listener) => {
        child.on('message', listener);
      },
      onExit: (listener) => {
        exitListener = listener;
        if (exit) listener(exit.code, exit.signal, exit.error);
      },
      kill: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  },
};
