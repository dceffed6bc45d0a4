// Check before run: a syntax error is found at its line and column, in JavaScript
// (node --check) and Python (compile), and the entry points are found.
import { describe, expect, it } from 'vitest';
import { checkCode, describeProblems } from '../../../../src-main/engine/code/check-code.ts';

describe('checking JavaScript', () => {
  it('finds a syntax error at its line and column', async () => {
    const result = await checkCode({ language: 'javascript', source: 'export default function task(i) {\n  return i +;\n}\n', file: 'work.js' });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ line: 2, column: 13, message: "SyntaxError: Unexpected token ';'" }]);
    expect(describeProblems('work.js', result.problems)).toBe("work.js:2:13: SyntaxError: Unexpected token ';'");
  });

  it('finds the default export, whether it is async, and setup', async () => {
    expect(await checkCode({ language: 'javascript', source: 'export function setup() {}\nexport default async function task(i) { return i; }\n' })).toEqual({
      ok: true,
      problems: [],
      has: { task: true, taskAsync: true, setup: true },
      taskIsAsync: true,
    });
    expect(await checkCode({ language: 'javascript', source: 'export default (i) => i * i;\n' })).toMatchObject({ ok: true, taskIsAsync: false });
  });

  it('says so when there is no default export to call', async () => {
    const result = await checkCode({ language: 'javascript', source: 'export function task(i) { return i; }\n', file: 'work.js' });
    expect(result.ok).toBe(false);
    expect(result.problems[0].message).toMatch(/work\.js has no default export/);
  });
});

describe('checking Python', () => {
  it('finds a syntax error at its line and column, running nothing', async () => {
    const result = await checkCode({ language: 'python', source: 'import os\nos._exit(3)\ndef task(i):\n    return i +\n', file: 'work.py' });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ line: 4, column: 15, message: 'SyntaxError: invalid syntax' }]);
  });

  it('finds task, task_async and setup without running the file', async () => {
    const source = 'import os\nos._exit(3)\ndef setup():\n    pass\ndef task(i):\n    return i\nasync def task_async(i):\n    return i\n';
    expect(await checkCode({ language: 'python', source })).toEqual({ ok: true, problems: [], has: { task: true, taskAsync: true, setup: true } });
  });

  it('says so when there is no def task, or task is async', async () => {
    expect((await checkCode({ language: 'python', source: 'x = 1\n', file: 'work.py' })).problems[0].message).toMatch(/work\.py defines no def task\(i\)/);
    const asyncTask = await checkCode({ language: 'python', source: 'async def task(i):\n    pass\n' });
    expect(asyncTask.problems).toEqual([{ line: 1, column: 1, message: 'task must be a plain def: write async def task_async(i) for py-asyncio' }]);
  });
});
