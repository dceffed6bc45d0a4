// Where the calling thread runs, read from Linux's /proc/thread-self. Each thread
// opens its own file once (module state is per thread), so a reading costs one
// pread of a few hundred bytes (about 3 µs), not an open/read/close.
import { openSync, readSync, readlinkSync } from 'node:fs';
import { threadId } from 'node:worker_threads';

const SPACE = 0x20;
const CLOSE_PAREN = 0x29;
// Fields after the command name, which ends at the last ')': field 3 is the first.
const PROCESSOR_FIELD = 39;

let statFd: number | null | undefined;
const buffer = Buffer.alloc(1024);

/** The core this thread is on now (Linux), or undefined where the platform does not say. */
export function currentCpu(): number | undefined {
  if (statFd === undefined) {
    try {
      statFd = openSync('/proc/thread-self/stat', 'r');
    } catch {
      statFd = null;
    }
  }
  if (statFd === null) return undefined;
  try {
    const length = readSync(statFd, buffer, 0, buffer.length, 0);
    let i = buffer.lastIndexOf(CLOSE_PAREN, length) + 2;
    for (let field = 3; field < PROCESSOR_FIELD; i++) if (buffer[i] === SPACE) field++;
    let cpu = 0;
    for (; i < length && buffer[i] !== SPACE; i++) cpu = cpu * 10 + buffer[i] - 0x30;
    return cpu;
  } catch {
    return undefined;
  }
}

/**
 * The OS thread id (Linux tid), so spans from Node threads, Node processes and
 * Python threads name threads the same way; worker_threads' own id elsewhere.
 */
export function osThreadId(): number {
  try {
    // "/proc/thread-self" -> "<pid>/task/<tid>"
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) return tid;
  } catch {
    // not Linux
  }
  return threadId;
}
