// The `shared` workload in Node: each task updates one counter `ops` times, in one mode.
// The counter is cell 0 of an Int32Array over a SharedArrayBuffer, cell 1 the lock word:
// for worker threads the parent creates the buffer per trial and hands every worker the
// same one; a loop worker or a child process makes its own (a process shares nothing).
import type { Workload } from '../../../src-shared/experiment.ts';
import type { SharedMode } from '../../../src-shared/shared-state.ts';

export type SharedWorkload = Extract<Workload, { kind: 'shared' }>;

const COUNT = 0;
const LOCK = 1;

/** The buffer one trial's tasks share: [count, lock], both 0. */
export function sharedStateBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
}

/** The final count, read back with an atomic load once every task is done. */
export function readCount(buffer: SharedArrayBuffer): number {
  return Atomics.load(new Int32Array(buffer), COUNT);
}

/** The one mode a trial phase runs: the engine hands each phase its own. */
export function phaseMode(workload: SharedWorkload): SharedMode {
  if (workload.modes.length !== 1) throw new Error(`a shared trial runs one mode at a time, got ${workload.modes.join(', ')}`);
  return workload.modes[0];
}

// A lock word over Atomics.wait/notify (Drepper's "futexes are tricky", mutex 2):
// 0 free, 1 held, 2 held with waiters, so an unlock with nobody waiting makes no wake call.
function lock(cells: Int32Array): void {
  let c = Atomics.compareExchange(cells, LOCK, 0, 1);
  if (c === 0) return;
  if (c !== 2) c = Atomics.exchange(cells, LOCK, 2);
  while (c !== 0) {
    Atomics.wait(cells, LOCK, 2);
    c = Atomics.exchange(cells, LOCK, 2);
  }
}

function unlock(cells: Int32Array): void {
  if (Atomics.sub(cells, LOCK, 1) !== 1) {
    Atomics.store(cells, LOCK, 0);
    Atomics.notify(cells, LOCK, 1);
  }
}

// Kept out of line on purpose: it is the call between the read and the write.
function inc(t: number): number {
  return t + 1;
}

export type SharedTaskFn = ((task: number) => Promise<void> | void) & {
  /** This worker's view of the counter now (its own count, in a process). */
  count(): number;
};

/** One task of a shared workload on `buffer` (made here when the worker shares none). */
export function prepareSharedTask(workload: SharedWorkload, buffer: SharedArrayBuffer = sharedStateBuffer()): SharedTaskFn {
  const cells = new Int32Array(buffer);
  const { ops, spelling } = workload;
  const mode = phaseMode(workload);
  let run: (task: number) => Promise<void> | void;
  switch (mode) {
    case 'unsafe':
      // Plain (non-atomic) reads and writes of shared memory: a data race, exactly as written.
      run =
        spelling === 'inline'
          ? () => {
              for (let i = 0; i < ops; i++) {
                let t = cells[COUNT];
                t = t + 1;
                cells[COUNT] = t;
              }
            }
          : () => {
              for (let i = 0; i < ops; i++) {
                let t = cells[COUNT];
                t = inc(t);
                cells[COUNT] = t;
              }
            };
      break;
    case 'locked':
      run = () => {
        for (let i = 0; i < ops; i++) {
          lock(cells);
          let t = cells[COUNT];
          t = spelling === 'inline' ? t + 1 : inc(t);
          cells[COUNT] = t;
          unlock(cells);
        }
      };
      break;
    case 'atomic':
      run = () => {
        for (let i = 0; i < ops; i++) Atomics.add(cells, COUNT, 1);
      };
      break;
    case 'yield-inside':
      // The one way cooperative code loses updates: it gives up control between its read and its write.
      run = async () => {
        for (let i = 0; i < ops; i++) {
          let t = cells[COUNT];
          await null;
          t = spelling === 'inline' ? t + 1 : inc(t);
          cells[COUNT] = t;
        }
      };
      break;
  }
  return Object.assign(run, { count: () => Atomics.load(cells, COUNT) });
}
