import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src-shared/result.ts';
import { runExperiment } from '../../../src-main/engine/index.ts';
import { validSpec } from '../helpers/specs.ts';

describe('runExperiment: a trial that fails', () => {
  it('marks that trial failed with its cause and runs the rest', async () => {
    const s = validSpec({ workload: { kind: 'sleep', ms: 1 }, tasks: 3, models: ['threads', 'processes'], concurrency: [1, 2], repetitions: 2, warmup: 1 });
    const result = await runExperiment(s, {
      faults: {
        'threads@2#1': { kind: 'throw', task: 1 },
        // No repetition: every trial of the cell, warm-up included.
        'processes@1': { kind: 'crash', task: 0 },
      },
    });
    expect(result.status).toBe('completed');
    expect(result.error).toBeUndefined();
    expect(result.trials).toHaveLength(10);

    const bad = result.trials.filter((t) => t.status !== 'ok');
    expect(bad.map((t) => `${t.model}@${t.concurrency}#${t.repetition}`).sort()).toEqual([
      'processes@1#0', 'processes@1#1', 'threads@2#1',
    ]);
    // Each says what happened: the task's own error, or which worker died in which task, and how.
    for (const t of bad) expect(t.status).toBe('failed');
    expect(bad.find((t) => t.model === 'threads')!.error).toMatch(/injected fault: task 1 throws/);
    for (const t of bad.filter((t) => t.model === 'processes')) {
      expect(t.error).toMatch(/^process worker 0 \(pid \d+\) exited with code 70 while running task 0/);
    }
    // The trials after a failed one ran normally.
    const threads2 = result.trials.find((t) => t.model === 'threads' && t.concurrency === 2 && t.repetition === 1)!;
    expect(result.trials.slice(threads2.index + 1).some((t) => t.status === 'ok')).toBe(true);

    const t2 = result.summary.find((r) => r.model === 'threads' && r.concurrency === 2)!;
    expect(t2).toMatchObject({ trials: 1, failed: 1 });
    expect(result.summary.some((r) => r.model === 'processes' && r.concurrency === 1)).toBe(false);
  });

  it('ends the run as failed when it cannot go on, and says why', async () => {
    const events: EngineEvent[] = [];
    const s = validSpec({ workload: { kind: 'primes', taskMs: 1 }, tasks: 2, models: ['py-threading'], concurrency: [1], repetitions: 1, warmup: 0 });
    const result = await runExperiment(s, { python: { executable: '/nonexistent/python3' }, onEvent: (e) => events.push(e) });
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/calibrat/);
    expect(result.trials).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['run-started', 'run-finished']);
    expect(events[1]).toMatchObject({ status: 'failed', error: result.error });
  });

  it('survives a progress listener that throws, and reports it', async () => {
    const s = validSpec({ workload: { kind: 'sleep', ms: 1 }, tasks: 2, models: ['async'], concurrency: [1], repetitions: 1, warmup: 0 });
    const result = await runExperiment(s, {
      onEvent: (e) => {
        if (e.type === 'trial-finished') throw new Error('disk full');
      },
    });
    expect(result.status).toBe('completed');
    expect(result.trials.every((t) => t.status === 'ok')).toBe(true);
    expect(result.error).toMatch(/listener failed: disk full/);
  });
});
