// "Try once" runs task(0) in a worker (JavaScript) or the runner (Python), never in this
// thread, and tells its time and abbreviated result, its exception with the line, or
// that it hung or crashed (its worker ended either way).
import { isMainThread, threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { tryCode } from '../../../../src-main/engine/code/try-code.ts';

describe('Try once, JavaScript', () => {
  it('returns the time and the abbreviated result, from a worker thread', async () => {
    const source = "import { isMainThread, threadId } from 'node:worker_threads';\nexport default (i) => ({ i, main: isMainThread, thread: threadId, big: 'x'.repeat(500) });\n";
    const result = await tryCode({ language: 'javascript', source });
    expect(result.outcome).toBe('ok');
    expect(result.ms).toBeGreaterThanOrEqual(0);
    expect(result.result).toMatch(/^\{ i: 0, main: false, thread: \d+/);
    expect(result.result).not.toContain(`thread: ${threadId},`);
    expect(result.result!.length).toBeLessThanOrEqual(201);
    expect(isMainThread).toBe(true);
  });

  it('runs setup first and awaits an async task, finding the lab\'s loopback server in LAB_HTTP_URL', async () => {
    const source = 'let url;\nexport function setup() { url = `${process.env.LAB_HTTP_URL}?latencyMs=1&bytes=7`; }\nexport default async function task(i) {\n  const r = await fetch(url);\n  return (await r.arrayBuffer()).byteLength;\n}\n';
    expect(await tryCode({ language: 'javascript', source })).toMatchObject({ outcome: 'ok', result: '7', async: true });
  });

  it('reports the exception with its line in the user\'s file', async () => {
    const result = await tryCode({ language: 'javascript', source: 'export default function task(i) {\n  return i.nope.deeper;\n}\n', file: 'work.js' });
    expect(result.outcome).toBe('error');
    expect(result.error).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'deeper'\) \(work\.js:2:17\)$/);
  });

  it('ends a task that hangs at the cap, and one that exits is reported as crashed', async () => {
    expect(await tryCode({ language: 'javascript', source: 'export default () => { for (;;) {} };\n', timeoutMs: 500 })).toMatchObject({ outcome: 'timeout', ms: null });
    expect(await tryCode({ language: 'javascript', source: 'export default () => process.exit(4);\n' })).toMatchObject({ outcome: 'crashed', error: expect.stringMatching(/exited with code 4/) });
  });
});

describe('Try once, Python', () => {
  it('returns the time and the repr of the result', async () => {
    const result = await tryCode({ language: 'python', source: 'def task(i):\n    return sum(x * x for x in range(1000))\n' });
    expect(result).toMatchObject({ outcome: 'ok', result: '332833500', async: false });
    expect(result.ms).toBeGreaterThan(0);
  });

  it('reports the exception with its line, and a crash with its cause', async () => {
    expect(await tryCode({ language: 'python', source: 'def task(i):\n    return {}["k"]\n', file: 'work.py' })).toMatchObject({
      outcome: 'error',
      error: "KeyError: 'k' (work.py, line 2)",
    });
    const crashed = await tryCode({ language: 'python', source: 'import os\ndef task(i):\n    os._exit(5)\n' });
    expect(crashed).toMatchObject({ outcome: 'crashed', error: expect.stringMatching(/exited with code 5/) });
    expect(await tryCode({ language: 'python', source: 'import time\ndef task(i):\n    time.sleep(60)\n', timeoutMs: 800 })).toMatchObject({ outcome: 'timeout' });
  });
});
