// The engine's speed, measured side by side in one run (issue 2):
// (1) no-op tasks/s through the `threads` model vs piscina with the same thread count;
// (2) CPU speedup at k = logical cores for `threads` and `processes` beside a bare
//     hand-written worker_threads loop on the same primes work;
// (3) start-up ms of a worker thread vs a child process (median of several);
// (4) sleep 50 ms × 100 tasks under `async` k = 100 against the 50 ms ideal.
import { fork } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { validateExperiment, type ExperimentInput } from '../src-shared/experiment.ts';
import type { NodeModel } from '../src-shared/models.ts';
import { median } from '../src-shared/stats.ts';
import { calibrateNode } from '../src-main/engine/calibrate.ts';
import { childProcessLauncher } from '../src-main/engine/launchers/child-process-launcher.ts';
import { NODE_RUNNERS } from '../src-main/engine/runners/index.ts';
import type { TrialOutcome } from '../src-main/engine/types.ts';
import { mustBeSized } from '../src-main/engine/workloads/resolved-workload.ts';

const CORES = availableParallelism();
const REPEATS = 5;
const NOOP_TASKS = 20_000;
const rows: [string, string, string][] = [];

function report(section: string, what: string, value: string) {
  rows.push([section, what, value]);
  console.log(`${section.padEnd(4)} ${what.padEnd(52)} ${value}`);
}

/** One trial straight through a model's runner, as the orchestrator calls it. */
async function trial(model: NodeModel, k: number, tasks: number, workload: ExperimentInput['workload']): Promise<TrialOutcome> {
  const v = validateExperiment({ workload, tasks, models: [model], concurrency: [k], timeoutMs: 120_000 });
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  const outcome = await NODE_RUNNERS[model]({
    spec: v.value, workload: mustBeSized(v.value.workload), model, concurrency: k, tasks, timeoutMs: 120_000,
    signal: new AbortController().signal, onSpans: () => {}, httpUrl: '', tmpDir: '', launcher: childProcessLauncher,
  });
  if (outcome.status !== 'ok') throw new Error(`${model} k=${k}: ${outcome.status}: ${outcome.error}`);
  return outcome;
}

async function medianOf(times: number, fn: () => Promise<number>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < times; i++) xs.push(await fn());
  return median(xs);
}

/**
 * Medians of several measurements taken in interleaved rounds (a, b, c, a, b, c…), so
 * that load from elsewhere on a shared machine hits every contender alike.
 */
async function interleaved<K extends string>(rounds: number, fns: Record<K, () => Promise<number>>): Promise<Record<K, number>> {
  const xs = {} as Record<K, number[]>;
  for (let r = 0; r < rounds; r++) {
    for (const k of Object.keys(fns) as K[]) (xs[k] ??= []).push(await fns[k]());
  }
  const out = {} as Record<K, number>;
  for (const k of Object.keys(fns) as K[]) out[k] = median(xs[k]);
  return out;
}

// ---- (1) no-op throughput: threads model vs piscina, 2 threads each ----
async function noopThroughput() {
  const threads = 2;
  const pool = new Piscina({ filename: new URL('./fixtures/piscina-task.ts', import.meta.url).href, minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
  // Start its threads first: our wall excludes start-up too.
  await Promise.all(Array.from({ length: threads * 4 }, (_, i) => pool.run(i)));
  const { ours, theirs } = await interleaved(REPEATS, {
    ours: async () => NOOP_TASKS / ((await trial('threads', threads, NOOP_TASKS, { kind: 'primes', n: 2 })).wallMs / 1000),
    theirs: async () => {
      const t0 = performance.now();
      await Promise.all(Array.from({ length: NOOP_TASKS }, (_, i) => pool.run(i)));
      return NOOP_TASKS / ((performance.now() - t0) / 1000);
    },
  });
  await pool.destroy();
  report('1', `no-op tasks/s, threads model (${threads} threads)`, `${ours.toFixed(0)}`);
  report('1', `no-op tasks/s, piscina (${threads} threads)`, `${theirs.toFixed(0)}`);
  report('1', 'threads model / piscina', `${(ours / theirs).toFixed(2)}×`);
}

// ---- (2) CPU speedup at k = cores ----
function bareLoop(k: number, n: number, tasks: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const workers = Array.from({ length: k }, () => new Worker(new URL('./fixtures/bare-worker.ts', import.meta.url)));
    let ready = 0;
    let done = 0;
    let t0 = 0;
    for (const w of workers) {
      w.on('error', reject);
      w.on('message', (m) => {
        if (m === 'ready' && ++ready === k) {
          t0 = performance.now();
          // Static shares: the bare loop has no queue, which is the point of comparing.
          workers.forEach((x, j) => x.postMessage({ n, tasks: Math.floor(tasks / k) + (j < tasks % k ? 1 : 0) }));
        } else if (m === 'done' && ++done === k) {
          const ms = performance.now() - t0;
          Promise.all(workers.map((x) => x.terminate())).then(() => resolve(ms), reject);
        }
      });
    }
  });
}

