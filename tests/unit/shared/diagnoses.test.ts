// Each diagnosis fires on a made-up trial built to show it, stays quiet just under its
// threshold, and none fires on a clean run.
import { describe, expect, it } from 'vitest';
import { diagnose, diagnosisLine, notComparable, THRESHOLDS, type DiagnosisInput } from '../../../src-shared/diagnoses.ts';
import type { SummaryRow } from '../../../src-shared/result.ts';
import type { ModelName } from '../../../src-shared/models.ts';

/** A clean cell: threads k = 2 on 2 cores, near-ideal speedup, tasks on their cores. */
function row(model: ModelName, concurrency: number, over: Partial<SummaryRow> = {}): SummaryRow {
  const python = model.startsWith('py-');
  return {
    model, runtime: python ? 'python' : 'node', concurrency, trials: 5, failed: 0,
    wallMs: { median: 500, mean: 500, ci95: { low: 490, high: 510 }, min: 480, max: 520, stdev: 10 },
    startupMs: { median: 10 }, cpuMs: { median: 950 },
    speedup: model === 'sequential' || model === 'py-sequential' ? 1 : 1.9, efficiency: 0.95, throughput: 200,
    cpuShare: 1, idealSpeedup: model === 'sequential' || model === 'py-sequential' ? 1 : 2,
    latencyMs: { p50: 10, p95: 11 },
    processorsUsed: model === 'sequential' || model === 'py-sequential' ? 1 : 1.9,
    stateShares: { scope: 'tasks', running: 0.95, waiting: 0.03, blocked: 0.02 },
    handoffMs: model === 'sequential' || model === 'py-sequential' ? null : { median: 0.03, p95: 0.08 },
    tailShare: 0.02, peakRssBytes: 100 * 2 ** 20, eventLoop: null, noisy: false,
    ...over,
  };
}

function input(summary: SummaryRow[], over: Partial<DiagnosisInput> = {}): DiagnosisInput {
  return {
    workload: { kind: 'primes', n: 100_000 }, tasks: 100, summary, logicalCores: 2, memoryBytes: 8 * 2 ** 30,
    python: { executable: '/usr/bin/python3', version: '3.12.3', implementation: 'CPython', gilEnabled: null, freeThreaded: false },
    ...over,
  };
}

const ids = (i: DiagnosisInput) => diagnose(i).map((d) => d.id);

