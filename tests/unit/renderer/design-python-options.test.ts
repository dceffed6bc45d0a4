// The Design view's Python row: interpreters from the backend, the default one left out
// of the spec, a start method only with multiprocessing, nothing Python without a Python model.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { setBackend } from '../../../src-renderer/backend/index.ts';
import { useDesignStore } from '../../../src-renderer/src/stores/design.ts';
import { setRunSchedule } from '../../../src-renderer/src/stores/run.ts';
import { FakeLab } from './fake-lab.ts';

let lab: FakeLab;

beforeEach(() => {
  lab = new FakeLab();
  lab.models = (['sequential', 'threads', 'py-sequential', 'py-threading', 'py-multiprocessing'] as const).map((model) => ({ model, available: true }));
  setBackend(lab);
  setRunSchedule(() => {});
  setActivePinia(createPinia());
});

async function loaded() {
  const design = useDesignStore();
  await design.load();
  return design;
}

describe('design store: Python options', () => {
  it('lists the interpreters by version and GIL, the default chosen', async () => {
    const design = await loaded();
    expect(lab.called('listInterpreters')).toHaveLength(1);
    expect(design.interpreterOptions).toEqual([
      { value: '/usr/bin/python3.11', label: 'CPython 3.11.7 · GIL' },
      { value: '/usr/bin/python3.13t', label: 'CPython 3.13.1 free-threaded · no GIL' },
    ]);
    expect(design.interpreter).toBe('/usr/bin/python3.11');
  });

  it('shows the row only with a Python model, and the start method only with multiprocessing', async () => {
    const design = await loaded();
    expect(design.pythonChosen).toBe(false);
    design.toggleModel('py-threading');
    expect(design.pythonChosen).toBe(true);
    expect(design.multiprocessingChosen).toBe(false);
    design.toggleModel('py-multiprocessing');
    expect(design.multiprocessingChosen).toBe(true);
  });

  it('puts the chosen interpreter and start method into spec.python, and the defaults nowhere', async () => {
    const design = await loaded();
    design.toggleModel('py-threading');
    expect(design.specInput.python).toBeUndefined();

    design.interpreter = '/usr/bin/python3.13t';
    expect(design.specInput.python).toEqual({ executable: '/usr/bin/python3.13t' });
    design.form.python.startMethod = 'spawn';
    // No multiprocessing model: the start method is hidden and stays out.
    expect(design.specInput.python).toEqual({ executable: '/usr/bin/python3.13t' });
    design.toggleModel('py-multiprocessing');
    expect(design.specInput.python).toEqual({ executable: '/usr/bin/python3.13t', startMethod: 'spawn' });
    expect(design.valid).toBe(true);

    design.interpreter = '/usr/bin/python3.11';
    design.form.python.startMethod = '';
    expect(design.specInput.python).toBeUndefined();

    design.interpreter = '/usr/bin/python3.13t';
    for (const m of ['py-sequential', 'py-threading', 'py-multiprocessing'] as const) if (design.form.models.includes(m)) design.toggleModel(m);
    expect(design.pythonChosen).toBe(false);
    expect(design.specInput.python).toBeUndefined();
  });

  it('starts the run with spec.python as chosen', async () => {
    const design = await loaded();
    design.toggleModel('py-multiprocessing');
    design.interpreter = '/usr/bin/python3.13t';
    design.form.python.startMethod = 'fork';
    expect(await design.run()).toBe('run-1');
    expect(lab.called('startRun')[0].args[0]).toMatchObject({ python: { executable: '/usr/bin/python3.13t', startMethod: 'fork' } });
  });

  it('keeps an interpreter a preset names but this machine lacks, marked as not found', async () => {
    lab.presets = [{
      name: 'ft', title: 'Free-threaded', description: 'threads without the GIL',
      spec: { workload: { kind: 'sleep', ms: 1 }, tasks: 2, models: ['py-threading'], concurrency: [2], python: { executable: '/opt/py/bin/python3.14t' } },
    }];
    const design = await loaded();
    design.applyPreset('ft');
    expect(design.interpreter).toBe('/opt/py/bin/python3.14t');
    expect(design.interpreterOptions.at(-1)).toEqual({ value: '/opt/py/bin/python3.14t', label: '/opt/py/bin/python3.14t (not found here)' });
    expect(design.specInput.python).toEqual({ executable: '/opt/py/bin/python3.14t' });
  });

  it('sizes a Python-only experiment on the chosen interpreter, and a mixed one for Node', async () => {
    const design = await loaded();
    for (const m of [...design.form.models]) design.toggleModel(m);
    design.toggleModel('py-threading');
    design.interpreter = '/usr/bin/python3.13t';
    expect(await design.calibrate()).toBe(true);
    expect(lab.called('calibrate')[0].args[0]).toEqual({ kind: 'primes', taskMs: 20, runtime: 'python', executable: '/usr/bin/python3.13t' });

    design.toggleModel('threads');
    expect(await design.calibrate()).toBe(true);
    expect(lab.called('calibrate')[1].args[0]).toEqual({ kind: 'primes', taskMs: 20, runtime: 'node' });
  });

  it('says when the interpreters cannot be listed, and offers none', async () => {
    lab.failNext.listInterpreters = { code: 'internal', message: 'probe failed' };
    const design = await loaded();
    expect(design.loadError).toMatch(/Python interpreters could not be listed/);
    expect(design.interpreterOptions).toEqual([]);
    expect(design.interpreter).toBe('');
  });
});
