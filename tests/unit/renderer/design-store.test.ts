// The Design view's store: the shared schema's messages inline, Run gated on validity,
// presets, unavailable models, calibration fixing the size, and starting a run.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { setBackend } from '../../../src-renderer/backend/index.ts';
import { useDesignStore } from '../../../src-renderer/src/stores/design.ts';
import { setRunSchedule, useRunStore } from '../../../src-renderer/src/stores/run.ts';
import { FakeLab } from './fake-lab.ts';

let lab: FakeLab;

beforeEach(() => {
  lab = new FakeLab();
  setBackend(lab);
  setRunSchedule(() => {});
  setActivePinia(createPinia());
});

describe('design store', () => {
  it('loads presets, models and machine, with levels up to twice the cores', async () => {
    const design = useDesignStore();
    await design.load();
    expect(design.presets.map((p) => p.name)).toEqual(['io-bound']);
    expect(design.isAvailable('py-sequential')).toBe(false);
    expect(design.reasonFor('py-sequential')).toMatch(/python3 not found/);
    expect(design.form.concurrency).toEqual([1, 2, 4, 8]);
    expect(design.loadError).toBeNull();
  });

  it('shows the schema message for a bad value and is invalid until it is fixed', async () => {
    const design = useDesignStore();
    await design.load();
    expect(design.valid).toBe(true);
    design.form.tasks = 0;
    expect(design.valid).toBe(false);
    expect(design.issuesAt('tasks')).toEqual([{ path: 'tasks', message: 'must be an integer from 1 to 1000000' }]);
    design.form.tasks = 10;
    expect(design.valid).toBe(true);
  });

  it('names the level that is out of range', async () => {
    const design = useDesignStore();
    await design.load();
    design.addLevel(600);
    expect(design.issuesAt('concurrency')).toEqual([{ path: 'concurrency[4]', message: 'must be an integer from 1 to 512' }]);
    design.toggleLevel(600);
    expect(design.valid).toBe(true);
  });

  it('refuses an unavailable model and refuses to run with no model', async () => {
    const design = useDesignStore();
    await design.load();
    design.toggleModel('py-sequential');
    expect(design.form.models).not.toContain('py-sequential');
    for (const m of [...design.form.models]) design.toggleModel(m);
    expect(design.issuesAt('models')[0].message).toBe('choose at least one model');
    expect(await design.run()).toBeNull();
    expect(lab.called('startRun')).toHaveLength(0);
  });

  it('pours a preset into the form', async () => {
    const design = useDesignStore();
    await design.load();
    design.applyPreset('io-bound');
    expect(design.specInput).toMatchObject({ workload: { kind: 'sleep', ms: 5 }, tasks: 16, models: ['sequential', 'async'], concurrency: [1, 4] });
    expect(design.estimateMs).toBeGreaterThan(0);
  });

  it('calibration fixes the size and reports the measured time per task', async () => {
    const design = useDesignStore();
    await design.load();
    design.form.primes.taskMs = 20;
    expect(await design.calibrate()).toBe(true);
    expect(lab.called('calibrate')[0].args[0]).toEqual({ kind: 'primes', taskMs: 20, runtime: 'node' });
    expect(design.specInput.workload).toEqual({ kind: 'primes', n: 123_456 });
    expect(design.calibrationFor('primes')?.measuredMs).toBeCloseTo(20.4);
    // A calibrated fixed size still has an estimate, from the measured time per task.
    expect(design.estimateMs).toBeGreaterThan(0);
  });

  it('starts the run with the spec as designed, and explains a busy backend', async () => {
    const design = useDesignStore();
    await design.load();
    const runId = await design.run();
    expect(runId).toBe('run-1');
    expect(lab.called('startRun')[0].args[0]).toEqual(design.specInput);
    expect(useRunStore().runId).toBe('run-1');

    setActivePinia(createPinia());
    const again = useDesignStore();
    await again.load();
    lab.failNext.startRun = { code: 'busy', message: 'A run is already in progress' };
    expect(await again.run()).toBeNull();
    expect(again.runError).toMatch(/already in progress.*cancel it/);
  });

  it('shows field issues the backend returns', async () => {
    const design = useDesignStore();
    await design.load();
    lab.startRun = async (spec: unknown) => {
      lab.calls.push({ method: 'startRun', args: [spec] });
      return { ok: false, code: 'invalid-input', message: 'invalid spec', issues: [{ path: 'workload.taskMs', message: 'too small here' }] };
    };
    await design.run();
    expect(design.issuesAt('workload')).toEqual([{ path: 'workload.taskMs', message: 'too small here' }]);
    expect(design.valid).toBe(false);
  });
});
