// The Design form and the spec: default levels from the core count, and a preset
// poured in comes back out as the same spec.
import { describe, expect, it } from 'vitest';
import type { ExperimentInput } from '../../../src-shared/experiment.ts';
import { applySpecToForm, buildSpecInput, defaultForm, defaultLevels } from '../../../src-renderer/src/lib/design-form.ts';

describe('design form', () => {
  it('offers levels up to twice the logical cores', () => {
    expect(defaultLevels(1)).toEqual([1, 2]);
    expect(defaultLevels(2)).toEqual([1, 2, 4]);
    expect(defaultLevels(6)).toEqual([1, 2, 4, 8, 12]);
    expect(defaultLevels(8)).toEqual([1, 2, 4, 8, 16]);
  });

  it('round-trips specs of every workload', () => {
    const specs: ExperimentInput[] = [
      { name: 'p', workload: { kind: 'primes', n: 5000 }, tasks: 4, models: ['threads'], concurrency: [1, 2], repetitions: 2, warmup: 0, order: 'grouped' },
      { workload: { kind: 'hash', taskMs: 5 }, tasks: 4, models: ['processes'], concurrency: [2], repetitions: 3, warmup: 1, order: 'interleaved' },
      { workload: { kind: 'http', latencyMs: 5, bytes: 10 }, tasks: 4, models: ['async'], concurrency: [8], repetitions: 3, warmup: 1, order: 'interleaved' },
      { workload: { kind: 'mixed', cpuMs: 3, waitMs: 7, n: 900 }, tasks: 4, models: ['async'], concurrency: [8], repetitions: 3, warmup: 1, order: 'interleaved' },
      {
        workload: { kind: 'primes', taskMs: 5 }, tasks: 4, models: ['py-sequential', 'py-multiprocessing'], concurrency: [2], repetitions: 3, warmup: 1,
        order: 'interleaved', python: { executable: '/usr/bin/python3.13t', startMethod: 'spawn' },
      },
    ];
    for (const spec of specs) {
      const form = defaultForm();
      applySpecToForm(form, spec);
      expect(buildSpecInput(form)).toEqual(spec);
    }
  });
});
