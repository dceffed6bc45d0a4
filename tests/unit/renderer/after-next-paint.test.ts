// Work put off until the next frame is painted: never in the calling task, after the frame's
// callback (in a task of its own), soon where there are no frames, and never once cancelled.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterNextPaint } from '../../../src-renderer/src/lib/after-next-paint.ts';

const nextTasks = () => new Promise((r) => setTimeout(r, 10));

describe('after next paint', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('runs after the next frame, in a task of its own, not in the frame callback', async () => {
    const frames: (() => void)[] = [];
    vi.stubGlobal('document', { visibilityState: 'visible' });
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
    vi.stubGlobal('cancelAnimationFrame', () => {});
    const ran: string[] = [];
    afterNextPaint(() => ran.push('work'));
    await nextTasks();
    expect(ran).toEqual([]); // no frame yet
    frames.shift()!();
    expect(ran).toEqual([]); // the frame itself is left to draw
    await nextTasks();
    expect(ran).toEqual(['work']);
  });

  it('runs soon where there are no frames, but not in the calling task', async () => {
    const ran: string[] = [];
    afterNextPaint(() => ran.push('work'));
    expect(ran).toEqual([]);
    await nextTasks();
    expect(ran).toEqual(['work']);
  });

  it('runs nothing once cancelled, before or after the frame', async () => {
    const frames: (() => void)[] = [];
    vi.stubGlobal('document', { visibilityState: 'visible' });
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
    vi.stubGlobal('cancelAnimationFrame', () => frames.splice(0));
    const ran: string[] = [];
    afterNextPaint(() => ran.push('before'))();
    expect(frames).toHaveLength(0);
    const cancel = afterNextPaint(() => ran.push('after'));
    frames.shift()!();
    cancel();
    await nextTasks();
    expect(ran).toEqual([]);
  });
});
