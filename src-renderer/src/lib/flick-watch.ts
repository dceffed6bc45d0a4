// Whether a list is being flicked: a scroll of a screen or more at once makes every row drawn
// new, so rows drawn beyond the view (there to cover small scrolls) are only more work until
// the scrolling settles. History draws only the rows in view while flicked (bench/scale.bench.ts
// section 4: about a quarter fewer rows to build and lay out at each wheel step).

export interface FlickWatch {
  /** Whether a move from `from` to `to` (px) is a flick; a flick (re)starts the wait for the list to settle. */
  moved(from: number, to: number, viewportHeight: number): boolean;
  stop(): void;
}

/** `onSettle` runs once no flick has come for `settleMs`. */
export function flickWatch(settleMs: number, onSettle: () => void): FlickWatch {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    moved(from, to, viewportHeight) {
      if (Math.abs(to - from) < viewportHeight) return false;
      clearTimeout(timer);
      timer = setTimeout(onSettle, settleMs);
      return true;
    },
    stop() {
      clearTimeout(timer);
    },
  };
}
