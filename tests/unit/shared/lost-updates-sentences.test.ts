// The words of a shared run: counted figures per cell and mode, turned into one
// sentence each with a rule id; the lock's cost as a ratio of median walls.
import { describe, expect, it } from 'vitest';
import { describeShared, summarizeShared } from '../../../src-shared/lost-updates.ts';
import type { ModelName } from '../../../src-shared/models.ts';
import type { SharedPhase, TrialResult } from '../../../src-shared/result.ts';
import { summarize } from '../../../src-shared/summary.ts';
import { explainFigures } from '../../../src-shared/explain-run.ts';

let index = 0;
function trial(model: ModelName, shared: SharedPhase[], wallMs = 100): TrialResult {
  return { index: index++, model, concurrency: 4, repetition: 0, status: 'ok', wallMs, startupMs: 1, cpuMs: 1, offsetMs: 0, shared, spans: [] };
}
const ph = (mode: SharedPhase['mode'], lost: number | null, wallMs: number, extra: Partial<SharedPhase> = {}): SharedPhase => ({
  mode, expected: 400_000, observed: lost === null ? null : 400_000 - lost, lost, wallMs, ...extra,
});

describe('shared findings', () => {
  it('says how many updates threads lost, of how many, how often, and why', () => {
    const trials = [
      trial('py-threading', [ph('unsafe', 18_304, 100, { switchIntervalMs: 5 }), ph('locked', 0, 310, { switchIntervalMs: 5 })]),
      trial('py-threading', [ph('unsafe', 0, 90, { switchIntervalMs: 5 }), ph('locked', 0, 300, { switchIntervalMs: 5 })]),
      trial('py-threading', [ph('unsafe', 25_000, 110, { switchIntervalMs: 5 }), ph('locked', 0, 290, { switchIntervalMs: 5 })]),
    ];
    const [unsafe, locked] = describeShared(trials);
    expect(unsafe).toMatchObject({ rule: 'lost-updates', model: 'py-threading', mode: 'unsafe' });
    expect(unsafe.text).toBe(
      'py-threading, unsafe: 18,304 of 400,000 updates lost (4.6%; median of 3 trials, lost in 2 of 3, 0–25,000) — the interpreter switched threads between the read and the write (switch interval 5 ms)',
    );
    expect(locked).toMatchObject({ rule: 'none-lost-guarded' });
    expect(locked.text).toBe('py-threading, locked: none lost in 3 trials, 3.0× slower than unsafe');
  });

  it('explains a costly lock by the context switches it caused, and only when they show it', () => {
    const sw = (voluntary: number) => ({ contextSwitches: { voluntary, involuntary: 0 } });
    const run = (lockedWall: number, lockedSwitches: number, model: ModelName = 'py-threading') =>
      describeShared([trial(model, [ph('unsafe', 0, 20, sw(25)), ph('locked', 0, lockedWall, sw(lockedSwitches))])])[1].text;
    expect(run(5_100, 34_186)).toBe(
      'py-threading, locked: none lost, 255× slower than unsafe — 34,186 voluntary context switches against 25 unsafe (one per 12 updates): a thread that finds the lock taken sleeps in the kernel until it is released, then waits to take the GIL back',
    );
    expect(run(240, 4_000, 'py-multiprocessing')).toMatch(/a process that finds the lock taken sleeps in the kernel until it is released$/);
    // Cheap enough to need no reason, or switches no more than unsafe's: nothing is claimed.
    expect(run(59, 34_186)).toBe('py-threading, locked: none lost, 3.0× slower than unsafe');
    expect(run(5_100, 249)).toBe('py-threading, locked: none lost, 255× slower than unsafe');
    // Many more sleeps than unsafe but too few to matter (one per 1,538 updates, or just over 100): not the reason.
    expect(run(300, 260)).toBe('py-threading, locked: none lost, 15× slower than unsafe');
    expect(run(5_100, 3_999)).toBe('py-threading, locked: none lost, 255× slower than unsafe');
    // Without the OS's counts (an old run, another platform) there is no evidence, so no reason.
    const bare = describeShared([trial('py-threading', [ph('unsafe', 0, 20), ph('locked', 0, 5_100)])])[1].text;
    expect(bare).toBe('py-threading, locked: none lost, 255× slower than unsafe');
  });

  it('gives an uncontended guard its own cost per update, so a large ratio over a plain add is not a mystery', () => {
    // 400,000 updates: unsafe 0.4 ms (1 ns each), locked 19.2 ms: 48×, +47 ns per update.
    const found = describeShared([trial('async', [ph('unsafe', 0, 0.4), ph('locked', 0, 19.2), ph('atomic', 0, 800)])]);
    expect(found[1].text).toBe(
      'async, locked: none lost, 48× slower than unsafe (+47 ns per update: the lock’s own acquire and release, never contended while tasks switch only at await)',
    );
    expect(found[2].text).toMatch(/2000× slower than unsafe \(\+2\.0 µs per update: the atomic add’s own cost, never contended while tasks switch only at await\)$/);
    expect(describeShared([trial('py-sequential', [ph('unsafe', 0, 40), ph('locked', 0, 200)])])[1].text).toMatch(
      /\(\+400 ns per update: the lock’s own acquire and release, never contended while one task runs at a time\)$/,
    );
    // Threads can contend: their wall per update is not the lock's own cost, and is not given as one.
    expect(describeShared([trial('threads', [ph('unsafe', 0, 40), ph('locked', 0, 200)])])[1].text).toBe('threads, locked: none lost, 5.0× slower than unsafe');
  });

  it('says cooperative unsafe loses none because tasks switch only at await, and yield-inside loses', () => {
    const found = describeShared([trial('py-asyncio', [ph('unsafe', 0, 50), ph('yield-inside', 148_000, 900)])]);
    expect(found[0].text).toBe('py-asyncio, unsafe: none lost — tasks switch only at await');
    expect(found[1].text).toBe(
      'py-asyncio, yield-inside: 148,000 of 400,000 updates lost (37%) — each task awaited between its read and its write, and the others wrote meanwhile, 18× slower than unsafe',
    );
  });

  it('calls zero lost under unsafe threads luck, not safety; and a free-threaded interpreter no GIL', () => {
    expect(describeShared([trial('threads', [ph('unsafe', 0, 10)])])[0]).toMatchObject({ rule: 'none-lost-by-luck' });
    expect(describeShared([trial('py-threading', [ph('unsafe', 10, 10)])], { pythonGil: false })[0].text).toMatch(/with no GIL the threads ran at the same time/);
  });

  it('shows each Node process its own count, and a mode a model cannot run with the reason', () => {
    const found = describeShared([
      trial('processes', [ph('unsafe', null, 10, { perProcess: [100_000, 100_000, 100_000, 100_000] }), ph('yield-inside', null, 0, { unavailable: 'processes have no await' })]),
    ]);
    expect(found[0]).toMatchObject({ rule: 'no-shared-memory' });
    expect(found[0].text).toContain('(100,000 + 100,000 + 100,000 + 100,000 = 400,000 of 400,000)');
    expect(found[1]).toMatchObject({ rule: 'mode-unavailable', text: 'processes, yield-inside: not run — processes have no await' });
  });

  it('keeps the modes in the spec’s order whatever order each trial ran them in', () => {
    const cells = summarizeShared([trial('threads', [ph('unsafe', 0, 10), ph('atomic', 0, 20)]), trial('threads', [ph('atomic', 0, 20), ph('unsafe', 5, 10)])]);
    expect(cells[0].modes.map((m) => m.mode)).toEqual(['unsafe', 'atomic']);
    expect(cells[0].modes[0].losingTrials).toBe(1);
    expect(cells[0].modes[1].timesUnsafe).toBe(2);
  });
});

