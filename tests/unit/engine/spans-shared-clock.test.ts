// Spans from every thread and process of a trial are read on one clock
// (CLOCK_MONOTONIC through process.hrtime.bigint()), so they land on one timeline.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { childProcessLauncher } from '../../../src-main/engine/launchers/child-process-launcher.ts';
import { NODE_RUNNERS } from '../../../src-main/engine/runners/index.ts';
import { nowNs } from '../../../src-main/engine/clock.ts';
import { spanProblems, trialContext } from './helpers.ts';

const CLOCK_READER =
  'const m = { ns: process.hrtime.bigint() }; process.send ? process.send(m) : require("node:worker_threads").parentPort.postMessage(m);';

describe('the shared clock', () => {
  it('a child process reads the same clock as its parent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-clock-'));
    const file = join(dir, 'read-clock.cjs');
    writeFileSync(file, CLOCK_READER);
    try {
      const before = nowNs();
      const child = childProcessLauncher.launch(file, { name: 'clock reader' });
      const reading = await new Promise<bigint>((resolve, reject) => {
        child.onMessage((m) => resolve((m as { ns: bigint }).ns));
        child.onExit((code, _signal, error) => reject(new Error(`clock reader exited with ${code}: ${error?.message}`)));
      });
      const after = nowNs();
      child.kill();
      // A different clock (wall time, a per-process origin) would land far outside this window.
      expect(reading > before && reading < after).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a worker thread reads the same clock as its parent', async () => {
    const before = nowNs();
    const worker = new Worker(CLOCK_READER, { eval: true });
    const reading = await new Promise<bigint>((resolve, reject) => {
      worker.once('message', (m: { ns: bigint }) => resolve(m.ns));
      worker.once('error', reject);
    });
    const after = nowNs();
    await worker.terminate();
    expect(reading > before && reading < after).toBe(true);
  });

  it.each(['threads', 'processes'] as const)('%s: every span falls inside its trial', async (model) => {
    const tasks = 12;
    const ctx = trialContext(model, { kind: 'sleep', ms: 3 }, { tasks, concurrency: 3 });
    const outcome = await NODE_RUNNERS[model](ctx);
    ctx.cleanup();
    expect(outcome.status).toBe('ok');
    expect(spanProblems(outcome, tasks, 3)).toEqual([]);
    // Three workers, three identities: threads share this pid, processes have their own.
    const identities = new Set(outcome.spans.toSpans().map((s) => `${s.pid}/${s.thread}`));
    expect(identities.size).toBe(3);
    const pids = new Set(outcome.spans.toSpans().map((s) => s.pid));
    expect(pids.size).toBe(model === 'threads' ? 1 : 3);
    // The last completion closes the trial: wall time is no longer than it needs to be.
    expect(Math.max(...outcome.spans.toSpans().map((s) => s.endMs))).toBeLessThanOrEqual(outcome.wallMs);
  });
});
