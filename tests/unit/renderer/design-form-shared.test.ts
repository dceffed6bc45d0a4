// The Design form writes the shared workload and the Python switch interval into the
// spec, and a preset (switching) poured into it comes back out the same.
import { describe, expect, it } from 'vitest';
import { validateExperiment, type ExperimentInput } from '../../../src-shared/experiment.ts';
import { applySpecToForm, buildSpecInput, defaultForm } from '../../../src-renderer/src/lib/design-form.ts';

describe('design form, shared workload', () => {
  it('round-trips a shared spec (the switching preset’s)', () => {
    const spec: ExperimentInput = {
      name: 'Switching: lost updates',
      workload: { kind: 'shared', ops: 100000, modes: ['unsafe', 'locked', 'atomic', 'yield-inside'], spelling: 'call-between' },
      tasks: 4,
      models: ['async', 'threads', 'processes', 'py-asyncio', 'py-threading', 'py-multiprocessing'],
      concurrency: [4],
      repetitions: 3,
      warmup: 0,
      order: 'interleaved',
    };
    const form = defaultForm(2);
    applySpecToForm(form, spec);
    expect(buildSpecInput(form)).toEqual(spec);
  });

  it('writes the switch interval only where a Python model runs, and the schema judges it', () => {
    const form = defaultForm(2);
    form.kind = 'shared';
    form.python.switchIntervalMs = 0.1;
    expect(buildSpecInput(form).python).toBeUndefined();
    form.models = ['py-threading'];
    form.shared.modes = ['unsafe', 'locked'];
    expect(buildSpecInput(form).python).toEqual({ switchIntervalMs: 0.1 });
    form.python.switchIntervalMs = 0;
    const v = validateExperiment(buildSpecInput(form));
    expect(v.ok ? [] : v.issues).toEqual([{ path: 'python.switchIntervalMs', message: 'must be a number from 0.001 to 1000' }]);
  });
});
