// The machine card's store: one request however many views ask, and a retry after a failure.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { setBackend } from '../../../src-renderer/backend/index.ts';
import { useMachineStore } from '../../../src-renderer/src/stores/machine.ts';
import { FakeLab } from './fake-lab.ts';

let lab: FakeLab;

beforeEach(() => {
  lab = new FakeLab();
  setBackend(lab);
  setActivePinia(createPinia());
});

describe('machine store', () => {
  it('asks once for every caller', async () => {
    const m = useMachineStore();
    await Promise.all([m.load(), m.load(), m.load()]);
    expect(lab.called('getMachine')).toHaveLength(1);
    expect(m.logicalCores).toBe(4);
  });

  it('asks again after a failure', async () => {
    const m = useMachineStore();
    lab.failNext.getMachine = { code: 'internal', message: 'os.cpus failed' };
    await m.load();
    expect(m.error).toMatch(/os\.cpus failed/);
    expect(m.logicalCores).toBe(2);
    await m.load();
    expect(m.machine?.cpuModel).toBe('Test CPU @ 3 GHz');
    expect(m.error).toBeNull();
  });
});
