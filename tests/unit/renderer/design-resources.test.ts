// The Design view's resource estimate: memory (and temporary disk) against what the backend
// says is free, updated as the form changes; beyond the machine it is an issue that names
// the field and disables Run; a large run is started only after the user says yes.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { setBackend } from '../../../src-renderer/backend/index.ts';
import { useDesignStore } from '../../../src-renderer/src/stores/design.ts';
import { setRunSchedule } from '../../../src-renderer/src/stores/run.ts';
import { FakeLab } from './fake-lab.ts';

const GiB = 1024 ** 3;
let lab: FakeLab;

beforeEach(() => {
  lab = new FakeLab();
  lab.capacity = { logicalCores: 8, freeMemoryBytes: 9.8 * GiB, freeDiskBytes: 40 * GiB, tempDir: '/tmp' };
  setBackend(lab);
  setRunSchedule(() => {});
  setActivePinia(createPinia());
});

describe('design store: resources', () => {
  it('estimates memory as the form changes, and refuses what the machine cannot take', async () => {
    const design = useDesignStore();
    await design.load();
    design.form.models = ['processes'];
    design.form.concurrency = [2];
    const small = design.resources!.memoryBytes;
    expect(design.resources!.verdict).toBe('ok');
    design.form.concurrency = [2, 512];
    expect(design.resources!.memoryBytes).toBeGreaterThan(100 * small);
    expect(design.valid).toBe(false);
    expect(design.issuesAt('concurrency')).toEqual([{ path: 'concurrency[1]', message: '512 processes need about 20 GiB of memory; 9.8 GiB is free' }]);
  });

  it('a large run: the backend asks, the view confirms, the second call says so', async () => {
    const design = useDesignStore();
    await design.load();
    lab.failNext.startRun = { code: 'needs-confirmation', message: 'a large run', issues: [{ path: 'tasks', message: 'the run would take about 16 min' }] };
    expect(await design.run()).toBeNull();
    expect(design.confirmation).toEqual([{ path: 'tasks', message: 'the run would take about 16 min', level: 'confirm' }]);
    expect(design.runError).toBeNull();
    expect(await design.run(true)).toMatch(/^run-/);
    expect(lab.called('startRun').map((c) => c.args[1])).toEqual([undefined, { confirmed: true }]);
    expect(design.confirmation).toBeNull();
  });
});
