// Coalescing: any number of pushes between two frames become one apply, in order.
import { describe, expect, it } from 'vitest';
import { createFrameBatcher } from '../../../src-renderer/src/lib/frame-batcher.ts';

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
