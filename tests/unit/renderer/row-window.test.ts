// The rows History draws: every row in view, a few around, none past the list's ends.
import { describe, expect, it } from 'vitest';
import { rowWindow } from '../../../src-renderer/src/lib/row-window.ts';

const base = { scrollTop: 0, viewportHeight: 900, listTop: 300, rowHeight: 40, count: 10_000, overscan: 4 };

describe('row window', () => {
  it('at the top of the page draws the rows from the first to past the bottom of the view', () => {
    // Rows start 300 px down: 600 px of them are in view, 15 rows, plus 4 below.
    expect(rowWindow(base)).toEqual({ start: 0, end: 19 });
  });

  it('scrolled, draws the rows in view and the overscan on both sides', () => {
    expect(rowWindow({ ...base, scrollTop: 300 + 40 * 1000 + 20 })).toEqual({ start: 996, end: 1027 });
  });

  it('stops at the ends of the list', () => {
    expect(rowWindow({ ...base, scrollTop: 300 + 40 * 9990 })).toEqual({ start: 9986, end: 10_000 });
    expect(rowWindow({ ...base, count: 3 })).toEqual({ start: 0, end: 3 });
    expect(rowWindow({ ...base, count: 0 })).toEqual({ start: 0, end: 0 });
  });

  it('covers every row that meets the view, and not many more, wherever the view is', () => {
    for (let i = 0; i < 2000; i++) {
      const input = {
        scrollTop: Math.random() * 500_000,
        viewportHeight: 100 + Math.random() * 1500,
        listTop: Math.random() * 800,
        rowHeight: 20 + Math.floor(Math.random() * 40),
        count: Math.floor(Math.random() * 12_000),
        overscan: Math.floor(Math.random() * 6),
      };
      const { start, end } = rowWindow(input);
      expect(start).toBeGreaterThanOrEqual(0);
      expect(end).toBeLessThanOrEqual(input.count);
      expect(end).toBeGreaterThanOrEqual(start);
      const top = input.scrollTop - input.listTop;
      const bottom = top + input.viewportHeight;
      // A row meets the view when it starts above its bottom and ends below its top.
      for (let r = Math.max(0, Math.floor(top / input.rowHeight) - 1); r < Math.min(input.count, Math.ceil(bottom / input.rowHeight) + 1); r++) {
        const meets = r * input.rowHeight < bottom && (r + 1) * input.rowHeight > top;
        if (meets) expect(r >= start && r < end, `row ${r} in view but not drawn`).toBe(true);
      }
      expect(end - start).toBeLessThanOrEqual(Math.ceil(input.viewportHeight / input.rowHeight) + 2 + 2 * input.overscan);
    }
  });
});
