// A study is checked like a spec, with its own field names, and expanded into one
// experiment per value: taskMs holds the total work constant, cpuShare keeps the task's duration.
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src-shared/experiment.ts';
import { planStudy, spreadOrder, STUDY_LIMITS } from '../../../src-shared/study.ts';

const base = { models: ['threads', 'processes'], concurrency: [2], repetitions: 3, warmup: 0 };

function issues(input: unknown): string[] {
  const r = planStudy(input);
  if (r.ok) throw new Error('expected issues');
  return r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('a taskMs study', () => {
  it('holds the total work constant: tasks = totalMs ÷ task size, each run sizing its own task', () => {
    const r = planStudy({ name: 'be', base: { ...base, workload: { kind: 'primes', n: 5000 } }, vary: { axis: 'taskMs', values: [0.1, 1, 10], totalMs: 200 } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.members.map((m) => m.spec.tasks)).toEqual([2000, 200, 20]);
    expect(r.value.members.map((m) => m.spec.workload)).toEqual([
      { kind: 'primes', taskMs: 0.1 },
      { kind: 'primes', taskMs: 1 },
      { kind: 'primes', taskMs: 10 },
    ]);
    expect(r.value.members[1].spec.name).toBe('be: 1 ms');
    expect(r.value.members.every((m) => m.bounded === undefined)).toBe(true);
  });

  it('bounds the task count by the limits and says so', () => {
    const r = planStudy({ name: 'be', base: { ...base, workload: { kind: 'sleep', ms: 1 } }, vary: { axis: 'taskMs', values: [0.1, 100], totalMs: 50_000 } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // 50,000 ms ÷ 0.1 ms = 500,000 tasks, past the limit today.
    expect(r.value.members[0].spec.tasks).toBe(Math.min(LIMITS.tasks, 500_000));
    expect(r.value.members[0].bounded).toBe(500_000 > LIMITS.tasks ? 'most' : undefined);
    const few = planStudy({ name: 'be', base: { ...base, workload: { kind: 'sleep', ms: 1 } }, vary: { axis: 'taskMs', values: [1, 100], totalMs: 100 } });
    expect(few.ok && few.value.members[1].spec.tasks).toBe(STUDY_LIMITS.tasksPerWorker * 2);
    expect(few.ok && few.value.members[1].bounded).toBe('fewest');
  });

  it('keeps a mixed task\'s CPU share as its size changes', () => {
    const r = planStudy({ name: 'be', base: { ...base, workload: { kind: 'mixed', cpuMs: 3, waitMs: 1, n: 999 } }, vary: { axis: 'taskMs', values: [1, 8], totalMs: 80 } });
    expect(r.ok && r.value.members.map((m) => m.spec.workload)).toEqual([
      { kind: 'mixed', cpuMs: 0.75, waitMs: 0.25 },
      { kind: 'mixed', cpuMs: 6, waitMs: 2 },
    ]);
  });

  it('names the study\'s own fields in its errors', () => {
    expect(issues({ name: 'x', base: { ...base, workload: { kind: 'http' } }, vary: { axis: 'taskMs', values: [1, 2], totalMs: 10 } })).toEqual([
      'base.workload.kind: a taskMs study varies a time per task: must be one of primes, hash, sleep, mixed',
    ]);
    expect(issues({ name: 'x', base: { ...base, workload: { kind: 'primes', taskMs: 1 } }, vary: { axis: 'taskMs', values: [0.01, 1, 1], totalMs: 10 } })).toEqual([
      'vary.values[0]: must be a number from 0.1 to 10000',
      'vary.values: must not repeat a value',
    ]);
    expect(issues({ name: 'x', base: { ...base, tasks: 5, workload: { kind: 'primes', taskMs: 1 } }, vary: { axis: 'taskMs', values: [1, 2], totalMs: 10 } })).toEqual([
      'base.tasks: leave it out: a taskMs study sets it (vary.totalMs ÷ each task size)',
    ]);
  });
});

describe('a workload study', () => {
  it('runs each workload with the rest of the base shared', () => {
    const r = planStudy({ name: 'table', base: { ...base, tasks: 8 }, vary: { axis: 'workload', values: [{ kind: 'primes', taskMs: 5 }, { kind: 'sleep', ms: 5 }] } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.members.map((m) => m.label)).toEqual(['primes 5 ms', 'sleep 5 ms']);
    expect(r.value.members.every((m) => m.spec.tasks === 8 && m.spec.models.join() === 'threads,processes')).toBe(true);
  });

  it('reports a bad value at its place on the axis and a bad base field once', () => {
    expect(
      issues({
        name: 'table',
        base: { ...base, tasks: 0 },
        vary: { axis: 'workload', values: [{ kind: 'primes' }, { kind: 'sleep', ms: 5 }, { kind: 'teleport' }] },
      }),
    ).toEqual([
      'vary.values[0].n: give n or taskMs',
      `base.tasks: must be an integer from 1 to ${LIMITS.tasks}`,
      'vary.values[2].kind: must be one of primes, hash, sleep, http, file, mixed, shared, code',
    ]);
  });

  it('refuses a workload in the base, an unknown axis, an unknown field and a single value', () => {
    expect(issues({ name: 't', base: { ...base, tasks: 4, workload: { kind: 'sleep', ms: 1 } }, vary: { axis: 'workload', values: [{ kind: 'sleep', ms: 1 }, { kind: 'sleep', ms: 2 }] } })).toEqual([
      'base.workload: leave it out: a workload study takes its workloads from vary.values',
    ]);
    expect(issues({ name: 't', base, vary: { axis: 'size', values: [1, 2] } })).toEqual(['vary.axis: must say its axis: one of workload, taskMs, cpuShare']);
    expect(issues({ name: 't', base, vary: { axis: 'cpuShare', values: [0.5] }, extra: 1 })).toEqual([
      'vary.values: give at least 2 values (a study compares them)',
      'extra: unknown field',
    ]);
    expect(issues({ base, vary: { axis: 'cpuShare', values: [0, 1] } })).toEqual(['name: must be text']);
  });
});

describe('a cpuShare study', () => {
  it('keeps the base task\'s duration and splits it by the share', () => {
    const r = planStudy({ name: 's', base: { ...base, tasks: 8, workload: { kind: 'mixed', cpuMs: 2, waitMs: 8 } }, vary: { axis: 'cpuShare', values: [0, 0.25, 1] } });
    expect(r.ok && r.value.members.map((m) => m.spec.workload)).toEqual([
      { kind: 'mixed', cpuMs: 0, waitMs: 10 },
      { kind: 'mixed', cpuMs: 2.5, waitMs: 7.5 },
      { kind: 'mixed', cpuMs: 10, waitMs: 0 },
    ]);
    expect(r.ok && r.value.members.map((m) => m.label)).toEqual(['0% CPU', '25% CPU', '100% CPU']);
  });

  it('needs a mixed base and shares from 0 to 1', () => {
    expect(issues({ name: 's', base: { ...base, tasks: 8, workload: { kind: 'sleep', ms: 1 } }, vary: { axis: 'cpuShare', values: [0, 1] } })).toEqual([
      'base.workload.kind: a cpuShare study varies the CPU part of a task: must be mixed',
    ]);
    expect(issues({ name: 's', base: { ...base, tasks: 8, workload: { kind: 'mixed', cpuMs: 1, waitMs: 1 } }, vary: { axis: 'cpuShare', values: [0, 1.5] } })).toEqual([
      'vary.values[1]: must be a number from 0 to 1',
    ]);
  });
});

describe('the order a study runs its values in', () => {
  it('spreads over the axis instead of walking along it, and runs every value once', () => {
    expect(spreadOrder(8)).toEqual([0, 4, 2, 6, 1, 5, 3, 7]);
    expect(spreadOrder(5)).toEqual([0, 4, 2, 1, 3]);
    for (const n of [1, 2, 3, 6, 7, 13, 24]) expect([...spreadOrder(n)].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
  });
});
