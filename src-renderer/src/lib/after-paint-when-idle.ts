// Work a view starts as it opens but that its first frame does not show (reading its data again,
// a strip it already holds): run once that frame is painted and the renderer has nothing else
// to do, not in the task that builds it nor right after it. On a 2-core machine a request made
// while the view is built cost its first frame several ms, and one made right after it delayed
// the next frame, with the server answering on the same cores (History: bench/scale.bench.ts
// section 4).

/** Idle callbacks where the renderer has them; a timer elsewhere (tests, Node). Returns a cancel. */
function whenIdle(fn: () => void, timeoutMs: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(fn, 0);
  return () => clearTimeout(id);
}

/**
 * Runs `fn` in an idle period after the next frame (a frame callback runs before the frame's
 * style, layout and paint; an idle period comes after them), or `timeoutMs` after that frame at
 * the latest. Where there is no frame to wait for (tests, a hidden tab loses frame callbacks),
 * when idle. Returns a cancel.
 */
export function afterPaintWhenIdle(fn: () => void, timeoutMs = 500): () => void {
  let cancelIdle = () => {};
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden') {
    const frame = requestAnimationFrame(() => (cancelIdle = whenIdle(fn, timeoutMs)));
    return () => {
      cancelAnimationFrame(frame);
      cancelIdle();
    };
  }
  return whenIdle(fn, timeoutMs);
}
