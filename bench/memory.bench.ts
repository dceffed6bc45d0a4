// Memory per worker, by model: what src-shared/resources.ts assumes (WORKER_MEMORY), measured
// here on this machine so the figures can be checked and re-taken. Each pool runs real
// members of the lab (idle after their ready handshake, workload sleep 0):
//  - thread: the growth of this process's RSS when a pool of K threads starts, divided by K;
//  - Node child: the mean proportional set size (Pss: shared pages split among sharers) and
//    RSS of K process-child processes;
//  - Python process: the same of K py-multiprocessing workers (spawn), read mid-trial;
//  - Python thread: the growth of the runner's RSS from k = 1 to k = K py-threading, / (K − 1).
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { validateExperiment } from '../src-shared/experiment.ts';
import type { PythonModel } from '../src-shared/models.ts';
import { childProcessLauncher } from '../src-main/engine/launchers/child-process-launcher.ts';
import { processPool } from '../src-main/engine/pools/process-pool.ts';
import { threadPool } from '../src-main/engine/pools/thread-pool.ts';
import { runPythonTrialWith } from '../src-main/engine/python/python-runner.ts';
import { mustBeSized } from '../src-main/engine/workloads/resolved-workload.ts';

const K = 8;
const MiB = 1024 * 1024;
const init = { type: 'init' as const, workload: { kind: 'sleep' as const, ms: 0 }, env: { httpUrl: '', tmpDir: tmpdir() } };

function memoryOf(pid: number): { pss: number; rss: number } {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { pss: kb('Pss'), rss: kb('Rss') };
}

function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

async function threads(): Promise<void> {
  globalThis.gc?.();
  const before = memoryOf(process.pid).rss;
  const pool = threadPool(K, init);
  const started = await pool.start(new AbortController().signal, 60_000);
  if (started.status !== 'ok') throw new Error(`threads: ${JSON.stringify(started)}`);
  const after = memoryOf(process.pid).rss;
  await pool.close(false);
  console.log(`thread          RSS growth per thread ${mib((after - before) / K)}  (pool of ${K})`);
}

async function nodeChildren(): Promise<void> {
  const pool = processPool(K, init, childProcessLauncher);
  const started = await pool.start(new AbortController().signal, 60_000);
  if (started.status !== 'ok') throw new Error(`processes: ${JSON.stringify(started)}`);
  const kids = childrenOf(process.pid).map(memoryOf);
  await pool.close(false);
  const mean = (f: (m: { pss: number; rss: number }) => number) => kids.reduce((a, m) => a + f(m), 0) / kids.length;
  console.log(`Node child      Pss ${mib(mean((m) => m.pss))}, RSS ${mib(mean((m) => m.rss))}  (mean of ${kids.length})`);
}

async function python(model: PythonModel, k: number, ms: number): Promise<{ runner: { pss: number; rss: number }; workers: { pss: number; rss: number }[] }> {
  const v = validateExperiment({ workload: { kind: 'sleep', ms }, tasks: k, models: [model], concurrency: [k], python: { startMethod: 'spawn' } });
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  let runnerPid = 0;
  let sample: { runner: { pss: number; rss: number }; workers: { pss: number; rss: number }[] } | undefined;
  const outcome = await runPythonTrialWith(
    {
      spec: v.value, workload: mustBeSized(v.value.workload), model, concurrency: k, tasks: k, timeoutMs: 60_000,
      signal: new AbortController().signal, onSpans: () => {}, httpUrl: '', tmpDir: tmpdir(), launcher: childProcessLauncher,
    },
    {
      onReady: (r) => (runnerPid = r.pid),
      onStarted: (s) => {
        // Mid-trial: every task sleeps, every worker is up.
        setTimeout(() => {
          sample = { runner: memoryOf(runnerPid), workers: s.workers.filter((w) => w.pid !== runnerPid).map((w) => memoryOf(w.pid)) };
        }, ms / 2);
      },
    },
  );
  if (outcome.status !== 'ok' || !sample) throw new Error(`${model}: ${outcome.status} ${outcome.error ?? ''}`);
  return sample;
}

await threads();
await nodeChildren();
const mp = await python('py-multiprocessing', K, 2000);
const mean = (ms: { pss: number; rss: number }[], f: (m: { pss: number; rss: number }) => number) => ms.reduce((a, m) => a + f(m), 0) / ms.length;
console.log(`Python process  Pss ${mib(mean(mp.workers, (m) => m.pss))}, RSS ${mib(mean(mp.workers, (m) => m.rss))}  (mean of ${mp.workers.length} spawn workers; runner RSS ${mib(mp.runner.rss)})`);
const one = await python('py-threading', 1, 2000);
const many = await python('py-threading', 64, 2000);
console.log(`Python thread   RSS growth per thread ${((many.runner.rss - one.runner.rss) / 63 / 1024).toFixed(0)} KiB  (runner at k = 1: ${mib(one.runner.rss)}, k = 64: ${mib(many.runner.rss)})`);