async function cpuSpeedup() {
  const { params, measuredMs } = await calibrateNode('primes', 10);
  const n = params.n;
  const tasks = 8 * CORES;
  const primes = { kind: 'primes' as const, n };
  const m = await interleaved(REPEATS, {
    seq: async () => (await trial('sequential', 1, tasks, primes)).wallMs,
    thr: async () => (await trial('threads', CORES, tasks, primes)).wallMs,
    proc: async () => (await trial('processes', CORES, tasks, primes)).wallMs,
    bare1: () => bareLoop(1, n, tasks),
    bareK: () => bareLoop(CORES, n, tasks),
  });
  const { seq, thr, proc, bare1, bareK } = m;
  report('2', `primes n=${n} (~${measuredMs.toFixed(1)} ms/task), ${tasks} tasks, k = ${CORES} cores`, '');
  report('2', 'sequential model, wall', `${seq.toFixed(0)} ms`);
  report('2', `threads model k=${CORES}, wall / speedup`, `${thr.toFixed(0)} ms / ${(seq / thr).toFixed(2)}×`);
  report('2', `processes model k=${CORES}, wall / speedup`, `${proc.toFixed(0)} ms / ${(seq / proc).toFixed(2)}×`);
  report('2', `bare worker loop k=${CORES}, wall / speedup (vs bare k=1)`, `${bareK.toFixed(0)} ms / ${(bare1 / bareK).toFixed(2)}×`);
  report('2', 'threads model wall / bare loop wall', `${(thr / bareK).toFixed(2)}×`);
}

// ---- (3) start-up: one worker thread vs one child process ----
function bareThreadStartup(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const w = new Worker(new URL('./fixtures/bare-worker.ts', import.meta.url));
    w.once('error', reject);
    w.once('message', () => {
      const ms = performance.now() - t0;
      w.terminate().then(() => resolve(ms), reject);
    });
  });
}

function bareChildStartup(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = fork(new URL('./fixtures/bare-child.ts', import.meta.url), { stdio: 'ignore' });
    child.once('error', reject);
    child.once('message', () => {
      const ms = performance.now() - t0;
      child.once('exit', () => resolve(ms));
    });
  });
}

async function startup() {
  const samples = 7;
  const noop = { kind: 'primes' as const, n: 2 };
  const { poolThread, poolChild, bareThread, bareChild } = await interleaved(samples, {
    poolThread: async () => (await trial('threads', 1, 1, noop)).startupMs,
    poolChild: async () => (await trial('processes', 1, 1, noop)).startupMs,
    bareThread: bareThreadStartup,
    bareChild: bareChildStartup,
  });
  report('3', `start-up, one worker thread (threads pool, median of ${samples})`, `${poolThread.toFixed(1)} ms`);
  report('3', `start-up, one child process (processes pool, median of ${samples})`, `${poolChild.toFixed(1)} ms`);
  report('3', 'child process / worker thread (pools)', `${(poolChild / poolThread).toFixed(2)}×`);
  report('3', 'start-up, bare new Worker → first message', `${bareThread.toFixed(1)} ms`);
  report('3', 'start-up, bare fork → first message', `${bareChild.toFixed(1)} ms`);
}

// ---- (4) 100 sleeps of 50 ms, all in flight on one event loop ----
async function asyncSleeps() {
  const wall = await medianOf(REPEATS, async () => (await trial('async', 100, 100, { kind: 'sleep', ms: 50 })).wallMs);
  report('4', 'async k=100, 100 × sleep 50 ms, wall', `${wall.toFixed(1)} ms`);
  report('4', 'against the 50 ms ideal', `${(wall / 50).toFixed(3)}× (+${(wall - 50).toFixed(1)} ms)`);
}

const t0 = performance.now();
console.log(`engine bench on ${cpus()[0]?.model.trim()}, ${CORES} logical cores, Node ${process.versions.node}\n`);
await noopThroughput();
await cpuSpeedup();
await startup();
await asyncSleeps();
console.log(`\n(${((performance.now() - t0) / 1000).toFixed(1)} s in all)`);
