// Work put off until the next frame is painted and the renderer is idle: never in the calling
// task nor in the frame callback, in an idle period after the frame (with a deadline), soon
// where there are no frames, and never once cancelled.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterPaintWhenIdle } from '../../../src-renderer/src/lib/after-paint-when-idle.ts';

const nextTasks = () => new Promise((r) => setTimeout(r, 10));

/** A renderer with frames and idle periods that the test runs by hand. */
function fakeRenderer() {
  const frames: (() => void)[] = [];
  const idles: { fn: () => void; timeout?: number }[] = [];
  vi.stubGlobal('document', { visibilityState: 'visible' });
  vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
  vi.stubGlobal('cancelAnimationFrame', () => frames.splice(0));
  vi.stubGlobal('requestIdleCallback', (fn: () => void, o?: { timeout?: number }) => idles.push({ fn, timeout: o?.timeout }));
  vi.stubGlobal('cancelIdleCallback', () => idles.splice(0));
  return { frames, idles };
}

describe('after paint when idle', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('runs in an idle period after the next frame, not in the frame callback', async () => {
    const { frames, idles } = fakeRenderer();
    const ran: string[] = [];
    afterPaintWhenIdle(() => ran.push('work'), 300);
    await nextTasks();
    expect(idles).toHaveLength(0); // no frame yet: not even asked for an idle period
    frames.shift()!();
    expect(ran).toEqual([]); // the frame itself is left to draw
    expect(idles.map((i) => i.timeout)).toEqual([300]);
    idles.shift()!.fn();
    expect(ran).toEqual(['work']);
  });

  it('runs soon where there are neither frames nor idle callbacks, but not in the calling task', async () => {
    const ran: string[] = [];
    afterPaintWhenIdle(() => ran.push('work'));
    expect(ran).toEqual([]);
    await nextTasks();
    expect(ran).toEqual(['work']);
  });

  it('runs nothing once cancelled, before or after the frame', () => {
    const { frames, idles } = fakeRenderer();
    afterPaintWhenIdle(() => expect.unreachable())();
    expect(frames).toHaveLength(0);
    const cancel = afterPaintWhenIdle(() => expect.unreachable());
    frames.shift()!();
    expect(idles).toHaveLength(1);
    cancel();
    expect(idles).toHaveLength(0);
  });
});