describe('speedup of shared runs', () => {
  it('is not computed against a baseline that ran other modes (not the same work)', () => {
    const rows = summarize(
      [
        { ...trial('py-sequential', [ph('unsafe', 0, 10), ph('yield-inside', null, 0, { unavailable: 'one task at a time' })]), concurrency: 1 },
        trial('py-asyncio', [ph('unsafe', 0, 10), ph('yield-inside', 5, 10)]),
        trial('py-threading', [ph('unsafe', 0, 10), ph('yield-inside', null, 0, { unavailable: 'threads' })]),
      ],
      2,
    );
    expect(rows.find((r) => r.model === 'py-asyncio')!.speedup).toBeNull();
    expect(rows.find((r) => r.model === 'py-threading')!.speedup).toBe(1);
  });
});

describe('verdicts on a shared run', () => {
  it('say a cell ran other modes than its baseline, not that the baseline is missing', () => {
    const trials = [
      { ...trial('sequential', [ph('unsafe', 0, 10), ph('yield-inside', null, 0, { unavailable: 'one task at a time' })]), concurrency: 1 },
      trial('async', [ph('unsafe', 0, 10), ph('yield-inside', 5, 10)]),
    ];
    const verdicts = explainFigures({
      workload: { kind: 'shared', ops: 100_000, modes: ['unsafe', 'yield-inside'], spelling: 'call-between' },
      summary: summarize(trials, 2),
      logicalCores: 2,
    });
    expect(verdicts.map((v) => v.id)).toContain('baseline-other-modes');
    expect(verdicts.map((v) => v.id)).not.toContain('baseline');
  });
});
