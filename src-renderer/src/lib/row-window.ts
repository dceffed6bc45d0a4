// Which rows of a long list of rows of one fixed height to draw, for a list that scrolls with
// the window (History's 10,000 runs). With one height for every row, the rows in view follow
// from the scroll position by arithmetic: nothing is measured row by row, so scrolling never
// makes the browser lay the page out to answer a question.

export interface RowWindowInput {
  /** The window's scroll position (`scrollY`). */
  scrollTop: number;
  /** The window's inner height. */
  viewportHeight: number;
  /** Where the first row starts, in page coordinates (0 = the top of the document). */
  listTop: number;
  rowHeight: number;
  count: number;
  /** Rows drawn beyond each edge of the view, so a small scroll shows rows already there. */
  overscan: number;
}

/** Rows start..end-1 are drawn; the space of the others is left blank above and below. */
export interface RowWindow {
  start: number;
  end: number;
}

export function rowWindow({ scrollTop, viewportHeight, listTop, rowHeight, count, overscan }: RowWindowInput): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor((scrollTop - listTop) / rowHeight);
  const last = Math.ceil((scrollTop + viewportHeight - listTop) / rowHeight);
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, Math.max(start, last + overscan));
  return { start, end };
}
