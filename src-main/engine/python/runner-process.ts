// One resources/python/runner.py process: started in a process group of its own so
// that it, its multiprocessing workers and any forkserver can be ended with one
// signal; its stdout read as lines, the tail of its stderr kept for error messages.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { resourcesDir } from '../../entries.ts';
import { encodeRequest, type RunnerRequest } from './protocol.ts';

const STDERR_KEEP = 16 * 1024;
const STDERR_SHOW_LINES = 12;
const STDERR_SHOW_CHARS = 2000;
// After the runner exits, how long its stdout may take to drain before it is dropped
// (a stray process outside the group could otherwise hold the pipe open for ever).
const DRAIN_MS = 500;

export interface RunnerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the interpreter could not be started at all (ENOENT, EACCES…). */
  error?: NodeJS.ErrnoException;
}

export interface RunnerProcess {
  readonly pid: number | undefined;
  send(request: RunnerRequest): void;
  /** Ends stdin: the runner flushes what it has and leaves, taking its workers with it. */
  closeInput(): void;
  /** SIGKILL to the whole group: the runner and every process it started. */
  killGroup(): void;
  /** The last lines of stderr, trimmed for an error message ('' when there were none). */
  stderrTail(): string;
  /** Settles once the process is gone and its stdout has been read to the end. */
  readonly exited: Promise<RunnerExit>;
}

export function runnerScriptPath(): string {
  return join(resourcesDir(), 'python', 'runner.py');
}

export function startRunner(executable: string, onLine: (line: string) => void): RunnerProcess {
  // -I (isolated): no user site-packages, no PYTHON* variables, so every user's runner is the same program.
  const child = spawn(executable, ['-I', runnerScriptPath()], {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP);
  });
  // The runner may be gone before it reads its request or after stdin is closed; that is reported by exit.
  child.stdin.on('error', () => {});
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  lines.on('line', onLine);

  const exited = new Promise<RunnerExit>((resolve) => {
    let spawnError: NodeJS.ErrnoException | undefined;
    let exit: RunnerExit | undefined;
    let settled = false;
    let open = 2;
    const settle = () => {
      if (settled || !exit || open > 0) return;
      settled = true;
      resolve(exit);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error;
      if (child.pid === undefined) {
        // Never started: there is no exit to wait for and nothing to drain.
        exit = { code: null, signal: null, error };
        open = 0;
        settle();
      }
    });
    // stdout read to its end (every line handled) and stderr too (its tail complete).
    const drained = () => {
      open--;
      settle();
    };
    child.on('exit', (code, signal) => {
      exit = { code, signal, ...(spawnError ? { error: spawnError } : {}) };
      if (open <= 0) return settle();
      setTimeout(() => {
        open = 0;
        child.stdout.destroy();
        child.stderr.destroy();
        settle();
      }, DRAIN_MS);
    });
    lines.on('close', drained);
    child.stderr.on('close', drained);
  });

  return {
    get pid() {
      return child.pid;
    },
    send(request) {
      child.stdin.write(encodeRequest(request));
    },
    closeInput() {
      if (!child.stdin.destroyed) child.stdin.end();
    },
    killGroup() {
      const pid = child.pid;
      if (pid === undefined) return;
      try {
        if (process.platform === 'win32') child.kill('SIGKILL');
        else process.kill(-pid, 'SIGKILL');
      } catch {
        // ESRCH: the group is already empty.
      }
    },
    stderrTail() {
      const lines = stderr.trimEnd().split('\n').slice(-STDERR_SHOW_LINES).join('\n');
      return lines.length > STDERR_SHOW_CHARS ? `…${lines.slice(-STDERR_SHOW_CHARS)}` : lines;
    },
    exited,
  };
}

/** "exited with code 3", "was killed by SIGKILL", or why it never started. */
export function describeExit(exit: RunnerExit): string {
  if (exit.signal) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.code}`;
}

/** A cause followed by the runner's last stderr lines, when it printed any. */
export function withStderr(cause: string, tail: string): string {
  return tail ? `${cause}\nstderr:\n${tail}` : cause;
}
