// The timeline's held window: asked a little wider and finer than the view, reused for a
// zoom step or pan inside it (no round trip before the frame), asked again at once when the
// view leaves it, and never taking in a late answer that is stale or of another trial.
// Windows are cut by the backend's own spanWindow from made-up spans.
import { describe, expect, it } from 'vitest';
import type { SpanWindow } from '../../../src-shared/contract.ts';
import { decodeColumns, encodeSpans } from '../../../src-main/store/span-codec.ts';
import { buildLanes, spanWindow } from '../../../src-main/store/span-window.ts';
import { DETAIL, MARGIN, TimelineWindows, windowAround, windowServes } from '../../../src-renderer/src/lib/timeline-windows.ts';
import { spans } from './fake-lab.ts';

const PLOT = 500;
/** Two trials: 4,000 spans of 2 ms on 4 workers (0 to 2,000 ms), and 300 on 3 workers. */
const trials = [buildLanes(decodeColumns(encodeSpans(spans(4000, 4)))), buildLanes(decodeColumns(encodeSpans(spans(300, 3))))];

interface Asked {
  trialIndex: number;
  startMs: number;
  endMs: number;
  pixels: number;
  answer(): Promise<void>;
}

/** A fetcher whose answers the test releases one by one, in any order. */
function backend() {
  const asked: Asked[] = [];
  const fetcherFor = (trialIndex: number) => (startMs: number, endMs: number, pixels: number) =>
    new Promise<SpanWindow | string>((resolve) => {
      asked.push({
        trialIndex, startMs, endMs, pixels,
        answer: async () => {
          resolve(spanWindow(trials[trialIndex], { runId: 'r', trialIndex, startMs, endMs, pixels }));
          // Let the answer's then() run.
          await Promise.resolve();
          await Promise.resolve();
        },
      });
    });
  return { asked, fetcherFor };
}

/** A timeline's windows on trial 0, its first window (around 0–2,000 ms) taken in. */
async function opened() {
  const b = backend();
  let answers = 0;
  const w = new TimelineWindows(b.fetcherFor(0), () => answers++, 4);
  expect(w.show({ startMs: 0, endMs: 2000 }, PLOT)).toBe(false);
  await b.asked[0].answer();
  return { b, w, answers: () => answers };
}

describe("the timeline's windows", () => {
  it('asks for a margin around the view at finer detail than the screen, and shows the view once it came', async () => {
    const { b, w, answers } = await opened();
    expect(b.asked).toHaveLength(1);
    const first = b.asked[0];
    // Bounds are not known before the first answer: the margin reaches past the view's end.
    expect(first.startMs).toBe(0);
    expect(first.endMs).toBe(2000 * (1 + MARGIN));
    expect(first.pixels).toBe(Math.ceil(first.endMs / (2000 / PLOT / DETAIL)));
    expect(answers()).toBe(1);
    expect(w.held?.trialIndex).toBe(0);
    expect(w.data?.count).toBe(4000);
    expect(w.show({ startMs: 0, endMs: 2000 }, PLOT)).toBe(true);
  });

  it('shows a zoom-in inside the held window at once, from what it holds, and refills in the background', async () => {
    const { b, w } = await opened();
    const held = w.held;
    const zoomedIn = { startMs: 500, endMs: 1500 };
    // Twice the detail was asked: a 2× zoom-in needs no new window before its frame.
    expect(w.show(zoomedIn, PLOT)).toBe(true);
    expect(w.held).toBe(held);
    // ...and the window around the new view is asked meanwhile.
    expect(b.asked).toHaveLength(2);
    const { columnMs: _, ...around } = windowAround(zoomedIn, PLOT, 2000 - 0.1);
    expect(b.asked[1]).toMatchObject(around);
    await b.asked[1].answer();
    expect(w.held).not.toBe(held);
    expect(windowServes(w.held, zoomedIn, PLOT)).toBe(true);
    // Every span overlapping the view is in the held window: it shows what the view's own answer would.
    const own = spanWindow(trials[0], { trialIndex: 0, ...zoomedIn, pixels: PLOT });
    expect(w.held!.spansInWindow).toBeGreaterThanOrEqual(own.spansInWindow);
  });

  it('asks at once for a view it cannot show, even with a refill out, and waits for an ask out that will show it', async () => {
    const { b, w } = await opened();
    expect(w.show({ startMs: 500, endMs: 1500 }, PLOT)).toBe(true); // a refill goes out
    expect(b.asked).toHaveLength(2);
    expect(w.show({ startMs: 0, endMs: 100 }, PLOT)).toBe(false); // 20× in: finer than held or coming
    expect(b.asked).toHaveLength(3);
    // A little further in, the window just asked will show it: no second ask to queue behind it.
    expect(w.show({ startMs: 0, endMs: 90 }, PLOT)).toBe(false);
    expect(b.asked).toHaveLength(3);
    await b.asked[2].answer();
    expect(w.show({ startMs: 0, endMs: 90 }, PLOT)).toBe(true);
    // A pan within the new window's margin waits for nothing; one beyond it does.
    expect(w.show({ startMs: 20, endMs: 120 }, PLOT)).toBe(true);
    expect(w.show({ startMs: 400, endMs: 500 }, PLOT)).toBe(false);
  });

  it('drops a late answer for an older view unless it shows the view and the held one does not', async () => {
    const { b, w } = await opened();
    w.show({ startMs: 0, endMs: 100 }, PLOT); // asks #1
    w.show({ startMs: 1800, endMs: 1900 }, PLOT); // asks #2: the view now
    await b.asked[2].answer();
    const now = w.held;
    expect(windowServes(now, { startMs: 1800, endMs: 1900 }, PLOT)).toBe(true);
    await b.asked[1].answer(); // the older, late
    expect(w.held).toBe(now);
  });

  it('takes in nothing once disposed: a late answer of the trial shown before never reaches the next', async () => {
    const b = backend();
    const a = new TimelineWindows(b.fetcherFor(0), () => {}, 4);
    a.show({ startMs: 0, endMs: 2000 }, PLOT);
    // The trial changes before trial 0's first window came.
    a.dispose();
    const next = new TimelineWindows(b.fetcherFor(1), () => {}, 3);
    next.show({ startMs: 0, endMs: 200 }, PLOT);
    await b.asked[0].answer();
    expect(a.held).toBeNull();
    expect(next.held).toBeNull();
    await b.asked[1].answer();
    expect(next.held?.trialIndex).toBe(1);
    expect(next.data?.count).toBe(300);
  });

  it('says why when the backend could not answer', async () => {
    let answered = 0;
    const w = new TimelineWindows(() => Promise.resolve('run r has no trial 9'), () => answered++);
    expect(w.show({ startMs: 0, endMs: 10 }, PLOT)).toBe(false);
    await Promise.resolve();
    await Promise.resolve();
    expect(w.error).toBe('run r has no trial 9');
    expect(answered).toBe(1);
  });
});
