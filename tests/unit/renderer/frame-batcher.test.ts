// Coalescing: any number of pushes between two frames become one apply, in order; the
// throttled schedule spaces applies out (longer while the page is hidden).
import { describe, expect, it } from 'vitest';
import { createFrameBatcher, throttledFrame } from '../../../src-renderer/src/lib/frame-batcher.ts';

describe('frame batcher', () => {
  it('applies everything pushed before the frame once, in order', () => {
    const frames: (() => void)[] = [];
    const applied: number[][] = [];
    const b = createFrameBatcher<number>((items) => applied.push(items), (cb) => frames.push(cb));
    b.push([1, 2]);
    b.push([3]);
    expect(frames).toHaveLength(1);
    expect(b.pending).toBe(3);
    frames.shift()!();
    expect(applied).toEqual([[1, 2, 3]]);
    b.push([4]);
    b.flush();
    expect(applied).toEqual([[1, 2, 3], [4]]);
    frames.shift()!(); // the frame scheduled for 4 finds nothing left
    expect(applied).toHaveLength(2);
  });

  it('falls back to a timer where there is no screen', async () => {
    const applied: string[] = [];
    const b = createFrameBatcher<string>((items) => applied.push(...items));
    b.push(['x']);
    await new Promise((r) => setTimeout(r, 40));
    expect(applied).toEqual(['x']);
  });
});

describe('throttled frame', () => {
  /** A clock, timers and frames driven by hand. */
  function harness(hidden = false) {
    let t = 0;
    const timers: { at: number; cb: () => void }[] = [];
    const frames: (() => void)[] = [];
    const schedule = throttledFrame(250, {
      hiddenMs: 1000,
      now: () => t,
      timer: (cb, ms) => timers.push({ at: t + ms, cb }),
      frame: (cb) => frames.push(cb),
      hidden: () => hidden,
    });
    const advance = (ms: number) => {
      t += ms;
      for (const due of timers.filter((x) => x.at <= t)) {
        timers.splice(timers.indexOf(due), 1);
        due.cb();
      }
    };
    const runFrames = () => frames.splice(0).forEach((f) => f());
    return { schedule, advance, runFrames, timers, frames, setHidden: (h: boolean) => (hidden = h) };
  }

  it('runs the first callback at the next frame and makes the next wait out the interval', () => {
    const h = harness();
    const ran: string[] = [];
    h.schedule(() => ran.push('a'));
    expect(h.frames).toHaveLength(1);
    h.runFrames();
    expect(ran).toEqual(['a']);
    h.advance(40);
    h.schedule(() => ran.push('b'));
    expect(h.frames).toHaveLength(0);
    expect(h.timers[0].at).toBe(250);
    h.advance(209);
    expect(h.frames).toHaveLength(0);
    h.advance(1);
    h.runFrames();
    expect(ran).toEqual(['a', 'b']);
  });

  it('waits longer while the page is hidden', () => {
    const h = harness(true);
    const ran: string[] = [];
    h.schedule(() => ran.push('a'));
    h.runFrames();
    h.schedule(() => ran.push('b'));
    expect(h.timers[0].at).toBe(1000);
  });

  it('batches everything pushed meanwhile into one apply', () => {
    const h = harness();
    const applied: number[][] = [];
    const b = createFrameBatcher<number>((items) => applied.push(items), h.schedule);
    b.push([1]);
    h.runFrames();
    b.push([2]);
    b.push([3]);
    h.advance(100);
    b.push([4]);
    h.advance(150);
    h.runFrames();
    expect(applied).toEqual([[1], [2, 3, 4]]);
  });
});
