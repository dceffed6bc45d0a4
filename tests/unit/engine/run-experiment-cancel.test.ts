import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src-shared/result.ts';
import { runExperiment } from '../../../src-main/engine/index.ts';
import { childrenOf, isAlive } from '../helpers/processes.ts';
import { validSpec } from '../helpers/specs.ts';

describe('runExperiment: cancel', () => {
  it('ends the trial in flight, keeps the finished ones, runs no more, and leaves no child', async () => {
    const before = new Set(childrenOf(process.pid));
    const s = validSpec({ workload: { kind: 'sleep', ms: 50 }, tasks: 40, models: ['processes'], concurrency: [2], repetitions: 3, warmup: 0 });
    const controller = new AbortController();
    const events: EngineEvent[] = [];
    const seen = new Set<number>();
    const watcher = setInterval(() => childrenOf(process.pid).forEach((p) => !before.has(p) && seen.add(p)), 20);
    let abortedAt = -1;

    const result = await runExperiment(s, {
      signal: controller.signal,
      onEvent: (e) => {
        events.push(e);
        // Cancel while the second trial (processes, k = 2) has tasks running.
        if (e.type === 'tasks' && e.index === 1 && abortedAt < 0) {
          abortedAt = events.length;
          controller.abort();
        }
      },
    });
    clearInterval(watcher);

    expect(abortedAt).toBeGreaterThan(0);
    expect(result.status).toBe('cancelled');
    expect(result.trials[0]).toMatchObject({ model: 'sequential', status: 'ok' });
    expect(result.trials[0].spanCount).toBe(40);
    // The trial in flight is kept as cancelled with what it finished; none started after.
    expect(result.trials).toHaveLength(2);
    expect(result.trials[1]).toMatchObject({ model: 'processes', status: 'cancelled' });
    expect(result.trials[1].spanCount).toBeLessThan(40);
    expect(events.slice(abortedAt).some((e) => e.type === 'trial-started')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled' });

    expect(seen.size).toBeGreaterThan(0);
    for (const pid of seen) expect(isAlive(pid), `child ${pid}`).toBe(false);
    expect(childrenOf(process.pid).filter((p) => !before.has(p))).toEqual([]);
  });

  it('cancels before the first trial when the signal is already aborted', async () => {
    const s = validSpec({ workload: { kind: 'sleep', ms: 1 }, tasks: 2, models: ['threads'], concurrency: [1], repetitions: 1, warmup: 0 });
    const types: string[] = [];
    const result = await runExperiment(s, { signal: AbortSignal.abort(), onEvent: (e) => types.push(e.type) });
    expect(result.status).toBe('cancelled');
    expect(result.trials).toEqual([]);
    expect(types).toEqual(['run-started', 'run-finished']);
  });

  it('removes the file workload’s temp dir, after a cancel too', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lab-run-tmp-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = root;
    try {
      const s = validSpec({ workload: { kind: 'file', bytes: 4096 }, tasks: 3, models: ['threads'], concurrency: [1], repetitions: 2, warmup: 0 });
      const done = await runExperiment(s);
      expect(done.status).toBe('completed');
      expect(readdirSync(root)).toEqual([]);

      const controller = new AbortController();
      const cancelled = await runExperiment(s, {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'trial-started' && e.index === 1) controller.abort();
        },
      });
      expect(cancelled.status).toBe('cancelled');
      expect(readdirSync(root)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(root, { recursive: true, force: true });
    }
  });
});
