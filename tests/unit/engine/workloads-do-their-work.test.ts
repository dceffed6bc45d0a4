// Each workload does the work it names, the same way in every model.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer } from '../../../src-main/engine/http-server.ts';
import { countPrimesBelow } from '../../../src-main/engine/workloads/primes.ts';
import { runTask } from '../../../src-main/engine/workloads/run-task.ts';
import { mustBeSized, sizedWorkload, type ResolvedWorkload } from '../../../src-main/engine/workloads/resolved-workload.ts';
import { httpGet, httpTaskUrl } from '../../../src-main/engine/workloads/http.ts';
import { validateExperiment, type ExperimentInput, type Workload } from '../../../src-shared/experiment.ts';
import { trialContext } from './helpers.ts';

function parsedWorkload(input: ExperimentInput['workload']): Workload {
  const parsed = validateExperiment({ workload: input, tasks: 1, models: ['sequential'], concurrency: [1] });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value.workload;
}

function workload(input: ExperimentInput['workload']): ResolvedWorkload {
  return mustBeSized(parsedWorkload(input));
}

let server: Awaited<ReturnType<typeof startLoopbackServer>>;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());

describe('workloads', () => {
  it('primes counts the primes below n', () => {
    expect(countPrimesBelow(2)).toBe(0);
    expect(countPrimesBelow(3)).toBe(1);
    expect(countPrimesBelow(100)).toBe(25);
    expect(countPrimesBelow(10_000)).toBe(1229);
  });

  it('file writes, reads back and deletes its file', async () => {
    const ctx = trialContext('sequential', { kind: 'file', bytes: 10_000 });
    const env = { httpUrl: server.url, tmpDir: ctx.tmpDir };
    const w = workload({ kind: 'file', bytes: 10_000 });
    await runTask(w, env, 0);
    await runTask(w, env, 1);
    expect(readdirSync(ctx.tmpDir)).toEqual([]);
    ctx.cleanup();
  });

  it('http reads the whole body and checks its size', async () => {
    await expect(httpGet(httpTaskUrl(server.url, 0, 5000), 5000)).resolves.toBeUndefined();
    await expect(httpGet(httpTaskUrl(server.url, 0, 5000), 4000)).rejects.toThrow(/returned 5000 bytes, expected 4000/);
  });

  it('every kind runs through runTask', async () => {
    const ctx = trialContext('sequential', { kind: 'sleep', ms: 0 });
    const env = { httpUrl: server.url, tmpDir: ctx.tmpDir };
    for (const input of [
      { kind: 'primes', n: 100 },
      { kind: 'hash', bytes: 100, rounds: 2 },
      { kind: 'sleep', ms: 0 },
      { kind: 'http', latencyMs: 0, bytes: 10 },
      { kind: 'file', bytes: 10 },
      { kind: 'mixed', cpuMs: 1, n: 100, waitMs: 0 },
    ] as const) {
      await expect(runTask(workload(input), env, 0)).resolves.toBeUndefined();
    }
    ctx.cleanup();
  });

  it('names the size calibration should have filled in; a mixed task with no CPU part needs none', () => {
    const missing = (input: ExperimentInput['workload']) => {
      const sized = sizedWorkload(parsedWorkload(input));
      return sized.ok ? undefined : sized.missing;
    };
    expect(missing({ kind: 'primes', taskMs: 5 })).toMatch(/workload\.n is not set/);
    expect(missing({ kind: 'hash', taskMs: 5 })).toMatch(/workload\.bytes and workload\.rounds/);
    expect(missing({ kind: 'hash', taskMs: 5, bytes: 100 })).toMatch(/workload\.bytes and workload\.rounds/);
    expect(missing({ kind: 'mixed', cpuMs: 5, waitMs: 1 })).toMatch(/workload\.n is not set/);
    expect(sizedWorkload(parsedWorkload({ kind: 'mixed', cpuMs: 0, waitMs: 1 }))).toEqual({ ok: true, workload: { kind: 'mixed', cpuMs: 0, waitMs: 1, n: 2 } });
    expect(sizedWorkload(parsedWorkload({ kind: 'sleep', ms: 1 }))).toEqual({ ok: true, workload: { kind: 'sleep', ms: 1 } });
    expect(() => mustBeSized(parsedWorkload({ kind: 'primes', taskMs: 5 }))).toThrow(/workload\.n is not set/);
  });

  it('the compiler refuses a workload calibration has not sized where tasks run', () => {
    const unsized: Workload = { kind: 'primes', taskMs: 5 };
    // @ts-expect-error a Workload may lack n; ResolvedWorkload may not (npm run typecheck fails if this ever compiles)
    const runnable: ResolvedWorkload = unsized;
    expect(sizedWorkload(runnable).ok).toBe(false);
  });
});
