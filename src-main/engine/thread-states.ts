// The calling thread's CPU time and run-queue wait, read at a task's start and end
// on the task's own thread (issue 12), and its context switches over a trial.
//
// On Linux one pread of /proc/thread-self/schedstat gives both: field 1 is the
// thread's CPU time in ns, field 2 the ns it spent runnable but not running. The
// kernel brings field 1 up to date only at a tick or a switch (up to 4 ms stale),
// except that getrusage(RUSAGE_SELF) (process.cpuUsage()) first folds the calling
// thread's pending time in; so each reading is that call, then the pread (~8 µs here).
// Elsewhere: process.threadCpuUsage() (µs, stale to a tick) and no run-queue figure.
// A reading costs more than a tiny task, so tasks under SHORT_TASK_NS are sampled.
import { closeSync, openSync, readSync } from 'node:fs';

/** Tasks shorter than this (the previous one on the thread) are measured 1 in SAMPLE_EVERY. */
const SHORT_TASK_NS = 1_000_000;
const SAMPLE_EVERY = 32;

const buffer = Buffer.alloc(256);
let schedFd: number | null | undefined;

function openSched(): number | null {
  if (schedFd === undefined) {
    try {
      schedFd = openSync('/proc/thread-self/schedstat', 'r');
    } catch {
      schedFd = null;
    }
  }
  return schedFd;
}

/** [cpuNs, waitNs] of the calling thread now; waitNs is NaN where the OS does not say. */
export function readSched(out: Float64Array): void {
  const fd = openSched();
  if (fd !== null) {
    process.cpuUsage();
    try {
      const length = readSync(fd, buffer, 0, buffer.length, 0);
      let i = 0;
      let cpu = 0;
      for (; i < length && buffer[i] !== 0x20; i++) cpu = cpu * 10 + buffer[i] - 0x30;
      let wait = 0;
      for (i++; i < length && buffer[i] !== 0x20; i++) wait = wait * 10 + buffer[i] - 0x30;
      out[0] = cpu;
      out[1] = wait;
      return;
    } catch {
      schedFd = null;
    }
  }
  const u = process.threadCpuUsage();
  out[0] = (u.user + u.system) * 1000;
  out[1] = NaN;
}

/** Measures tasks' running and run-queue time on one thread, sampling the tiny ones. */
export class SpanMeter {
  private readonly enabled: boolean;
  private readonly before = new Float64Array(2);
  private readonly after = new Float64Array(2);
  /** CPU a reading pair itself adds between its two samples, taken off every delta. */
  private overheadNs = 0;
  private lastWallNs = Infinity;
  private count = 0;
  private measuring = false;
  /** Results of the last `end`, µs; -1 when not measured. */
  runUs = -1;
  waitUs = -1;

  constructor(enabled: boolean) {
    this.enabled = enabled;
    if (!enabled) return;
    // Open the file and learn what a back-to-back pair costs, so neither lands in a task.
    const deltas: number[] = [];
    for (let i = 0; i < 15; i++) {
      readSched(this.before);
      readSched(this.after);
      deltas.push(this.after[0] - this.before[0]);
    }
    deltas.sort((a, b) => a - b);
    this.overheadNs = deltas[7];
  }

  /** Call right before the task's start timestamp. */
  begin(): void {
    this.measuring = this.enabled && (this.lastWallNs >= SHORT_TASK_NS || this.count % SAMPLE_EVERY === 0);
    this.count++;
    if (this.measuring) readSched(this.before);
  }

  /** Call right after the task's end timestamp, with its wall in ns; sets runUs / waitUs. */
  end(wallNs: number): void {
    this.lastWallNs = wallNs;
    if (!this.measuring) {
      this.runUs = this.waitUs = -1;
      return;
    }
    readSched(this.after);
    this.runUs = Math.max(0, Math.round((this.after[0] - this.before[0] - this.overheadNs) / 1e3));
    const wait = this.after[1] - this.before[1];
    this.waitUs = Number.isNaN(wait) ? -1 : Math.max(0, Math.round(wait / 1e3));
  }
}

/** The calling thread's state over a whole trial (an event loop's): CPU and run-queue ns. */
export function threadReading(): { cpuNs: number; waitNs: number | null } {
  const out = new Float64Array(2);
  readSched(out);
  return { cpuNs: out[0], waitNs: Number.isNaN(out[1]) ? null : out[1] };
}

export interface Switches {
  voluntary: number;
  involuntary: number;
}

/** The calling thread's context switches so far (Linux), or undefined where the OS does not say. */
export function threadSwitches(): Switches | undefined {
  let fd: number;
  try {
    fd = openSync('/proc/thread-self/status', 'r');
  } catch {
    return undefined;
  }
  try {
    const text = Buffer.alloc(8192);
    const length = readSync(fd, text, 0, text.length, 0);
    const s = text.toString('latin1', 0, length);
    const voluntary = /^voluntary_ctxt_switches:\s*(\d+)/m.exec(s);
    const involuntary = /^nonvoluntary_ctxt_switches:\s*(\d+)/m.exec(s);
    if (!voluntary || !involuntary) return undefined;
    return { voluntary: Number(voluntary[1]), involuntary: Number(involuntary[1]) };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

export function switchesSince(before: Switches | undefined, after: Switches | undefined): Switches | undefined {
  if (!before || !after) return undefined;
  return { voluntary: after.voluntary - before.voluntary, involuntary: after.involuntary - before.involuntary };
}
