// The shared workload in real CPython: the invariants that hold whatever the timing.
// Locked and cooperative unsafe lose no update, observed ≤ expected always, atomic is
// recorded as unavailable with the reason, the switch interval asked for is the one the
// tasks ran under, and unsafe threads and processes *can* lose updates (run until they do).
import { describe, expect, it } from 'vitest';
import type { ExperimentInput } from '../../../src-shared/experiment.ts';
import type { PythonModel } from '../../../src-shared/models.ts';
import type { SharedMode } from '../../../src-shared/shared-state.ts';
import { runPythonTrial } from '../../../src-main/engine/python/index.ts';
import { sharedPhases } from '../../../src-main/engine/runners/shared-phases.ts';
import type { TrialOutcome } from '../../../src-main/engine/types.ts';
import { pyTrial, spanProblems } from './helpers.ts';
import { phase, untilLost } from '../helpers/shared-phases.ts';

async function runShared(
  model: PythonModel,
  modes: SharedMode[],
  opts: { tasks?: number; concurrency?: number; ops?: number; spelling?: 'inline' | 'call-between'; python?: ExperimentInput['python'] } = {},
): Promise<TrialOutcome> {
  const tasks = opts.tasks ?? 4;
  const k = model === 'py-sequential' ? 1 : opts.concurrency ?? 4;
  // Built with modes the schema accepts for this model alone, then given the ones under test:
  // a spec of Python models only is refused atomic up front (the schema's test says so).
  const ctx = pyTrial(
    model,
    { kind: 'shared', ops: opts.ops ?? 5_000, modes: ['unsafe'], spelling: opts.spelling ?? 'call-between' },
    { tasks, concurrency: k, ...(opts.python ? { python: opts.python } : {}) },
  );
  try {
    const outcome = await sharedPhases(runPythonTrial)({ ...ctx, workload: { ...ctx.workload, modes } as typeof ctx.workload });
    expect(outcome.error).toBeUndefined();
    expect(outcome.status).toBe('ok');
    expect(spanProblems(outcome, tasks * modes.length, k)).toEqual([]);
    for (const p of outcome.shared ?? []) if (p.observed !== null) expect(p.observed).toBeLessThanOrEqual(p.expected);
    return outcome;
  } finally {
    ctx.cleanup();
  }
}

describe('py-asyncio and py-sequential (one loop)', () => {
  it.each(['py-asyncio', 'py-sequential'] as const)('%s loses no update unsafe or locked, in either spelling', async (model) => {
    for (const spelling of ['inline', 'call-between'] as const) {
      const outcome = await runShared(model, ['unsafe', 'locked'], { spelling });
      for (const p of outcome.shared!) expect(p).toMatchObject({ expected: 20_000, observed: 20_000, lost: 0 });
    }
  });

  it('py-asyncio loses updates with an await between the read and the write (yield-inside)', async () => {
    const p = phase(await runShared('py-asyncio', ['yield-inside'], { ops: 500 }), 'yield-inside');
    // Four tasks in flight each read, then await: every round of writes loses at least one update.
    expect(p.lost!).toBeGreaterThan(0);
    expect(p.lost).toBe(p.expected - p.observed!);
  });
});

describe.each(['py-threading', 'py-multiprocessing'] as const)('%s', (model) => {
  it('loses no update locked; records atomic as unavailable, with the reason', async () => {
    const outcome = await runShared(model, ['locked', 'atomic'], { concurrency: 2, tasks: 2, ops: 20_000 });
    expect(phase(outcome, 'locked')).toMatchObject({ expected: 40_000, observed: 40_000, lost: 0 });
    const atomic = phase(outcome, 'atomic');
    expect(atomic).toMatchObject({ observed: null, lost: null, wallMs: 0 });
    expect(atomic.unavailable).toMatch(/no atomic integer update/);
  });

  it('unsafe (call-between) can lose updates: repeated until it does, within 60 s', async () => {
    // A short switch interval makes a switch between the read and the write likelier, not certain.
    const { losing, trials } = await untilLost(
      async () => phase(await runShared(model, ['unsafe'], { tasks: 2, concurrency: 2, ops: 100_000, python: { switchIntervalMs: 0.1 } }), 'unsafe'),
      60_000,
    );
    console.info(`${model} unsafe: updates lost in ${losing} of ${trials} trial(s) before the test stopped`);
    expect(losing).toBeGreaterThan(0);
  });
});

describe('py-threading, what a lock costs', () => {
  it('records each mode’s context switches, and the trial’s as their sum', async () => {
    const outcome = await runShared('py-threading', ['unsafe', 'locked'], { tasks: 4, concurrency: 4, ops: 100_000 });
    const [unsafe, locked] = [phase(outcome, 'unsafe'), phase(outcome, 'locked')];
    console.info(`py-threading 4 × 100,000: unsafe ${unsafe.wallMs} ms, ${JSON.stringify(unsafe.contextSwitches)}; locked ${locked.wallMs} ms, ${JSON.stringify(locked.contextSwitches)}`);
    expect(unsafe.contextSwitches).toBeDefined();
    expect(locked.contextSwitches).toBeDefined();
    expect(outcome.contextSwitches).toEqual({
      voluntary: unsafe.contextSwitches!.voluntary + locked.contextSwitches!.voluntary,
      involuntary: unsafe.contextSwitches!.involuntary + locked.contextSwitches!.involuntary,
    });
    // A contended acquire sleeps in the kernel: the locked mode went to sleep more often than unsafe.
    expect(locked.contextSwitches!.voluntary).toBeGreaterThan(unsafe.contextSwitches!.voluntary);
  });
});

describe('switch interval', () => {
  it('runs the tasks under the interval the spec asks for, and records it; the interpreter default otherwise', async () => {
    const asked = phase(await runShared('py-threading', ['unsafe'], { ops: 10, python: { switchIntervalMs: 0.25 } }), 'unsafe');
    expect(asked.switchIntervalMs).toBe(0.25);
    const asked2 = phase(await runShared('py-multiprocessing', ['unsafe'], { ops: 10, concurrency: 2, python: { switchIntervalMs: 2 } }), 'unsafe');
    expect(asked2.switchIntervalMs).toBe(2);
    const own = phase(await runShared('py-threading', ['unsafe'], { ops: 10 }), 'unsafe');
    expect(own.switchIntervalMs).toBe(5);
  });
});
