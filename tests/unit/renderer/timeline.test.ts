// The timeline's layout: lanes per worker, visible spans only, narrow spans merged per
// pixel column (so 100,000 spans cost a few thousand rects), hit-testing, zoom and pan.
import { describe, expect, it } from 'vitest';
import { buildTimeline, forEachLaneRect, niceTicks, panBy, spanAt, timelineFromWindow, zoomAt } from '../../../src-renderer/src/lib/timeline.ts';
import { spans } from './fake-lab.ts';

describe('timeline layout', () => {
  it('lays a window from the backend out like spans: its blocks per lane, the whole trial counted', () => {
    const data = timelineFromWindow(
      {
        runId: 'r', trialIndex: 0, startMs: 0, endMs: 10, resolutionMs: 0.1, totalSpans: 1000, lanes: 2, minStartMs: 0, maxEndMs: 12, spansInWindow: 7,
        blocks: [
          { startMs: [0, 4], endMs: [3, 9], count: [1, 5], task: [7, -1] },
          { startMs: [1], endMs: [2], count: [1], task: [8] },
        ],
      },
      4,
    );
    // k = 4 lanes, two of them empty in this window; the count is the trial's, not the window's.
    expect(data.lanes).toBe(4);
    expect(data.count).toBe(1000);
    expect(data.maxEndMs).toBe(12);
    expect([...data.starts[0]]).toEqual([0, 4]);
    expect([...data.tasks[0]]).toEqual([7, -1]);
    expect(spanAt(data, 1, 1.5)).toBe(0);
    expect(data.starts[3]).toHaveLength(0);
  });

  it('puts each worker on its own lane, sorted by start', () => {
    const data = buildTimeline([
      { task: 2, worker: 1, startMs: 5, endMs: 6 },
      { task: 0, worker: 0, startMs: 0, endMs: 2 },
      { task: 1, worker: 1, startMs: 1, endMs: 3 },
    ]);
    expect(data.lanes).toBe(2);
    expect([...data.starts[1]]).toEqual([1, 5]);
    expect([...data.tasks[1]]).toEqual([1, 2]);
    expect(data.minStartMs).toBe(0);
    expect(data.maxEndMs).toBe(6);
  });

  it('draws wide spans one by one and merges those sharing a pixel', () => {
    const data = buildTimeline(spans(100_000, 4, 1)); // 25,000 back-to-back 1 ms spans per lane
    const whole = { startMs: 0, endMs: data.maxEndMs };
    let rects = 0;
    for (let lane = 0; lane < 4; lane++) rects += forEachLaneRect(data, lane, whole, 1000, () => {});
    expect(rects).toBeLessThan(100); // merged into solid bars
    const zoomed = { startMs: 100, endMs: 150 }; // 50 spans a lane, 20 px each
    const xs: [number, number][] = [];
    forEachLaneRect(data, 0, zoomed, 1000, (a, b) => xs.push([a, b]));
    expect(xs.length).toBeGreaterThanOrEqual(50);
    expect(xs.length).toBeLessThanOrEqual(51);
    expect(xs.every(([a, b]) => a >= 0 && b <= 1000 && b > a)).toBe(true);
  });

  it('finds the span under the pointer', () => {
    const data = buildTimeline(spans(10, 2, 2));
    expect(data.tasks[1][spanAt(data, 1, 2.5)]).toBe(3);
    expect(spanAt(data, 0, 1.95)).toBe(-1); // the gap between tasks
    expect(spanAt(data, 0, 1.95, 0.1)).toBe(0);
  });

  it('zooms around the pointer and pans inside the bounds', () => {
    const v = zoomAt({ startMs: 0, endMs: 100 }, 0.5, 50, 100);
    expect(v).toEqual({ startMs: 25, endMs: 75 });
    expect(zoomAt(v, 4, 50, 100)).toEqual({ startMs: 0, endMs: 100 });
    expect(panBy(v, 100, 100)).toEqual({ startMs: 50, endMs: 100 });
    expect(panBy(v, -100, 100)).toEqual({ startMs: 0, endMs: 50 });
  });

  it('puts ticks on round numbers', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.13, 0.5, 4)).toEqual([0.2, 0.3, 0.4, 0.5]);
  });
});
