// Compare: asks the backend only for two or more runs, and explains a failure.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { setBackend } from '../../../src-renderer/backend/index.ts';
import { useCompareStore } from '../../../src-renderer/src/stores/compare.ts';
import { FakeLab, makeRun } from './fake-lab.ts';

let lab: FakeLab;

beforeEach(() => {
  lab = new FakeLab();
  lab.runs.set('a', makeRun('a'));
  lab.runs.set('b', makeRun('b'));
  setBackend(lab);
  setActivePinia(createPinia());
});

describe('compare store', () => {
  it('compares two runs', async () => {
    const c = useCompareStore();
    await c.load(['a', 'b']);
    expect(c.comparison?.runs.map((r) => r.runId)).toEqual(['a', 'b']);
    expect(c.error).toBeNull();
  });

  it('waits for a second run before asking', async () => {
    const c = useCompareStore();
    await c.load(['a']);
    expect(lab.called('compareRuns')).toHaveLength(0);
    expect(c.comparison).toBeNull();
  });

  it('explains a failure', async () => {
    const c = useCompareStore();
    lab.failNext.compareRuns = { code: 'not-found', message: 'no run zz' };
    await c.load(['a', 'zz']);
    expect(c.error).toMatch(/no run zz\. It may have been deleted/);
  });
});
