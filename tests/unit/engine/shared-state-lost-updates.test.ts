// The shared workload on the Node models: the invariants that hold whatever the timing.
// Locked, atomic and cooperative unsafe lose no update; nothing is ever counted twice
// (observed ≤ expected); processes share nothing and say so with their own counts;
// and unsafe worker threads *can* lose updates: run until they do, bounded in time.
import { describe, expect, it } from 'vitest';
import type { SharedMode } from '../../../src-shared/shared-state.ts';
import type { NodeModel } from '../../../src-shared/models.ts';
import { NODE_RUNNERS } from '../../../src-main/engine/runners/index.ts';
import { modeOrder, sharedPhases } from '../../../src-main/engine/runners/shared-phases.ts';
import type { TrialOutcome } from '../../../src-main/engine/types.ts';
import { spanProblems, trialContext } from './helpers.ts';
import { phase, untilLost } from '../helpers/shared-phases.ts';

async function runShared(
  model: NodeModel,
  modes: SharedMode[],
  opts: { tasks?: number; concurrency?: number; ops?: number; spelling?: 'inline' | 'call-between' } = {},
): Promise<TrialOutcome> {
  const tasks = opts.tasks ?? 4;
  // Built with a mode every model runs, then given the ones under test: the schema refuses
  // up front a mode no model of a one-model spec can run (its own test says so).
  const ctx = trialContext(
    model,
    { kind: 'shared', ops: opts.ops ?? 20_000, modes: ['unsafe'], spelling: opts.spelling ?? 'call-between' },
    { tasks, concurrency: opts.concurrency ?? 4 },
  );
  try {
    const outcome = await sharedPhases(NODE_RUNNERS[model])({ ...ctx, workload: { ...ctx.workload, modes } as typeof ctx.workload });
    expect(outcome.error).toBeUndefined();
    expect(outcome.status).toBe('ok');
    // Every mode ran all the tasks, laid end to end on the trial's clock with ids of their own.
    const ran = (outcome.shared ?? []).filter((p) => !p.unavailable).length;
    expect(outcome.spans.toSpans()).toHaveLength(tasks * ran);
    expect(spanProblems(outcome, tasks * modes.length, model === 'sequential' ? 1 : opts.concurrency ?? 4)).toEqual([]);
    // The live view got the same spans, shifted onto the trial's clock and ids as the outcome's.
    const byTask = (a: { task: number }, b: { task: number }) => a.task - b.task;
    expect([...ctx.streamed].sort(byTask)).toEqual(outcome.spans.toSpans().sort(byTask));
    return outcome;
  } finally {
    ctx.cleanup();
  }
}

describe.each(['sequential', 'async'] as const)('%s (one event loop)', (model) => {
  it('loses no update unsafe, locked or atomic, in either spelling: tasks switch only at await', async () => {
    for (const spelling of ['inline', 'call-between'] as const) {
      const outcome = await runShared(model, ['unsafe', 'locked', 'atomic'], { spelling });
      for (const p of outcome.shared!) {
        expect(p).toMatchObject({ expected: 4 * 20_000, observed: 4 * 20_000, lost: 0 });
        expect(p.wallMs).toBeGreaterThan(0);
      }
    }
  });
});

describe('async', () => {
  it('can lose updates with an await between the read and the write (yield-inside), never more than were made', async () => {
    const outcome = await runShared('async', ['yield-inside'], { ops: 2_000 });
    const p = phase(outcome, 'yield-inside');
    expect(p.observed).not.toBeNull();
    expect(p.observed!).toBeLessThanOrEqual(p.expected);
    // k = 4 tasks in flight all read before any writes back: each round loses at least one update.
    expect(p.lost!).toBeGreaterThan(0);
    expect(p.lost).toBe(p.expected - p.observed!);
  });

  it('sequential records yield-inside as not run, with the reason: one task at a time has nobody to switch to', async () => {
    const outcome = await runShared('sequential', ['unsafe', 'yield-inside'], { ops: 2_000 });
    expect(phase(outcome, 'yield-inside')).toMatchObject({ observed: null, lost: null, wallMs: 0 });
    expect(phase(outcome, 'yield-inside').unavailable).toMatch(/one task at a time/);
  });
});

describe('threads (one SharedArrayBuffer)', () => {
  it('locked (Atomics.wait/notify) and atomic (Atomics.add) lose no update; unsafe never counts more than was done', async () => {
    const outcome = await runShared('threads', ['unsafe', 'locked', 'atomic'], { ops: 100_000 });
    expect(phase(outcome, 'locked')).toMatchObject({ expected: 400_000, observed: 400_000, lost: 0 });
    expect(phase(outcome, 'atomic')).toMatchObject({ expected: 400_000, observed: 400_000, lost: 0 });
    const unsafe = phase(outcome, 'unsafe');
    expect(unsafe.observed!).toBeLessThanOrEqual(unsafe.expected);
    expect(unsafe.observed!).toBeGreaterThan(0);
  });

  it('records yield-inside as unavailable, with the reason, instead of running it', async () => {
    const outcome = await runShared('threads', ['unsafe', 'yield-inside'], { tasks: 2, concurrency: 2, ops: 10 });
    expect(phase(outcome, 'yield-inside')).toMatchObject({ observed: null, lost: null, wallMs: 0 });
    expect(phase(outcome, 'yield-inside').unavailable).toMatch(/no await/);
    expect(outcome.spans.toSpans()).toHaveLength(2);
  });

  it('unsafe can lose updates: repeated until it does, within 40 s', async () => {
    const { losing, trials } = await untilLost(async () => {
      const p = phase(await runShared('threads', ['unsafe'], { tasks: 2, concurrency: 2, ops: 2_000_000 }), 'unsafe');
      expect(p.observed!).toBeLessThanOrEqual(p.expected);
      return p;
    }, 40_000);
    console.info(`threads unsafe: updates lost in ${losing} of ${trials} trial(s) before the test stopped`);
    expect(losing).toBeGreaterThan(0);
  });
});

describe('processes (no shared memory)', () => {
  it('shows each process its own count instead of a shared total: together they made every update', async () => {
    const outcome = await runShared('processes', ['unsafe', 'locked', 'atomic'], { concurrency: 2, ops: 5_000 });
    for (const p of outcome.shared!) {
      expect(p.observed).toBeNull();
      expect(p.lost).toBeNull();
      expect(p.perProcess).toHaveLength(2);
      expect(p.perProcess!.reduce((a, b) => a + b, 0)).toBe(p.expected);
      // Each process counted whole tasks of its own.
      for (const c of p.perProcess!) expect(c % 5_000).toBe(0);
    }
  });
});

describe('modeOrder', () => {
  it('rotates the modes by repetition, so no mode always runs first', () => {
    expect(modeOrder(['unsafe', 'locked', 'atomic'], 0)).toEqual(['unsafe', 'locked', 'atomic']);
    expect(modeOrder(['unsafe', 'locked', 'atomic'], 1)).toEqual(['locked', 'atomic', 'unsafe']);
    expect(modeOrder(['unsafe', 'locked', 'atomic'], 5)).toEqual(['atomic', 'unsafe', 'locked']);
  });
});
