// The classic table in CPython, measured side by side in one run (issue 6):
// (1) CPU-bound speedup of py-threading (≈ 1 under the GIL) and py-multiprocessing
//     (≈ logical cores) at k = logical cores, with asyncio beside them (≈ 1);
// (2) IO-bound speedup of py-asyncio and py-threading at k = 8 on sleep and on loopback
//     HTTP (≈ k);
// (3) pool start-up: Python threads vs processes (default start method, and spawn);
// (4) the same primes work in Node and in Python, sequentially.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { validateExperiment, type ExperimentInput } from '../src-shared/experiment.ts';
import type { NodeModel, PythonModel } from '../src-shared/models.ts';
import { median } from '../src-shared/stats.ts';
import { startLoopbackServer } from '../src-main/engine/http-server.ts';
import { childProcessLauncher } from '../src-main/engine/launchers/child-process-launcher.ts';
import { calibratePython, detectPython, runPythonTrial } from '../src-main/engine/python/index.ts';
import { NODE_RUNNERS } from '../src-main/engine/runners/index.ts';
import type { TrialOutcome } from '../src-main/engine/types.ts';
import { mustBeSized } from '../src-main/engine/workloads/resolved-workload.ts';

const CORES = availableParallelism();
// CPU cells are short and the machine shared: more rounds there; IO waits are steady.
const CPU_ROUNDS = 5;
const IO_ROUNDS = 3;
const IO_K = 8;

function report(section: string, what: string, value: string) {
  console.log(`${section.padEnd(4)} ${what.padEnd(60)} ${value}`);
}

type Model = PythonModel | NodeModel;

/** One trial straight through the model's runner, as the orchestrator calls it. */
async function trial(
  model: Model,
  k: number,
  tasks: number,
  workload: ExperimentInput['workload'],
  options: { httpUrl?: string; startMethod?: 'spawn' | 'fork' | 'forkserver' } = {},
): Promise<TrialOutcome> {
  const v = validateExperiment({
    workload, tasks, models: [model], concurrency: [k], timeoutMs: 120_000,
    ...(options.startMethod ? { python: { startMethod: options.startMethod } } : {}),
  });
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  const runner = model.startsWith('py-') ? runPythonTrial : NODE_RUNNERS[model as NodeModel];
  const outcome = await runner({
    spec: v.value, workload: mustBeSized(v.value.workload), model, concurrency: k, tasks, timeoutMs: 120_000,
    signal: new AbortController().signal, onSpans: () => {}, httpUrl: options.httpUrl ?? '', tmpDir: '',
    launcher: childProcessLauncher,
  });
  if (outcome.status !== 'ok') throw new Error(`${model} k=${k}: ${outcome.status}: ${outcome.error}`);
  return outcome;
}

/**
 * Medians over interleaved rounds (a, b, c, a, b, c…), so load from elsewhere on a
 * shared machine hits every contender alike.
 */
async function interleaved<K extends string>(rounds: number, fns: Record<K, () => Promise<number>>): Promise<Record<K, number>> {
  const xs = {} as Record<K, number[]>;
  for (let r = 0; r < rounds; r++) {
    for (const key of Object.keys(fns) as K[]) (xs[key] ??= []).push(await fns[key]());
  }
  const out = {} as Record<K, number>;
  for (const key of Object.keys(fns) as K[]) out[key] = median(xs[key]);
  return out;
}

const x = (ratio: number) => `${ratio.toFixed(2)}×`;
const ms = (v: number) => `${v.toFixed(1)} ms`;

const detected = await detectPython();
if (!detected.ok) {
  console.log(`skipped: ${detected.reason}`);
  process.exit(0);
}
const info = detected.info;
console.log(
  `${info.implementation} ${info.version} (${info.executable}), GIL ${info.gilEnabled === false ? 'off' : info.gilEnabled ? 'on' : 'on (before 3.13)'}, ${CORES} logical cores; medians of ${CPU_ROUNDS} (CPU) / ${IO_ROUNDS} (IO) interleaved rounds\n`,
);
const started = performance.now();

