import { describe, expect, it } from 'vitest';
import type { EngineEvent, ProgressEvent } from '../../../src-shared/result.ts';
import { runExperiment } from '../../../src-main/engine/index.ts';
import { validSpec } from '../helpers/specs.ts';

describe('runExperiment: sizes and servers', () => {
  it('calibrates a taskMs workload first and runs, records and announces the sizes it chose', async () => {
    const events: EngineEvent[] = [];
    const s = validSpec({ workload: { kind: 'primes', taskMs: 2 }, tasks: 2, models: ['threads'], concurrency: [1], repetitions: 1, warmup: 0 });
    const result = await runExperiment(s, { onEvent: (e) => events.push(e) });
    expect(result.status).toBe('completed');
    const w = result.experiment.workload;
    expect(w.kind === 'primes' && Number.isInteger(w.n) && w.n! >= 2).toBe(true);
    expect(w).toMatchObject({ taskMs: 2 });
    expect(result.calibration?.params.n).toBe(w.kind === 'primes' ? w.n : undefined);
    expect(result.calibration!.measuredMs).toBeGreaterThan(0);
    const started = events[0] as Extract<ProgressEvent, { type: 'run-started' }>;
    expect(started.experiment).toEqual(result.experiment);
    expect(started.calibration).toEqual(result.calibration);
  });

  it('fills in the CPU part of a mixed workload, with no calibration when there is no CPU part', async () => {
    const idle = await runExperiment(validSpec({ workload: { kind: 'mixed', cpuMs: 0, waitMs: 1 }, tasks: 2, models: ['async'], concurrency: [2], repetitions: 1, warmup: 0 }));
    expect(idle.status).toBe('completed');
    expect(idle.experiment.workload).toMatchObject({ kind: 'mixed', n: 2 });
    expect(idle.calibration).toBeUndefined();
  });

  it('leaves given sizes alone', async () => {
    const s = validSpec({ workload: { kind: 'primes', n: 1000 }, tasks: 2, models: ['async'], concurrency: [1], repetitions: 1, warmup: 0 });
    const result = await runExperiment(s);
    expect(result.experiment).toEqual(s);
    expect(result.calibration).toBeUndefined();
  });

  it('serves the http workload from its own loopback server for the length of the run', async () => {
    const s = validSpec({ workload: { kind: 'http', latencyMs: 1, bytes: 64 }, tasks: 3, models: ['async', 'threads'], concurrency: [2], repetitions: 1, warmup: 0 });
    const result = await runExperiment(s);
    expect(result.status).toBe('completed');
    expect(result.trials.every((t) => t.status === 'ok' && t.spanCount === 3)).toBe(true);
  });

  it('samples per-core utilisation over the run on the trials’ clock', async () => {
    const s = validSpec({ workload: { kind: 'sleep', ms: 60 }, tasks: 4, models: ['threads'], concurrency: [1], repetitions: 1, warmup: 0 });
    const samples: number[] = [];
    const result = await runExperiment(s, { onEvent: (e) => e.type === 'utilization' && samples.push(e.sample.tMs) });
    expect(result.utilization.length).toBeGreaterThan(0);
    expect(result.utilization.map((u) => u.tMs)).toEqual(samples);
    // Same base as the trials' offsets: the run's start, counting up.
    let previous = 0;
    for (const u of result.utilization) {
      expect(u.tMs).toBeGreaterThan(previous);
      previous = u.tMs;
      expect(u.cores.length).toBeGreaterThan(0);
    }
  });
});
