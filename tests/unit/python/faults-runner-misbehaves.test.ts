// An interpreter that prints garbage, exits early or goes silent: the trial fails
// (or times out) with the cause and the tail of stderr, and the process is ended.
import { describe, expect, it } from 'vitest';
import { runPythonTrialWith } from '../../../src-main/engine/python/python-runner.ts';
import { fixture, pyTrial } from './helpers.ts';
import { stillRunningAfter } from '../helpers/processes.ts';

async function runWith(executable: string, timeoutMs = 30_000) {
  const ctx = pyTrial('py-threading', { kind: 'sleep', ms: 1 }, { tasks: 2, timeoutMs, python: { executable } });
  let pid: number | undefined;
  try {
    const outcome = await runPythonTrialWith(ctx, { onSpawn: (p) => (pid = p) });
    return { ...outcome, left: pid === undefined ? [] : await stillRunningAfter([pid], 1000) };
  } finally {
    ctx.cleanup();
  }
}

describe('a runner that misbehaves', () => {
  it('fails on a line that is not protocol, quoting it and the stderr tail', async () => {
    const outcome = await runWith(fixture('prints-garbage'));
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/^the Python runner printed something that is not protocol: hello, this is not JSON/);
    expect(outcome.error).toMatch(/stderr:\nthe runner's stderr says hello/);
    // It went on sleeping after the garbage: it was killed, not waited for.
    expect(outcome.left).toEqual([]);
  });

  it('fails when the runner exits early, with its exit code and stderr tail', async () => {
    const outcome = await runWith(fixture('exits-3'));
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/^the Python runner exited with code 3 before the trial finished/);
    expect(outcome.error).toMatch(/stderr:\nsomething went badly wrong/);
  });

  it('times out a runner that goes silent, and kills it', async () => {
    const outcome = await runWith(fixture('hangs'), 200);
    expect(outcome.status).toBe('timeout');
    expect(outcome.error).toMatch(/gave no sign of life/);
    expect(outcome.left).toEqual([]);
  });

  it('fails with the reason when the interpreter does not exist', async () => {
    const outcome = await runWith('/nonexistent/python3');
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/\/nonexistent\/python3 not found: install Python 3\.9\+/);
  });
});
