// A move of a screen or more is a flick, a smaller one is not; the list settles once no flick
// has come for the wait, however many came before.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flickWatch } from '../../../src-renderer/src/lib/flick-watch.ts';

afterEach(() => vi.useRealTimers());

describe('flick watch', () => {
  it('calls a move of a screen or more, either way, a flick, and settles after the wait', () => {
    vi.useFakeTimers();
    let settled = 0;
    const w = flickWatch(150, () => settled++);
    expect(w.moved(0, 899, 900)).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(settled).toBe(0); // a small scroll starts no wait
    expect(w.moved(0, 900, 900)).toBe(true);
    vi.advanceTimersByTime(149);
    expect(w.moved(900, 0, 900)).toBe(true); // another flick within the wait: it starts again
    vi.advanceTimersByTime(149);
    expect(settled).toBe(0);
    vi.advanceTimersByTime(1);
    expect(settled).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(settled).toBe(1);
  });

  it('never settles once stopped', () => {
    vi.useFakeTimers();
    let settled = 0;
    const w = flickWatch(150, () => settled++);
    w.moved(0, 5000, 900);
    w.stop();
    vi.advanceTimersByTime(1000);
    expect(settled).toBe(0);
  });
});
