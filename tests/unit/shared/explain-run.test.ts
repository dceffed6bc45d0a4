// Verdicts in plain words from made-up summaries: each claim must follow from the numbers.
import { describe, expect, it } from 'vitest';
import type { PythonInfo } from '../../../src-shared/result.ts';
import { explainFigures } from '../../../src-shared/explain-run.ts';
import { row } from '../renderer/fake-lab.ts';

const cpu = { kind: 'primes', n: 100_000 } as const;
const io = { kind: 'sleep', ms: 20 } as const;
const PY: PythonInfo = { executable: 'python3', version: '3.13.1', implementation: 'CPython', gilEnabled: true, freeThreaded: false };
const byId = (vs: ReturnType<typeof explainFigures>, id: string) => vs.find((v) => v.id === id);

describe('verdicts', () => {
  it('says threads gain on CPU work and async does not, and why', () => {
    const vs = explainFigures({
      workload: cpu,
      logicalCores: 2,
      summary: [row('sequential', 1, 1), row('async', 2, 1.0), row('threads', 1, 0.98), row('threads', 2, 1.9), row('threads', 4, 1.85)],
    });
    const head = byId(vs, 'headline')!;
    expect(head.tone).toBe('good');
    expect(head.sentence).toBe(
      'CPU-bound: async 1.0× — its tasks never yield the event loop, so they run one at a time; threads 1.9× faster than sequential with 2 workers.',
    );
    expect(byId(vs, 'scaling-threads')!.sentence).toMatch(/Beyond this machine's 2 logical cores.*1\.9× at k = 2, 1\.9× at k = 4/);
    expect(byId(vs, 'scaling-async')).toBeUndefined();
  });

  it('credits separate cores only when the efficiency shows it', () => {
    const good = explainFigures({ workload: cpu, logicalCores: 4, summary: [row('sequential', 1, 1), row('threads', 4, 3.6)] });
    expect(byId(good, 'scaling-threads')).toMatchObject({ tone: 'good' });
    expect(byId(good, 'scaling-threads')!.sentence).toContain('separate cores at the same time');
    const poor = explainFigures({ workload: cpu, logicalCores: 2, summary: [row('sequential', 1, 1), row('threads', 2, 0.52)] });
    expect(byId(poor, 'scaling-threads')).toMatchObject({ tone: 'warn', title: 'threads: 26% efficient' });
    expect(byId(poor, 'scaling-threads')!.sentence).toContain('the parallel gain is lost');
  });

  it('says async scales with k on IO-bound work', () => {
    const vs = explainFigures({ workload: io, logicalCores: 2, summary: [row('sequential', 1, 1), row('async', 2, 1.97), row('async', 8, 7.6)] });
    expect(byId(vs, 'headline')!.sentence).toContain('async 7.6× faster than sequential with 8 tasks in flight');
    const scaling = byId(vs, 'scaling-async')!;
    expect(scaling.tone).toBe('good');
    expect(scaling.sentence).toContain('close to the ideal 8×');
    expect(scaling.sentence).toContain('one processor');
  });

  it('says when IO overlap falls short of k', () => {
    const vs = explainFigures({ workload: io, logicalCores: 2, summary: [row('sequential', 1, 1), row('async', 16, 5)] });
    expect(byId(vs, 'scaling-async')!.sentence).toContain('below the ideal 16×');
  });

  it('measures the start-up cost of processes against threads', () => {
    const vs = explainFigures({
      workload: cpu,
      logicalCores: 2,
      summary: [
        row('sequential', 1, 1),
        row('threads', 2, 1.9, { startupMs: { median: 10 } }),
        row('processes', 2, 1.8, { startupMs: { median: 40 } }),
      ],
    });
    expect(byId(vs, 'startup')!.sentence).toMatch(/^Starting 2 processes takes 40 ms, 2 threads 10 ms: 4\.0× the cost, 72% of that cell's wall time/);
  });

  it('explains Python threading under the GIL, and without it', () => {
    const summary = [row('py-sequential', 1, 1), row('py-threading', 4, 1.02), row('py-multiprocessing', 2, 1.8)];
    const gil: PythonInfo = { executable: 'python3', version: '3.12.1', implementation: 'CPython', gilEnabled: true, freeThreaded: false };
    const vs = explainFigures({ workload: cpu, logicalCores: 2, summary, python: gil });
    expect(byId(vs, 'headline')!.sentence).toContain('Python threading 1.0× — the GIL lets one thread run Python code at a time');
    expect(byId(vs, 'headline')!.sentence).toContain('Python multiprocessing 1.8× faster than Python sequential with 2 processes');
    expect(byId(vs, 'gil')!.sentence).toMatch(/GIL lets only one run Python code.*own GIL/);

    const free = explainFigures({ workload: cpu, logicalCores: 2, summary: [row('py-sequential', 1, 1), row('py-threading', 2, 1.8)], python: { ...gil, gilEnabled: false, freeThreaded: true } });
    expect(byId(free, 'gil')).toMatchObject({ tone: 'good', title: 'Free-threaded Python' });
    expect(byId(free, 'headline')!.sentence).not.toContain('GIL');
  });

  it('flags noisy cells and failed trials', () => {
    const vs = explainFigures({
      workload: cpu,
      logicalCores: 2,
      failedTrials: 2,
      summary: [row('sequential', 1, 1), row('threads', 2, 1.5, { noisy: true }), row('processes', 2, 1.4, { noisy: true })],
    });
    expect(byId(vs, 'noisy')).toMatchObject({ tone: 'warn' });
    expect(byId(vs, 'noisy')!.sentence).toContain('2 of 3 cells are noisy');
    expect(byId(vs, 'noisy')!.sentence).toContain('threads k = 2, processes k = 2');
    expect(byId(vs, 'failures')!.sentence).toMatch(/^2 trials failed/);
  });

  it('caps async on mixed work by its CPU share', () => {
    const vs = explainFigures({ workload: { kind: 'mixed', cpuMs: 10, waitMs: 10 }, logicalCores: 2, summary: [row('sequential', 1, 1), row('async', 4, 1.9)] });
    expect(byId(vs, 'scaling-async')!.sentence).toContain('caps it near 2.0×');
  });

  it('reports a missing baseline, an empty run and a cancelled one', () => {
    expect(byId(explainFigures({ workload: cpu, logicalCores: 2, summary: [row('threads', 2, null)] }), 'baseline')!.sentence).toContain('No sequential baseline finished for threads');
    const empty = explainFigures({ workload: cpu, logicalCores: 2, summary: [], status: 'cancelled' });
    expect(empty.map((v) => v.id)).toEqual(['status', 'empty']);
    expect(empty[0].title).toBe('Run cancelled');
  });

  it('names the cell a verdict is about and the figures it quotes', () => {
    const vs = explainFigures({ workload: cpu, logicalCores: 4, summary: [row('sequential', 1, 1), row('threads', 2, 1.9), row('threads', 4, 3.6)] });
    const scaling = byId(vs, 'scaling-threads')!;
    expect(scaling.cell).toEqual({ model: 'threads', concurrency: 4 });
    expect(scaling.evidence).toMatchObject({ speedup: 3.6, concurrency: 4 });
    expect(byId(vs, 'headline')!.evidence).toEqual({ 'threads@4.speedup': 3.6 });
  });

  it('reads Python threads with the lanes the estimate gives them: one under the GIL, the cores when free-threaded', () => {
    const summary = [row('py-sequential', 1, 1), row('py-threading', 2, 1.8)];
    const gil = explainFigures({ workload: cpu, logicalCores: 4, summary, python: { ...PY, gilEnabled: true, freeThreaded: false } });
    expect(byId(gil, 'scaling-py-threading')).toBeUndefined();
    expect(byId(gil, 'gil')!.title).toBe('The GIL');
    const free = explainFigures({ workload: cpu, logicalCores: 4, summary, python: { ...PY, gilEnabled: false, freeThreaded: true } });
    expect(byId(free, 'scaling-py-threading')!.sentence).toContain('With 2 workers, Python threading reach 1.8× of an ideal 2.0×');
    expect(byId(free, 'gil')!.title).toBe('Free-threaded Python');
  });

  it('replaces "more workers than cores" with the measured cause when tasks are too fine-grained (issue 12)', () => {
    const fine = { latencyMs: { p50: 0.002, p95: 0.004 }, handoffMs: { median: 0.025, p95: 0.05 } };
    const summary = [row('sequential', 1, 1), row('threads', 2, 0.1, fine), row('threads', 4, 0.09, fine)];
    const vs = explainFigures({ workload: cpu, logicalCores: 2, summary, tasks: 100_000, memoryBytes: 8 * 2 ** 30 });
    expect(byId(vs, 'scaling-threads')).toBeUndefined();
    const d = byId(vs, 'too-fine-grained')!;
    expect(d).toMatchObject({ tone: 'warn', cell: { model: 'threads', concurrency: 2 } });
    expect(d.title).toBe('Too fine-grained (threads k = 2; also k = 4)');
    expect(d.sentence).toBe('Each task takes 2.0 µs; handing one to a worker and back costs 25 µs (p95 50 µs).');
    expect(d.next).toMatch(/^Make tasks of at least 500 µs/);
    expect(d.evidence).toMatchObject({ 'hand-off median (ms)': 0.025 });
    // Without the run's task count and memory (an old caller), no diagnoses: the rule of thumb stays.
    expect(byId(explainFigures({ workload: cpu, logicalCores: 2, summary }), 'scaling-threads')).toBeDefined();
  });
});
