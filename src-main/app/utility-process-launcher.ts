// The ProcessLauncher inside Electron: the processes model's children are utility processes
// (Chromium-managed Node processes that end with the app), not plain forks of the main
// process. Built over an injected `fork` so the adapter is tested without Electron.
import type { ForkOptions } from 'electron';
import type { ChildHandle, ProcessLauncher } from '../service/index.ts';

const STDERR_TAIL_CHARS = 2000;

/** The part of Electron's UtilityProcess this adapter uses. */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'error', listener: (type: string, location: string, report: string) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  kill(): boolean;
}

export type UtilityFork = (modulePath: string, args: string[], options: ForkOptions) => UtilityProcessLike;

export function createUtilityProcessLauncher(fork: UtilityFork): ProcessLauncher {
  return {
    kind: 'utilityProcess',
    launch(modulePath, options): ChildHandle {
      let exitListener: ((code: number | null, signal: string | null, error?: Error) => void) | undefined;
      let exit: { code: number | null; signal: string | null; error?: Error } | undefined;
      let stderr = '';
      let fatal: Error | undefined;
      let spawned = false;
      let killed = false;

      const report = (code: number | null, signal: string | null, error?: Error) => {
        if (exit) return;
        const tail = stderr.trim();
        exit = { code, signal, error: error ?? fatal ?? (code !== 0 && tail ? new Error(`stderr: ${tail}`) : undefined) };
        exitListener?.(exit.code, exit.signal, exit.error);
      };

      let child: UtilityProcessLike | undefined;
      try {
        child = fork(modulePath, [options.name], {
          serviceName: options.name,
          env: { ...process.env, ...options.env } as Record<string, string>,
          stdio: ['ignore', 'ignore', 'pipe'],
        });
      } catch (err) {
        // Reported after launch() returns, as a failed spawn of a real process would be.
        const error = err instanceof Error ? err : new Error(String(err));
        queueMicrotask(() => report(null, null, error));
      }
      if (child) {
        const c = child;
        c.stderr?.setEncoding('utf8');
        c.stderr?.on('data', (chunk: string) => {
          stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
        });
        c.on('spawn', () => {
          spawned = true;
        });
        // A V8 fatal error: 'exit' still follows; keep the cause for it.
        c.on('error', (type, location) => {
          fatal = new Error(`utility process ${options.name}: ${type} at ${location}`);
        });
        c.on('exit', (code) => {
          const error = spawned ? undefined : new Error(`utility process ${options.name} failed to start (exit code ${code})`);
          report(code, killed ? 'SIGKILL' : null, error);
        });
      }

      return {
        get pid() {
          return child?.pid;
        },
        send(message) {
          if (child && !exit) child.postMessage(message);
        },
        onMessage(listener) {
          child?.on('message', listener);
        },
        onExit(listener) {
          exitListener = listener;
          if (exit) listener(exit.code, exit.signal, exit.error);
        },
        kill() {
          if (!child || exit) return;
          killed = true;
          // utilityProcess.kill() asks politely (SIGTERM); a cancelled or hung trial must end now.
          const pid = child.pid;
          if (pid !== undefined && process.platform !== 'win32') {
            try {
              process.kill(pid, 'SIGKILL');
              return;
            } catch {
              // Already gone: its 'exit' is on the way.
            }
          }
          child.kill();
        },
      };
    },
  };
}
