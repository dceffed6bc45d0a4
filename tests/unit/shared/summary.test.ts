import { describe, expect, it } from 'vitest';
import type { ModelName } from '../../../src-shared/models.ts';
import { figuresOf, type Span, type TrialResult, type TrialStatus } from '../../../src-shared/result.ts';
import { beyondIdealReason, cpuShare, IDEAL_SPEEDUP_RULE, idealSpeedup, latenciesOf, noSpeedupIntervalReason, summarize, TrialLatencies } from '../../../src-shared/summary.ts';

let nextIndex = 0;
function trial(model: ModelName, concurrency: number, wallMs: number, opts: { status?: TrialStatus; spans?: Span[]; startupMs?: number; cpuMs?: number } = {}): TrialResult {
  return {
    index: nextIndex++,
    model,
    concurrency,
    repetition: 0,
    status: opts.status ?? 'ok',
    wallMs,
    startupMs: opts.startupMs ?? 0,
    cpuMs: opts.cpuMs ?? 0,
    offsetMs: 0,
    spans: opts.spans ?? spansOf([1, 1, 1, 1]),
  };
}

function spansOf(durations: number[]): Span[] {
  return durations.map((d, task) => ({ task, worker: 0, startMs: 0, endMs: d }));
}

describe('summarize', () => {
  it('computes medians, speedup and efficiency against the sequential baseline, capped by the cores for CPU work', () => {
    nextIndex = 0;
    // The baseline is all CPU (f = 1): the ideal is min(k, 2 cores).
    const trials = [
      trial('sequential', 1, 100, { cpuMs: 100 }),
      trial('threads', 2, 50),
      trial('threads', 4, 40),
      trial('sequential', 1, 100, { cpuMs: 100 }),
      trial('threads', 2, 50),
      trial('threads', 4, 50),
      trial('sequential', 1, 100, { cpuMs: 100 }),
      trial('threads', 2, 50),
      trial('threads', 4, 60),
    ];
    const rows = summarize(trials, 2);
    expect(rows.map((r) => `${r.model}@${r.concurrency}`)).toEqual(['sequential@1', 'threads@2', 'threads@4']);

    const [seq, t2, t4] = rows;
    expect(seq.speedup).toBe(1);
    expect(seq.efficiency).toBe(1);
    expect(seq.runtime).toBe('node');

    expect(t2.wallMs.median).toBe(50);
    expect(t2.speedup).toBe(2);
    expect(t2.efficiency).toBe(1);

    // k = 4 on 2 cores: efficiency divides by the 2 cores, not by k.
    expect(t4.wallMs.median).toBe(50);
    expect(t4.wallMs.mean).toBe(50);
    expect(t4.wallMs.min).toBe(40);
    expect(t4.wallMs.max).toBe(60);
    expect(t4.wallMs.stdev).toBeCloseTo(10, 10);
    expect(t4.speedup).toBe(2);
    expect(t4.cpuShare).toBe(1);
    expect(t4.idealSpeedup).toBe(2);
    expect(t4.efficiency).toBe(1);
  });

  it('measures efficiency against the ideal the work allows: min(k, c / f), f the CPU share at k = 1', () => {
    expect(idealSpeedup(4, 2, 1)).toBe(2); // CPU-bound: the cores
    expect(idealSpeedup(4, 2, 0)).toBe(4); // pure waiting: the workers
    expect(idealSpeedup(8, 2, 0.5)).toBe(4); // half CPU: twice the cores
    expect(idealSpeedup(3, 2, 0.5)).toBe(3);
    expect(cpuShare({ cpuMs: 30, wallMs: 120 })).toBe(0.25);
    expect(cpuShare({ cpuMs: 101, wallMs: 100 })).toBe(1); // a CPU clock a little ahead of the wall
    expect(cpuShare(undefined)).toBeNull();
    expect(IDEAL_SPEEDUP_RULE).toMatch(/^ideal = min\(k, c \/ f\)/);

    // IO work (2 ms of CPU in 100 ms): async at k = 4 on 2 cores is 3.66x, 92% of the ideal 4x, not 183%.
    nextIndex = 0;
    const io = [
      trial('sequential', 1, 100, { cpuMs: 2 }), trial('sequential', 1, 100, { cpuMs: 2 }), trial('sequential', 1, 100, { cpuMs: 2 }),
      trial('async', 4, 27.3), trial('async', 4, 27.3), trial('async', 4, 27.3),
    ];
    const [, async4] = summarize(io, 2);
    expect(async4.cpuShare).toBe(0.02);
    expect(async4.idealSpeedup).toBe(4);
    expect(async4.efficiency).toBeCloseTo(100 / 27.3 / 4, 10);
    expect(async4.efficiency).toBeLessThan(1);
    expect(beyondIdealReason(async4)).toBeUndefined();
  });

  it('says why an efficiency is above 100%', () => {
    nextIndex = 0;
    // CPU work, 2 cores, threads at k = 2 2.2x faster: beyond the ideal 2x, outside its CI.
    const tight = [
      trial('sequential', 1, 110, { cpuMs: 110 }), trial('sequential', 1, 110, { cpuMs: 110 }), trial('sequential', 1, 110, { cpuMs: 110 }),
      trial('threads', 2, 50), trial('threads', 2, 50.1), trial('threads', 2, 49.9),
    ];
    const [, fast] = summarize(tight, 2);
    expect(fast.efficiency).toBeGreaterThan(1);
    expect(beyondIdealReason(fast)).toMatch(/^above 100%: the baseline ran slower per task/);

    nextIndex = 0;
    const loose = [
      trial('sequential', 1, 100, { cpuMs: 100 }), trial('sequential', 1, 100, { cpuMs: 100 }), trial('sequential', 1, 100, { cpuMs: 100 }),
      trial('threads', 2, 40), trial('threads', 2, 49), trial('threads', 2, 60),
    ];
    const [, noisy] = summarize(loose, 2);
    expect(noisy.efficiency).toBeGreaterThan(1);
    expect(beyondIdealReason(noisy)).toBe('above 100% within the 95% CI: noise');
    expect(beyondIdealReason({ ...noisy, trials: 1 })).toBe('above 100% from one trial: no interval to tell noise from a real excess');
  });

  it('says why a speedup has no interval: the baseline, one trial in the cell, or one in its baseline', () => {
    nextIndex = 0;
    const rows = summarize(
      [
        trial('sequential', 1, 100, { cpuMs: 100 }), trial('sequential', 1, 104, { cpuMs: 104 }),
        trial('threads', 2, 55), trial('threads', 2, 52),
        trial('threads', 4, 50),
        trial('py-sequential', 1, 200, { cpuMs: 200 }),
        trial('py-threading', 2, 210), trial('py-threading', 2, 205),
      ],
      2,
    );
    const row = (m: ModelName, k: number) => rows.find((r) => r.model === m && r.concurrency === k)!;
    expect(row('threads', 2).speedupCi95).not.toBeNull();
    expect(noSpeedupIntervalReason(row('threads', 2), rows)).toBeUndefined();
    expect(noSpeedupIntervalReason(row('sequential', 1), rows)).toBe('the baseline: 1× by definition');
    expect(row('threads', 4).speedupCi95).toBeNull();
    expect(noSpeedupIntervalReason(row('threads', 4), rows)).toBe('no interval from one trial');
    expect(row('py-threading', 2).speedupCi95).toBeNull();
    expect(noSpeedupIntervalReason(row('py-threading', 2), rows)).toBe('no interval: its baseline has one trial');
  });

  it('gives the 95% CI of the mean from Student t and flags a wide one as noisy', () => {
    nextIndex = 0;
    const rows = summarize([trial('threads', 4, 40), trial('threads', 4, 50), trial('threads', 4, 60)], 8);
    const [row] = rows;
    // t(0.975, 2) = 4.302653; half-width = 4.302653 * 10 / sqrt(3) = 24.841
    expect(row.wallMs.ci95.low).toBeCloseTo(50 - 24.8415, 3);
    expect(row.wallMs.ci95.high).toBeCloseTo(50 + 24.8415, 3);
    expect(row.noisy).toBe(true);
    expect(row.speedup).toBeNull();
    expect(row.efficiency).toBeNull();
  });

  it('trusts three tight trials and distrusts fewer than three', () => {
    nextIndex = 0;
    const rows = summarize(
      [
        trial('async', 2, 100), trial('async', 2, 101), trial('async', 2, 99),
        trial('async', 4, 50), trial('async', 4, 50),
      ],
      2,
    );
    expect(rows.find((r) => r.concurrency === 2)!.noisy).toBe(false);
    expect(rows.find((r) => r.concurrency === 4)!.noisy).toBe(true);
  });

  it('counts failed and timed-out trials apart and leaves them out of the figures', () => {
    nextIndex = 0;
    const rows = summarize(
      [
        trial('sequential', 1, 90),
        trial('processes', 2, 45),
        trial('processes', 2, 1, { status: 'failed' }),
        trial('processes', 2, 1, { status: 'timeout' }),
        trial('processes', 2, 1, { status: 'cancelled' }),
        trial('processes', 4, 1, { status: 'failed' }),
      ],
      4,
    );
    const p2 = rows.find((r) => r.model === 'processes' && r.concurrency === 2)!;
    expect(p2.trials).toBe(1);
    expect(p2.failed).toBe(2);
    expect(p2.wallMs.median).toBe(45);
    expect(p2.speedup).toBe(2);
    // Every trial of processes@4 failed: there is nothing to summarise.
    expect(rows.some((r) => r.model === 'processes' && r.concurrency === 4)).toBe(false);
  });

  it('measures throughput at the median wall, and task latency as the median over trials of each trial\'s p50 and p95', () => {
    nextIndex = 0;
    const rows = summarize(
      [
        trial('threads', 2, 50, { spans: spansOf([1, 2, 3, 4, 5]), startupMs: 10, cpuMs: 80 }),
        trial('threads', 2, 50, { spans: spansOf([6, 7, 8, 9, 10]), startupMs: 30, cpuMs: 100 }),
        // One trial of slow tasks moves neither figure past the other two trials'.
        trial('threads', 2, 50, { spans: spansOf([100, 100, 100, 100, 100]), startupMs: 20, cpuMs: 90 }),
      ],
      2,
    );
    const [row] = rows;
    expect(row.throughput).toBe(100); // 5 tasks in 50 ms
    // Each trial's p50: 3, 8, 100; p95: 4.8, 9.8, 100.
    expect(row.latencyMs.p50).toBe(8);
    expect(row.latencyMs.p95).toBeCloseTo(9.8, 10);
    expect(row.startupMs.median).toBe(20);
    expect(row.cpuMs.median).toBe(90);
  });

  it('gives the same figures from latency quantiles kept trial by trial as from every trial\'s spans (the engine\'s way)', () => {
    nextIndex = 0;
    let x = 3;
    const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const durations = (n: number) => Array.from({ length: n }, () => Math.round(rnd() * 1e6) / 1e3);
    const trials = [
      trial('sequential', 1, 90, { spans: spansOf(durations(400)) }),
      trial('threads', 2, 50, { spans: spansOf(durations(401)) }),
      trial('threads', 2, 1, { status: 'failed', spans: spansOf(durations(7)) }),
      trial('sequential', 1, 95, { spans: spansOf(durations(399)) }),
      trial('threads', 2, 55, { spans: spansOf(durations(400)) }),
      trial('sequential', 1, 92, { spans: spansOf(durations(400)) }),
    ];
    const kept = new TrialLatencies();
    const figures = [];
    for (const t of trials) {
      figures.push(figuresOf(t));
      if (t.status === 'ok') {
        const latencies = latenciesOf(t.spans);
        kept.add(t.index, latencies);
        // Nothing per task is kept: the array is freed as soon as its quantiles are taken.
        expect(latencies.length).toBe(0);
      }
      // After every trial, as the engine summarizes: exactly what the spans say.
      expect(summarize(figures, 2, kept)).toEqual(summarize(trials.slice(0, figures.length), 2));
    }
    expect(kept.get(2)).toBeUndefined();
  });

  it('refuses to summarize an ok trial whose latencies were not kept', () => {
    nextIndex = 0;
    const t = trial('sequential', 1, 90, { spans: spansOf([1, 2, 3]) });
    expect(() => summarize([figuresOf(t)], 2, new TrialLatencies())).toThrow(/trial 0 \(sequential at k = 1\): no latencies were kept for it/);
  });

  it('measures Python models against the Python baseline', () => {
    nextIndex = 0;
    const rows = summarize(
      [trial('sequential', 1, 100), trial('py-sequential', 1, 300), trial('py-threading', 2, 300), trial('py-multiprocessing', 2, 150)],
      2,
    );
    expect(rows.find((r) => r.model === 'py-threading')!.speedup).toBe(1);
    expect(rows.find((r) => r.model === 'py-multiprocessing')!.speedup).toBe(2);
    expect(rows.find((r) => r.model === 'py-multiprocessing')!.runtime).toBe('python');
  });

  it('orders rows by the index of each cell’s first trial, whatever order the trials arrive in', () => {
    nextIndex = 0;
    const trials = [trial('sequential', 1, 10), trial('async', 4, 10), trial('async', 1, 10)];
    expect(summarize([...trials].reverse(), 2).map((r) => `${r.model}@${r.concurrency}`)).toEqual([
      'sequential@1', 'async@4', 'async@1',
    ]);
  });
});