describe('diagnoses', () => {
  it('says nothing about a clean run', () => {
    expect(diagnose(input([row('sequential', 1), row('threads', 2), row('processes', 2)]))).toEqual([]);
    expect(diagnose(input([row('py-sequential', 1), row('py-multiprocessing', 2)]))).toEqual([]);
  });

  it('GIL-bound: py-threading on CPU work that used ~1 processor, its tasks off the core half their time', () => {
    const gil = (p: number, blocked: number) =>
      row('py-threading', 2, { processorsUsed: p, stateShares: { scope: 'tasks', running: 1 - blocked - 0.05, waiting: 0.05, blocked } });
    const [d] = diagnose(input([row('py-sequential', 1), gil(1.01, 0.45)]));
    expect(d.id).toBe('gil-bound');
    expect(d.cell).toEqual({ model: 'py-threading', concurrency: 2 });
    expect(d.sentence).toMatch(/^Threads took turns: .* off its core 50% of its time \(45% blocked, waiting for the GIL/);
    expect(d.evidence).toContainEqual({ name: 'processors used', value: 1.01, unit: '' });
    expect(d.next).toMatch(/py-multiprocessing/);
    // Just under: more than 1.2 processors used, or too little time off the core.
    expect(ids(input([gil(THRESHOLDS.gilMaxProcessors + 0.01, 0.45)]))).not.toContain('gil-bound');
    expect(ids(input([gil(1.01, 0.6 * 0.5 - 0.06)]))).not.toContain('gil-bound');
    // A free-threaded interpreter without the GIL: not this rule.
    expect(ids(input([gil(1.01, 0.45)], { python: { executable: 'x', version: '3.14.0', implementation: 'CPython', gilEnabled: false, freeThreaded: true } }))).not.toContain('gil-bound');
  });

  it('GIL-bound: the next step names a free-threaded interpreter only where one was found', () => {
    const gil = row('py-threading', 2, { processorsUsed: 1.0, stateShares: { scope: 'tasks', running: 0.5, waiting: 0.05, blocked: 0.45 } });
    const nextWith = (over: Partial<DiagnosisInput>) => diagnose(input([gil], over)).find((d) => d.id === 'gil-bound')!.next;
    const withGil = { executable: '/usr/bin/python3', version: '3.12.3', implementation: 'CPython', gilEnabled: null, freeThreaded: false };
    const freeThreaded = { executable: '/opt/py/bin/python3.13t', version: '3.13.0', implementation: 'CPython', gilEnabled: false, freeThreaded: true };
    // Not looked up (an export read elsewhere): where to look.
    expect(nextWith({})).toMatch(/py-multiprocessing.*if `concurrency-lab machine` lists one/);
    expect(nextWith({ interpreters: [withGil] })).toBe(
      'Use py-multiprocessing for CPU-bound Python: no free-threaded interpreter (python3.13t or later) was found on this machine.',
    );
    const named = nextWith({ interpreters: [withGil, freeThreaded] });
    expect(named).toMatch(/^Use py-multiprocessing for CPU-bound Python, or run py-threading again on the free-threaded CPython 3\.13\.0 found here \(\/opt\/py\/bin\/python3\.13t\)/);
    expect(named).toContain('`run --python /opt/py/bin/python3.13t`');
    // A free-threaded build started with the GIL forced on (PYTHON_GIL=1) is no way out.
    expect(nextWith({ interpreters: [withGil, { ...freeThreaded, gilEnabled: true }] })).toMatch(/no free-threaded interpreter/);
  });

  it('oversubscribed: tasks waited ≥ 20% of their time for a core, naming k and the cores', () => {
    const waiting = (w: number, k = 8) => row('threads', k, { stateShares: { scope: 'tasks', running: 1 - w - 0.01, waiting: w, blocked: 0.01 } });
    const [d] = diagnose(input([waiting(0.7)]));
    expect(d.id).toBe('oversubscribed');
    expect(d.sentence).toBe('Tasks waited 70% of their time for a core: k = 8 on 2 cores.');
    expect(d.next).toMatch(/at or below the 2 cores/);
    expect(ids(input([waiting(THRESHOLDS.waitingShare - 0.01)]))).toEqual([]);
    // Never when the run queue was empty (or not measured).
    expect(ids(input([row('threads', 8, { stateShares: { scope: 'tasks', running: 0.99, waiting: 0, blocked: 0.01 } })]))).toEqual([]);
    expect(ids(input([row('threads', 8, { stateShares: { scope: 'tasks', running: 0.5, waiting: null, blocked: 0.5 } })]))).toEqual([]);
  });

  it('oversubscribed on one event loop speaks of the loop and its time, not of tasks', () => {
    const loop = row('async', 4, { stateShares: { scope: 'loop', running: 0.5, waiting: 0.45, blocked: 0.05 } });
    const d = diagnose(input([loop])).find((x) => x.id === 'oversubscribed');
    expect(d?.sentence).toBe('The event loop waited 45% of its time for a core with k = 4 on 2 cores: other programs kept the cores busy.');
  });

  it('waits for a core at k ≤ the cores are the machine’s: one diagnosis for the run, at the worst cell, naming the others', () => {
    const busy = (model: ModelName, k: number, w: number) =>
      row(model, k, { stateShares: { scope: 'tasks', running: 1 - w - 0.01, waiting: w, blocked: 0.01 } });
    const ds = diagnose(input([busy('sequential', 1, 0.3), busy('threads', 2, 0.6), busy('processes', 2, 0.4), busy('threads', 8, 0.7)]));
    const over = ds.filter((d) => d.id === 'oversubscribed');
    // k = 8 on 2 cores is the run's own doing: its own diagnosis. The rest is one.
    expect(over).toHaveLength(2);
    expect(over[0]).toMatchObject({ cell: { model: 'threads', concurrency: 8 }, sentence: 'Tasks waited 70% of their time for a core: k = 8 on 2 cores.' });
    expect(over[1].cell).toEqual({ model: 'threads', concurrency: 2 });
    expect(over[1].elsewhere).toEqual([{ model: 'sequential', concurrency: 1 }, { model: 'processes', concurrency: 2 }]);
    expect(over[1].sentence).toBe(
      'Tasks waited 60% of their time for a core with k = 2 on 2 cores: other programs kept the cores busy. 2 other cells of this run waited 20% or more too.',
    );
    expect(over[1].evidence).toContainEqual({ name: 'other cells', value: 2, unit: '' });
    expect(diagnosisLine(over[1])).toMatch(/^\[oversubscribed\] threads k=2 \(and sequential k=1, processes k=2\): /);
  });

  it('too fine-grained: hand-off ≥ half the task, with a minimum task length from the measured hand-off', () => {
    const fine = (handoff: number) => row('threads', 2, { latencyMs: { p50: 0.002, p95: 0.004 }, handoffMs: { median: handoff, p95: handoff * 2 } });
    const [d] = diagnose(input([fine(0.025)]));
    expect(d.id).toBe('too-fine-grained');
    expect(d.sentence).toBe('Each task takes 2.0 µs; handing one to a worker and back costs 25 µs (p95 50 µs).');
    // 10 × 25 µs = 250 µs, rounded up to a length a person would pick.
    expect(d.next).toBe('Make tasks of at least 500 µs (10× the hand-off), or batch about 250 tasks into one.');
    expect(ids(input([fine(0.002 * THRESHOLDS.handoffOfTask * 0.99)]))).toEqual([]);
  });

  it('start-up dominated: pool start-up ≥ 25% of start-up + wall', () => {
    const slow = (start: number) => row('processes', 2, { startupMs: { median: start }, wallMs: { ...row('processes', 2).wallMs, median: 300 } });
    const [d] = diagnose(input([row('threads', 2), slow(150)]));
    expect(d).toMatchObject({ id: 'startup-dominated', cell: { model: 'processes', concurrency: 2 } });
    expect(d.next).toMatch(/worker threads \(10\.0 ms to start here\)/);
    expect(ids(input([slow(99)]))).toEqual([]);
  });

  it('blocked event loop: loop busy ≈ 1 and its p99 delay ≥ a task’s CPU time', () => {
    const loop = (utilization: number, delayP99Ms: number) =>
      row('async', 4, { eventLoop: { utilization, delayP99Ms }, cpuMs: { median: 1000 }, stateShares: { scope: 'loop', running: 0.95, waiting: 0.01, blocked: 0.04 } });
    const [d] = diagnose(input([loop(0.99, 30)]));
    expect(d.id).toBe('blocked-event-loop');
    expect(d.evidence).toContainEqual({ name: 'CPU per task', value: 10, unit: 'ms' });
    expect(ids(input([loop(THRESHOLDS.loopBusy - 0.01, 30)]))).toEqual([]);
    expect(ids(input([loop(0.99, 9.9)]))).toEqual([]);
    // py-asyncio has no delay monitor: the loop thread's running share is the evidence.
    const py = row('py-asyncio', 4, { stateShares: { scope: 'loop', running: 0.97, waiting: 0, blocked: 0.03 } });
    expect(ids(input([py]))).toEqual(['blocked-event-loop']);
  });

  it('imbalance: fewer than k tasks running for ≥ 20% of the wall', () => {
    const [d] = diagnose(input([row('threads', 4, { tailShare: 0.33 })]));
    expect(d.id).toBe('imbalance');
    expect(d.sentence).toMatch(/^For 33% of the wall fewer than 4 tasks were running/);
    expect(ids(input([row('threads', 4, { tailShare: THRESHOLDS.tailShare - 0.01 })]))).toEqual([]);
  });

  it('waits do not scale: IO work whose speedup stops well below k', () => {
    const io = (speedup: number) => row('threads', 8, { speedup });
    const file = { workload: { kind: 'file' as const, bytes: 65536 } };
    const [d] = diagnose(input([io(2.1)], file));
    expect(d.id).toBe('waits-do-not-scale');
    expect(d.sentence).toMatch(/the disk is the limit/);
    expect(ids(input([io(4.01)], file))).toEqual([]);
    // CPU work is not this rule's business.
    expect(ids(input([io(2.1)]))).not.toContain('waits-do-not-scale');
  });

  it('memory-heavy: peak RSS ≥ 25% of the machine’s memory', () => {
    const mem = 8 * 2 ** 30;
    expect(ids(input([row('processes', 8, { peakRssBytes: 0.3 * mem })]))).toEqual(['memory-heavy']);
    expect(ids(input([row('processes', 8, { peakRssBytes: 0.24 * mem })]))).toEqual([]);
  });

  it('noisy: names every noisy cell and the widest spread; not-comparable wraps the comparison’s warnings', () => {
    const wide = row('threads', 2, { noisy: true, wallMs: { ...row('threads', 2).wallMs, ci95: { low: 400, high: 600 } } });
    const [d] = diagnose(input([row('sequential', 1), wide]));
    expect(d.id).toBe('noisy');
    expect(d.sentence).toMatch(/threads k=2 .*±20%/);
    const [c] = notComparable(['the runs ran on different machines']);
    expect(c).toMatchObject({ id: 'not-comparable', cell: null, sentence: 'the runs ran on different machines' });
    expect(diagnosisLine(c)).toMatch(/^\[not-comparable\] run: the runs ran on different machines Next: /);
  });

  it('reports a rule once per model, at its strongest cell, listing the other cells', () => {
    const w = (k: number, waiting: number) => row('threads', k, { stateShares: { scope: 'tasks', running: 1 - waiting, waiting, blocked: 0 } });
    // k above the 2 cores: each cell's waits are the model's own doing.
    const ds = diagnose(input([w(4, 0.3), w(8, 0.5), w(16, 0.7)]));
    expect(ds).toHaveLength(1);
    expect(ds[0].cell).toEqual({ model: 'threads', concurrency: 16 });
    expect(ds[0].alsoAt).toEqual([4, 8]);
  });
});
