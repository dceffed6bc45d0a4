import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../../src-shared/contract.ts';
import type { TrialResult } from '../../../src-shared/result.ts';
import { LabStore } from '../../../src-main/store/index.ts';
import { makeMachine, makeRun, makeSpec, makeTrial, recordRun, seeded, tempDir } from './fixtures/make-run.ts';

const tmp = tempDir();
let store: LabStore;

/** Trials of one cell with the given walls (ok), plus `failed` failed ones whose walls must not count. */
function cell(model: TrialResult['model'], k: number, walls: number[], failed = 0): Omit<TrialResult, 'index'>[] {
  const rand = seeded(walls.length + k);
  const ok = walls.map((wallMs, r) => ({ ...makeTrial(0, model, k, r, rand), wallMs }));
  const bad = Array.from({ length: failed }, (_, r) => ({
    ...makeTrial(0, model, k, walls.length + r, rand),
    status: 'failed' as const,
    wallMs: 1,
    error: 'boom',
  }));
  return [...ok, ...bad];
}

function indexed(...cells: Omit<TrialResult, 'index'>[][]): TrialResult[] {
  return cells.flat().map((t, index) => ({ ...t, index }) as TrialResult);
}

const A = makeRun({
  seed: 1,
  runId: 'aaaaaaaa-run',
  name: 'before',
  experiment: makeSpec({ models: ['threads', 'processes'], concurrency: [2] }),
  trials: indexed(
    cell('sequential', 1, [10, 12, 14, 16, 18]),
    cell('threads', 2, [20, 21, 22], 1),
    cell('processes', 2, [30, 31], 1),
  ),
});
const B = makeRun({
  seed: 2,
  runId: 'bbbbbbbb-run',
  name: 'after',
  experiment: makeSpec({ models: ['threads', 'processes'], concurrency: [2, 4] }),
  machine: makeMachine({ fingerprint: 'fp-server', hostname: 'server', logicalCores: 64 }),
  trials: indexed(
    cell('sequential', 1, [11, 13, 15, 17, 19]),
    cell('threads', 2, [10, 11, 12]),
    cell('processes', 2, [20, 21, 22]),
    cell('threads', 4, [5, 6, 7]),
  ),
});
const C = makeRun({
  seed: 3,
  runId: 'cccccccc-run',
  name: 'bigger',
  experiment: makeSpec({ workload: { kind: 'primes', n: 40000 }, tasks: 8, models: ['threads'], concurrency: [2] }),
  trials: indexed(cell('sequential', 1, [20, 20, 20]), cell('threads', 2, [21, 21, 21])),
});

beforeAll(() => {
  store = LabStore.open(tmp.file('compare.db'));
  for (const run of [A, B, C]) recordRun(store, run);
});
afterAll(() => {
  store.close();
  tmp.remove();
});

const at = (c: Comparison, model: string, k: number) => c.cells.find((x) => x.model === model && x.concurrency === k)!;

describe('compare runs', () => {
  it('gives each cell its median per run and the change against the first', () => {
    const c = store.compareRuns([A.runId, B.runId]);
    expect(c.runs.map((r) => r.runId)).toEqual([A.runId, B.runId]);
    expect(c.cells.map((x) => `${x.model}@${x.concurrency}`)).toEqual(['sequential@1', 'threads@2', 'processes@2', 'threads@4']);
    const threads = at(c, 'threads', 2);
    // The failed trial (wall 1) does not count.
    expect(threads.medians).toEqual([21, 11]);
    expect(threads.changePct[0]).toBe(0);
    expect(threads.changePct[1]).toBeCloseTo(((11 - 21) / 21) * 100, 10);
    expect(threads.tests[0]).toBeNull();
  });

  it("finds a clear change significant, with Welch's and Mann–Whitney's p-values (known answers)", () => {
    const t = at(store.compareRuns([A.runId, B.runId]), 'threads', 2).tests[1]!;
    // scipy.stats.ttest_ind([10,11,12], [20,21,22], equal_var=False).pvalue
    expect(t.welchP).toBeCloseTo(0.000255216749, 9);
    // scipy.stats.mannwhitneyu(..., method='asymptotic', use_continuity=True).pvalue
    expect(t.mannWhitneyP).toBeCloseTo(0.0808555984, 8);
    expect(t.significant).toBe(true);
    expect(t.note).toBe("by Welch's t-test only");
    expect(t.fasterInPct).toBe(100);
  });

  it('finds an overlapping change within noise, and counts the repetition pairs where it was faster', () => {
    const t = at(store.compareRuns([A.runId, B.runId]), 'sequential', 1).tests[1]!;
    expect(t.welchP).toBeCloseTo(0.6305360756, 8);
    expect(t.mannWhitneyP).toBeCloseTo(0.676103314, 7);
    expect(t.significant).toBe(false);
    // B = 11..19 odd vs A = 10..18 even: B is faster in 10 of the 25 pairs.
    expect(t.fasterInPct).toBeCloseTo(40, 10);
  });

  it('gives no p-value below 3 ok repetitions on either side, and says why', () => {
    const t = at(store.compareRuns([A.runId, B.runId]), 'processes', 2).tests[1]!;
    expect(t).toMatchObject({ welchP: null, mannWhitneyP: null, significant: false, note: 'not enough repetitions' });
    expect(t.fasterInPct).toBe(100);
  });

  it('leaves a cell only one run has as missing on the other side', () => {
    const c = store.compareRuns([A.runId, B.runId]);
    expect(at(c, 'threads', 4)).toEqual({ model: 'threads', concurrency: 4, medians: [null, 6], changePct: [null, null], tests: [null, null] });
  });

  it('shows only the machine fields that differ, and warns about another machine', () => {
    const c = store.compareRuns([A.runId, B.runId]);
    expect(c.machineDiff).toEqual({
      fingerprint: ['fp-laptop', 'fp-server'],
      hostname: ['laptop', 'server'],
      logicalCores: [8, 64],
    });
    expect(c.warnings).toEqual([expect.stringMatching(/"after" \(bbbbbbbb\) ran on another machine \(server: .*64 cores\)/)]);
  });

  it('warns when a run measured another workload size or task count', () => {
    const c = store.compareRuns([A.runId, C.runId, B.runId]);
    expect(c.runs).toHaveLength(3);
    expect(c.machineDiff.logicalCores).toEqual([8, 8, 64]);
    expect(c.warnings.some((w) => w.includes('"bigger"') && w.includes('another primes size (n=40000, not n=20000)'))).toBe(true);
    expect(c.warnings.some((w) => w.includes('"bigger"') && w.includes('8 tasks per trial, not 4'))).toBe(true);
  });

  it('accepts id prefixes and refuses fewer than 2, more than 4, or one run twice', () => {
    expect(store.compareRuns(['aaaa', 'bbbb']).runs.map((r) => r.name)).toEqual(['before', 'after']);
    expect(() => store.compareRuns([A.runId])).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() => store.compareRuns([A.runId, B.runId, C.runId, A.runId, B.runId])).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
    expect(() => store.compareRuns([A.runId, 'aaaa'])).toThrow(expect.objectContaining({ code: 'invalid-input', message: expect.stringContaining('twice') }));
    expect(() => store.compareRuns([A.runId, 'nope'])).toThrow(expect.objectContaining({ code: 'not-found' }));
  });
});
