// The user's code misbehaving: a task that throws fails its trial with the exception and
// the line in the user's file (the run goes on); one that hangs is ended at timeoutMs with
// its worker; process.exit / os._exit / a crashed interpreter fail the trial with the
// cause. After each, no process the run started is left.
import { describe, expect, it } from 'vitest';
import type { ExperimentInput } from '../../../../src-shared/experiment.ts';
import type { ModelName } from '../../../../src-shared/models.ts';
import { runExperiment } from '../../../../src-main/engine/index.ts';
import { descendants, stillRunningAfter } from '../../helpers/processes.ts';
import { validSpec } from '../../helpers/specs.ts';

async function runCode(language: 'javascript' | 'python', source: string, models: ModelName[], more: Partial<ExperimentInput> = {}) {
  const before = new Set(descendants(process.pid));
  const spec = validSpec({
    workload: { kind: 'code', language, source, file: language === 'python' ? 'work.py' : 'work.js' },
    tasks: 4,
    models,
    concurrency: [2],
    repetitions: 1,
    warmup: 0,
    timeoutMs: 1500,
    ...more,
  });
  const result = await runExperiment(spec);
  const left = descendants(process.pid).filter((pid) => !before.has(pid));
  expect(await stillRunningAfter(left, 2000)).toEqual([]);
  return result;
}

const JS_THROWS = `export default function task(i) {
  if (i === 2) {
    throw new RangeError('no room for ' + i);
  }
  return i;
}
`;

const PY_THROWS = `def task(i):
    if i == 2:
        raise ValueError("no room for %d" % i)
    return i

async def task_async(i):
    return task(i)
`;

describe('a task that throws', () => {
  it('fails each JavaScript trial with the exception and its line in the user\'s file; the run goes on', async () => {
    const result = await runCode('javascript', JS_THROWS, ['sequential', 'async', 'threads', 'processes']);
    expect(result.status).toBe('completed');
    expect(result.trials).toHaveLength(4);
    for (const t of result.trials) {
      expect(t.status, t.model).toBe('failed');
      expect(t.error, t.model).toMatch(/task 2 failed.*: RangeError: no room for 2 \(work\.js:3:11\)/);
    }
  });

  it('fails each Python trial with the exception and its line in the user\'s file; the run goes on', async () => {
    const result = await runCode('python', PY_THROWS, ['py-sequential', 'py-asyncio', 'py-threading', 'py-multiprocessing']);
    expect(result.status).toBe('completed');
    expect(result.trials).toHaveLength(4);
    for (const t of result.trials) {
      expect(t.status, t.model).toBe('failed');
      expect(t.error, t.model).toMatch(/task 2 failed: ValueError: no room for 2 \(work\.py, line 3\)/);
    }
  });
});

describe('a task that hangs', () => {
  it('is ended at timeoutMs with its worker, in every JavaScript model', async () => {
    const source = 'export default function task(i) {\n  if (i === 1) for (;;) {}\n  return i;\n}\n';
    const result = await runCode('javascript', source, ['sequential', 'async', 'threads', 'processes']);
    for (const t of result.trials) {
      expect(t.status, t.model).toBe('timeout');
      expect(t.error, t.model).toMatch(/task 1/);
    }
  });

  it('is ended at timeoutMs with its worker, in every Python model', async () => {
    const source = 'import time\ndef task(i):\n    while i == 1:\n        time.sleep(1)\n\nasync def task_async(i):\n    task(i)\n';
    const result = await runCode('python', source, ['py-sequential', 'py-asyncio', 'py-threading', 'py-multiprocessing']);
    for (const t of result.trials) {
      expect(t.status, t.model).toBe('timeout');
      expect(t.error, t.model).toMatch(/task 1/);
    }
  });
});

describe('a task that ends its process', () => {
  it('process.exit fails the JavaScript trial with the exit code, under every model', async () => {
    const source = 'export default function task(i) {\n  if (i === 1) process.exit(9);\n  return i;\n}\n';
    const result = await runCode('javascript', source, ['sequential', 'async', 'threads', 'processes']);
    expect(result.status).toBe('completed');
    for (const t of result.trials) {
      expect(t.status, t.model).toBe('failed');
      expect(t.error, t.model).toMatch(/exited with code 9/);
    }
  });

  it('os._exit fails the Python trial with the exit code, under every model', async () => {
    const source = 'import os\ndef task(i):\n    if i == 1:\n        os._exit(9)\n\nasync def task_async(i):\n    task(i)\n';
    const result = await runCode('python', source, ['py-sequential', 'py-asyncio', 'py-threading', 'py-multiprocessing']);
    expect(result.status).toBe('completed');
    for (const t of result.trials) {
      expect(t.status, t.model).toBe('failed');
      expect(t.error, t.model).toMatch(/exited with code 9/);
    }
  });

  it('an interpreter crash fails the Python trial with the signal and the user\'s line', async () => {
    const source = 'import ctypes\ndef task(i):\n    if i == 1:\n        ctypes.string_at(0)\n';
    const result = await runCode('python', source, ['py-sequential', 'py-multiprocessing']);
    for (const t of result.trials) {
      expect(t.status, t.model).toBe('failed');
      expect(t.error, t.model).toMatch(/SIGSEGV/);
    }
    // faulthandler names the user's line on stderr, which the sequential trial's error carries.
    expect(result.trials.find((t) => t.model === 'py-sequential')!.error).toMatch(/line 4 in task/);
  });
});

describe('code that cannot start', () => {
  it('fails the trial when setup() throws, naming setup and its line', async () => {
    const source = 'export function setup() {\n  throw new Error("no database");\n}\nexport default function task() {}\n';
    const result = await runCode('javascript', source, ['threads']);
    for (const t of result.trials) {
      expect(t.status).toBe('failed');
      expect(t.error).toMatch(/setup\(\) failed: Error: no database \(work\.js:2:9\)/);
    }
  });

  it('fails py-asyncio, saying why, when there is no task_async', async () => {
    const result = await runCode('python', 'def task(i):\n    return i\n', ['py-asyncio']);
    const t = result.trials.find((x) => x.model === 'py-asyncio')!;
    expect(t.status).toBe('failed');
    expect(t.error).toMatch(/py-asyncio runs async def task_async\(i\), and work\.py has none/);
    expect(result.trials.find((x) => x.model === 'py-sequential')!.status).toBe('ok');
  });
});
