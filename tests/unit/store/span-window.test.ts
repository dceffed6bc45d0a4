// The timeline's spans per window: any time window of a trial, cut from its lanes, with
// spans narrower than a column merged, so the renderer receives what it draws whatever the
// trial holds. Checked against a brute-force reading of the same spans.
import { afterAll, describe, expect, it } from 'vitest';
import type { SpanBlocks } from '../../../src-shared/contract.ts';
import type { Span } from '../../../src-shared/result.ts';
import { LabStore } from '../../../src-main/store/index.ts';
import { decodeColumns, encodeSpans } from '../../../src-main/store/span-codec.ts';
import { buildLanes, spanWindow } from '../../../src-main/store/span-window.ts';
import { makeRun, makeSpans, makeSpec, recordRun, seeded, tempDir } from './fixtures/make-run.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());

const K = 4;
const spans = makeSpans(3000, K, seeded(21));
const lanes = buildLanes(decodeColumns(encodeSpans(spans)));

/** The blocks of one lane as rows, for reading. */
function rows(b: SpanBlocks) {
  return b.startMs.map((startMs, i) => ({ startMs, endMs: b.endMs[i], count: b.count[i], task: b.task[i], runMs: b.runMs?.[i], waitMs: b.waitMs?.[i] }));
}

const overlapping = (s: Span, a: number, z: number) => s.endMs >= a && s.startMs <= z;

describe('a window of a trial', () => {
  it('holds every span that overlaps it in exactly one block, inside the block, and no other', () => {
    for (const [a, z, pixels] of [
      [0, 120, 10],
      [0, 120, 100_000],
      [20.5, 31.25, 300],
      [99, 99.5, 7],
    ] as const) {
      const w = spanWindow(lanes, { trialIndex: 0, startMs: a, endMs: z, pixels });
      expect(w.blocks).toHaveLength(K);
      expect(w.totalSpans).toBe(spans.length);
      const want = spans.filter((s) => overlapping(s, a, z));
      expect(w.spansInWindow).toBe(want.length);
      for (let lane = 0; lane < K; lane++) {
        const laneSpans = want.filter((s) => s.worker === lane);
        const blocks = rows(w.blocks[lane]);
        expect(blocks.reduce((n, b) => n + b.count, 0)).toBe(laneSpans.length);
        // Each span lies inside a block of its lane; the blocks are in start order.
        for (const s of laneSpans) expect(blocks.some((b) => b.startMs <= s.startMs && s.endMs <= b.endMs)).toBe(true);
        for (let i = 1; i < blocks.length; i++) expect(blocks[i].startMs).toBeGreaterThanOrEqual(blocks[i - 1].startMs);
        // A block of one span names its task; a merged one does not.
        for (const b of blocks) {
          if (b.count === 1) expect(laneSpans.map((s) => s.task)).toContain(b.task);
          else expect(b.task).toBe(-1);
        }
      }
    }
  });

  it('keeps a span a column wide or wider on its own, and merges narrower neighbours', () => {
    const fine = spanWindow(lanes, { trialIndex: 0, startMs: 0, endMs: 120, pixels: 1_000_000 });
    // 0.12 µs a column: no span is narrower, so every span is a block of its own.
    expect(fine.blocks.flatMap((b) => b.count).every((c) => c === 1)).toBe(true);
    const coarse = spanWindow(lanes, { trialIndex: 0, startMs: 0, endMs: 120, pixels: 10 });
    // 12 ms a column: every span (at most 10 ms wide) is narrower; neighbours closer than a
    // column share a block, so a lane of 750 overlapping spans draws as a handful.
    const blocks = coarse.blocks.map((b) => b.count.length);
    for (const n of blocks) expect(n).toBeLessThanOrEqual(10);
    expect(coarse.blocks.flatMap((b) => b.count).some((c) => c > 1)).toBe(true);
  });

  it('sums the wait states of the spans a block holds', () => {
    const w = spanWindow(lanes, { trialIndex: 0, startMs: 10, endMs: 60, pixels: 40 });
    for (let lane = 0; lane < K; lane++) {
      const want = spans.filter((s) => s.worker === lane && overlapping(s, 10, 60));
      const run = w.blocks[lane].runMs!.reduce((a, b) => a + b, 0);
      const wait = w.blocks[lane].waitMs!.reduce((a, b) => a + b, 0);
      expect(run).toBeCloseTo(want.reduce((a, s) => a + (s.runMs ?? 0), 0), 6);
      expect(wait).toBeCloseTo(want.reduce((a, s) => a + (s.waitMs ?? 0), 0), 6);
      expect(w.blocks[lane].measured!.reduce((a, b) => a + b, 0)).toBe(want.filter((s) => s.runMs !== undefined).length);
      const handoff = w.blocks[lane].handoffInMs!.reduce((a, b) => a + b, 0);
      expect(handoff).toBeCloseTo(want.reduce((a, s) => a + (s.handoffInMs ?? 0), 0), 6);
    }
    // A trial whose spans were not measured has no state columns at all.
    const bare = buildLanes(decodeColumns(encodeSpans(spans.map(({ task, worker, startMs, endMs }) => ({ task, worker, startMs, endMs })))));
    expect(spanWindow(bare, { trialIndex: 0, startMs: 0, endMs: 120, pixels: 100 }).blocks[0].runMs).toBeUndefined();
  });
});

describe('the store', () => {
  it('answers a window of a saved trial, and names a trial that is not there', () => {
    const store = LabStore.open(tmp.file('window.db'));
    try {
      const run = makeRun({ seed: 5, experiment: makeSpec({ models: ['threads'], concurrency: [4], repetitions: 1 }) });
      recordRun(store, run);
      const trial = run.trials.at(-1)!;
      const req = { runId: run.runId.slice(0, 8), trialIndex: trial.index, startMs: 0, endMs: 200, pixels: 500 };
      const w = store.getTrialSpans(req);
      const want = spanWindow(buildLanes(decodeColumns(encodeSpans(trial.spans))), { ...req, runId: run.runId });
      expect(w).toEqual(want);
      expect(w.runId).toBe(run.runId);
      // Asked again (a pan, a zoom), the same answer from the lanes laid out once.
      expect(store.getTrialSpans({ ...req, startMs: 50 })).toEqual(spanWindow(buildLanes(decodeColumns(encodeSpans(trial.spans))), { ...req, runId: run.runId, startMs: 50 }));
      expect(() => store.getTrialSpans({ ...req, trialIndex: 999 })).toThrow(expect.objectContaining({ code: 'not-found' }));
    } finally {
      store.close();
    }
  });
});
