// The user's own function, JavaScript and Python, runs under every model of its runtime:
// each task exactly once, in workers (never the test's own thread), setup() once per
// worker, and the spec as run keeps the source and its SHA-256.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NODE_MODELS, PYTHON_MODELS } from '../../../../src-shared/models.ts';
import { withSpanObjects, type TrialResult } from '../../../../src-shared/result.ts';
import { runExperiment } from '../../../../src-main/engine/index.ts';
import { validSpec } from '../../helpers/specs.ts';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lab-code-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Lines "kind pid thread-or-main i" each task (and each setup) appended to the log. */
function readLog(): string[][] {
  try {
    return readFileSync(join(dir, 'log'), 'utf8').trim().split('\n').map((l) => l.split(' '));
  } catch {
    return [];
  }
}

const jsSource = (log: string) => `import { appendFileSync } from 'node:fs';
import { isMainThread, threadId } from 'node:worker_threads';
const log = ${JSON.stringify(log)};
export function setup() {
  appendFileSync(log, \`setup \${process.pid} \${isMainThread ? 'main' : threadId} -\\n\`);
}
export default async function task(i) {
  await new Promise((r) => setTimeout(r, 2));
  appendFileSync(log, \`task \${process.pid} \${isMainThread ? 'main' : threadId} \${i}\\n\`);
  return i * i;
}
`;

const pySource = (log: string) => `import os, threading, asyncio
LOG = ${JSON.stringify(log)}
def write(kind, i):
    with open(LOG, "a") as f:
        f.write("%s %d %d %s\\n" % (kind, os.getpid(), threading.get_native_id(), i))
def setup():
    write("setup", "-")
def task(i):
    write("task", i)
    return sum(x * x for x in range(1000))
async def task_async(i):
    await asyncio.sleep(0.002)
    write("task", i)
`;

describe('a JavaScript function', () => {
  it.each(NODE_MODELS)('runs under %s: every task once, in workers, setup once per worker', async (model) => {
    const source = jsSource(join(dir, 'log'));
    const spec = validSpec({ workload: { kind: 'code', language: 'javascript', source }, tasks: 6, models: [model], concurrency: [2], repetitions: 1, warmup: 0 });
    // The engine hands each trial's spans on (trial-data) and keeps its figures.
    const handed: TrialResult[] = [];
    const result = await runExperiment(spec, { onEvent: (e) => e.type === 'trial-data' && handed.push(withSpanObjects(e.trial)) });
    const trials = handed.filter((t) => t.model === model);
    expect(trials.map((t) => [t.status, t.error])).toEqual([['ok', undefined]]);
    expect(trials[0].spans.map((s) => s.task).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);

    const lines = readLog();
    // The sequential baseline runs too when the model is not sequential: its tasks are in the log as well.
    const tasks = lines.filter((l) => l[0] === 'task');
    expect(tasks.length).toBe(model === 'sequential' ? 6 : 12);
    // No task (nor setup) ran on the orchestrator's own thread.
    expect(lines.some((l) => Number(l[1]) === process.pid && l[2] === 'main')).toBe(false);
    const setups = lines.filter((l) => l[0] === 'setup');
    // One per worker: the loop worker of sequential/async, each of k = 2 threads or processes.
    const expected = { sequential: 1, async: 2, threads: 3, processes: 3 }[model];
    expect(setups.length).toBe(expected);

    expect(result.experiment.workload).toMatchObject({ kind: 'code', source, sha256: createHash('sha256').update(source).digest('hex') });
  });
});

describe('a Python function', () => {
  it.each(PYTHON_MODELS)('runs under %s: every task once, outside the lab\'s process, setup once per worker', async (model) => {
    const source = pySource(join(dir, 'log'));
    const spec = validSpec({
      workload: { kind: 'code', language: 'python', source },
      tasks: 6,
      models: [model],
      concurrency: [2],
      repetitions: 1,
      warmup: 0,
      // spawn: the children import the user's file by its path, as the issue asks.
      ...(model === 'py-multiprocessing' ? { python: { startMethod: 'spawn' as const } } : {}),
    });
    const handed: TrialResult[] = [];
    const result = await runExperiment(spec, { onEvent: (e) => e.type === 'trial-data' && handed.push(withSpanObjects(e.trial)) });
    const trial = handed.find((t) => t.model === model)!;
    expect([trial.status, trial.error]).toEqual(['ok', undefined]);
    expect(trial.spans.map((s) => s.task).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    const lines = readLog();
    expect(lines.every((l) => Number(l[1]) !== process.pid)).toBe(true);
    if (model === 'py-multiprocessing') {
      // setup() runs once in each process before its first task: the baseline's runner and the
      // 2 workers, three processes. Which worker takes which task is the pool's choice (one may
      // take them all), so tasks are only checked to run in those processes.
      const setupPids = new Set(lines.filter((l) => l[0] === 'setup').map((l) => l[1]));
      expect(setupPids.size).toBe(3);
      for (const l of lines.filter((x) => x[0] === 'task')) expect(setupPids).toContain(l[1]);
    }
    const setups = lines.filter((l) => l[0] === 'setup').length;
    expect(setups).toBe({ 'py-sequential': 1, 'py-asyncio': 2, 'py-threading': 3, 'py-multiprocessing': 3 }[model]);
    expect(result.experiment.workload).toMatchObject({ sha256: createHash('sha256').update(source).digest('hex') });
  });

  it('reads the source from a file, and keeps it in the spec as run', async () => {
    const { writeFileSync } = await import('node:fs');
    const file = join(dir, 'task.py');
    writeFileSync(file, 'def task(i):\n    return i\n');
    const spec = validSpec({ workload: { kind: 'code', language: 'python', file }, tasks: 2, models: ['py-sequential'], concurrency: [1], repetitions: 1, warmup: 0 });
    const result = await runExperiment(spec);
    expect(result.trials[0].status).toBe('ok');
    expect(result.experiment.workload).toMatchObject({ file, source: 'def task(i):\n    return i\n' });
  });
});
