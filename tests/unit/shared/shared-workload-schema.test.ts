// The `shared` workload's spec: defaults, and a field-named reason for every bad value.
import { describe, expect, it } from 'vitest';
import { validateExperiment, type ExperimentInput } from '../../../src-shared/experiment.ts';

const base: ExperimentInput = {
  workload: { kind: 'shared', ops: 1000 },
  tasks: 4,
  models: ['async', 'threads'],
  concurrency: [4],
};

function issues(input: unknown) {
  const v = validateExperiment(input);
  return v.ok ? [] : v.issues;
}

describe('shared workload schema', () => {
  it('fills in unsafe, locked and atomic in the call-between spelling', () => {
    const v = validateExperiment(base);
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.value.workload).toEqual({ kind: 'shared', ops: 1000, modes: ['unsafe', 'locked', 'atomic'], spelling: 'call-between' });
  });

  it('names the field and the reason for bad ops, modes and spelling', () => {
    expect(issues({ ...base, workload: { kind: 'shared', ops: 0 } })).toEqual([{ path: 'workload.ops', message: 'must be an integer from 1 to 100000000' }]);
    expect(issues({ ...base, workload: { kind: 'shared', ops: 10, modes: ['unsafe', 'careful'] } })).toEqual([
      { path: 'workload.modes[1]', message: 'must be one of unsafe, locked, atomic, yield-inside' },
    ]);
    expect(issues({ ...base, workload: { kind: 'shared', ops: 10, modes: [] } })).toEqual([{ path: 'workload.modes', message: 'choose at least one mode' }]);
    expect(issues({ ...base, workload: { kind: 'shared', ops: 10, modes: ['locked', 'locked'] } })).toEqual([
      { path: 'workload.modes', message: 'must not repeat a mode' },
    ]);
    expect(issues({ ...base, workload: { kind: 'shared', ops: 10, spelling: 'x += 1' } })).toEqual([
      { path: 'workload.spelling', message: 'must be one of inline, call-between' },
    ]);
    expect(issues({ ...base, workload: { kind: 'shared', ops: 10, mode: 'unsafe' } })).toEqual([{ path: 'workload.mode', message: 'unknown field' }]);
  });

  it('refuses more updates than the 32-bit shared counter holds', () => {
    expect(issues({ ...base, tasks: 100, workload: { kind: 'shared', ops: 50_000_000 } })).toEqual([
      { path: 'workload.ops', message: 'tasks × ops must be at most 2,147,483,647 (the shared counter is a 32-bit integer)' },
    ]);
  });

  it('refuses yield-inside when no model of the spec awaits, with the reason', () => {
    const got = issues({ ...base, models: ['threads', 'py-threading'], workload: { kind: 'shared', ops: 10, modes: ['unsafe', 'yield-inside'] } });
    expect(got).toHaveLength(1);
    expect(got[0].path).toBe('workload.modes[1]');
    expect(got[0].message).toMatch(/^yield-inside needs an async model \(async or py-asyncio\): threads have no await/);
    // With one async model in the spec it runs there (and is recorded as not run in the others).
    expect(issues({ ...base, models: ['threads', 'py-asyncio'], workload: { kind: 'shared', ops: 10, modes: ['yield-inside'] } })).toEqual([]);
  });

  it('refuses atomic in a spec of Python models only, with the reason', () => {
    const got = issues({ ...base, models: ['py-threading'], workload: { kind: 'shared', ops: 10, modes: ['atomic'] } });
    expect(got).toHaveLength(1);
    expect(got[0].path).toBe('workload.modes[0]');
    expect(got[0].message).toMatch(/^no model of this spec can run atomic: Python has no atomic integer update/);
  });

  it('takes a Python switch interval in ms within CPython’s bounds', () => {
    expect(issues({ ...base, python: { switchIntervalMs: 0.1 } })).toEqual([]);
    expect(issues({ ...base, python: { switchIntervalMs: 0 } })).toEqual([{ path: 'python.switchIntervalMs', message: 'must be a number from 0.001 to 1000' }]);
  });
});
