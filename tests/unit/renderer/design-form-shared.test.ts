// The Design form writes the shared workload and the Python switch interval into the
// spec, and a preset (switching) poured into it comes back out the same.
import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../../../src-shared/experiment.ts';
import { applySpecToForm, buildSpecInput, defaultForm } from '../../../src-renderer/src/lib/design-form.ts';
import { getPreset } from '../../../src-main/engine/presets.ts';

describe('design form, shared workload', () => {
  it('round-trips the switching preset', () => {
    const preset = getPreset('switching')!;
    const form = defaultForm(2);
    applySpecToForm(form, preset.spec);
    expect(buildSpecInput(form)).toEqual(preset.spec);
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