// (1) CPU-bound: pure-Python primes sized to ~20 ms per task in Python.
const { params } = await calibratePython('primes', 20);
const cpu: ExperimentInput['workload'] = { kind: 'primes', n: params.n };
const cpuTasks = 8 * CORES;
const c = await interleaved(CPU_ROUNDS, {
  seq: async () => (await trial('py-sequential', 1, cpuTasks, cpu)).wallMs,
  asyncio: async () => (await trial('py-asyncio', CORES, cpuTasks, cpu)).wallMs,
  threading: async () => (await trial('py-threading', CORES, cpuTasks, cpu)).wallMs,
  multiprocessing: async () => (await trial('py-multiprocessing', CORES, cpuTasks, cpu)).wallMs,
});
report('(1)', `CPU: primes below ${params.n} ×${cpuTasks}, py-sequential wall`, ms(c.seq));
report('', `py-asyncio k=${CORES} speedup (expect ≈ 1: never awaits)`, x(c.seq / c.asyncio));
report('', `py-threading k=${CORES} speedup (expect ≈ 1 under the GIL)`, x(c.seq / c.threading));
report('', `py-multiprocessing k=${CORES} speedup (expect ≈ ${CORES} cores)`, x(c.seq / c.multiprocessing));

// (2) IO-bound: timers, then real requests to the engine's loopback server.
const ioTasks = 4 * IO_K;
const sleep: ExperimentInput['workload'] = { kind: 'sleep', ms: 20 };
const s = await interleaved(IO_ROUNDS, {
  seq: async () => (await trial('py-sequential', 1, ioTasks, sleep)).wallMs,
  asyncio: async () => (await trial('py-asyncio', IO_K, ioTasks, sleep)).wallMs,
  threading: async () => (await trial('py-threading', IO_K, ioTasks, sleep)).wallMs,
});
report('(2)', `IO: sleep 20 ms ×${ioTasks}, py-sequential wall`, ms(s.seq));
report('', `py-asyncio k=${IO_K} speedup (expect ≈ ${IO_K})`, x(s.seq / s.asyncio));
report('', `py-threading k=${IO_K} speedup (expect ≈ ${IO_K})`, x(s.seq / s.threading));
const server = await startLoopbackServer();
try {
  const http: ExperimentInput['workload'] = { kind: 'http', latencyMs: 20, bytes: 1024 };
  const h = await interleaved(IO_ROUNDS, {
    seq: async () => (await trial('py-sequential', 1, ioTasks, http, { httpUrl: server.url })).wallMs,
    asyncio: async () => (await trial('py-asyncio', IO_K, ioTasks, http, { httpUrl: server.url })).wallMs,
    threading: async () => (await trial('py-threading', IO_K, ioTasks, http, { httpUrl: server.url })).wallMs,
  });
  report('', `IO: HTTP GET, 20 ms latency ×${ioTasks}, py-sequential wall`, ms(h.seq));
  report('', `py-asyncio k=${IO_K} speedup (expect ≈ ${IO_K})`, x(h.seq / h.asyncio));
  report('', `py-threading k=${IO_K} speedup (expect ≈ ${IO_K})`, x(h.seq / h.threading));
} finally {
  await server.close();
}

// (3) Start-up of the pool alone: one no-op task per worker.
const noop: ExperimentInput['workload'] = { kind: 'sleep', ms: 0 };
const u = await interleaved(5, {
  threads: async () => (await trial('py-threading', CORES, CORES, noop)).startupMs,
  processes: async () => (await trial('py-multiprocessing', CORES, CORES, noop)).startupMs,
  spawn: async () => (await trial('py-multiprocessing', CORES, CORES, noop, { startMethod: 'spawn' })).startupMs,
});
const method = execFileSync(info.executable, ['-c', 'import multiprocessing as m; print(m.get_start_method())'], { encoding: 'utf8' }).trim();
report('(3)', `start-up of ${CORES} Python threads (median of 5)`, ms(u.threads));
report('', `start-up of ${CORES} Python processes, ${method} (default)`, `${ms(u.processes)}  (${x(u.processes / u.threads)} threads)`);
report('', `start-up of ${CORES} Python processes, spawn`, `${ms(u.spawn)}  (${x(u.spawn / u.threads)} threads)`);

// (4) The same work in both runtimes, one task after another.
const same: ExperimentInput['workload'] = { kind: 'primes', n: params.n };
const r = await interleaved(CPU_ROUNDS, {
  node: async () => (await trial('sequential', 1, cpuTasks, same)).wallMs,
  python: async () => (await trial('py-sequential', 1, cpuTasks, same)).wallMs,
});
report('(4)', `primes below ${params.n} ×${cpuTasks}, sequential: Node / Python wall`, `${ms(r.node)} / ${ms(r.python)}  (Python ${x(r.python / r.node)} slower)`);

console.log(`\n${((performance.now() - started) / 1000).toFixed(1)} s`);
