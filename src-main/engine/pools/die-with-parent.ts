// A pool child must end when the lab does, however the lab ends (kill -9 included) and
// whatever the child is doing. The IPC channel's 'disconnect' event cannot tell it while
// a task that never yields holds its event loop (primes below 10⁹ is minutes of pure
// arithmetic), so a watcher on a thread of its own checks the parent instead: when the
// parent dies the OS re-parents the child (to init or a subreaper), its ppid changes, and
// the watcher kills the whole process. It is the Python runner's watch_parent, in Node;
// Linux's PR_SET_PDEATHSIG would need a native addon, and this works on macOS too.
import { Worker } from 'node:worker_threads';

/** How often the watcher looks: an orphan lives at most this long. */
const POLL_MS = 200;

// CommonJS source for an eval'd worker, so it needs no entry file of its own in the bundle.
const WATCHER = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData.parent) process.kill(process.pid, 'SIGKILL');
}, workerData.pollMs);
`;

/**
 * Starts the watcher. Resolves once it runs, so the child can say it is ready only when it
 * is guarded, and the watcher's own start-up is not counted in the first task's CPU time.
 */
export function dieWithParent(): Promise<void> {
  const worker = new Worker(WATCHER, {
    eval: true,
    workerData: { parent: process.ppid, pollMs: POLL_MS },
    // No resourceLimits: a tight heap limit kills the watcher at start-up (V8 needs more
    // to boot) and a loose one changes nothing (measured: ~9 MB of RSS either way).
    stdout: false,
    stderr: false,
  });
  // The watcher never keeps the child alive, and a watcher that fails leaves the
  // 'disconnect' handler as the only guard rather than crashing the child.
  worker.unref();
  return new Promise((resolve) => {
    worker.once('online', resolve);
    worker.on('error', (error) => {
      process.stderr.write(`concurrency-lab: parent watcher failed: ${error.message}\n`);
      resolve();
    });
  });
}
