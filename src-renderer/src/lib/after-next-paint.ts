// Work a view starts as it opens but that its first frame does not show (reading its data again,
// a strip below the fold): run once that frame is painted, not in the task that builds it. On a
// 2-core machine each request started while the view is built cost that frame several ms
// (History: bench/scale.bench.ts section 4).

/**
 * Runs `fn` in a task of its own after the next frame is painted (a frame callback runs just
 * before the frame's style, layout and paint; a task it posts runs after them). Where there is
 * no frame to wait for (tests, a hidden tab loses frame callbacks), soon. Returns a cancel.
 */
export function afterNextPaint(fn: () => void): () => void {
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden') {
    frame = requestAnimationFrame(() => (timer = setTimeout(fn, 0)));
  } else timer = setTimeout(fn, 0);
  return () => {
    if (frame) cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
