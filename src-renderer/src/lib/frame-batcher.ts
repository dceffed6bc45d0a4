// Coalesces a stream of items into at most one apply per animation frame (or per
// throttled interval): the backend may deliver thousands of task completions a second,
// and every apply redraws; a live view needs a few redraws a second, not 60.

export type Schedule = (cb: () => void) => void;

/** requestAnimationFrame where there is a screen; a 16 ms timer elsewhere (tests, hidden tabs lose rAF). */
export const nextFrame: Schedule = (cb) => {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden') {
    requestAnimationFrame(() => cb());
  } else {
    setTimeout(cb, 16);
  }
};

export interface ThrottleOptions {
  /** Interval while the page is hidden: nothing is drawn then, but the state stays current. */
  hiddenMs?: number;
  now?: () => number;
  timer?: (cb: () => void, ms: number) => void;
  frame?: Schedule;
  hidden?: () => boolean;
}

/**
 * At most one callback every `intervalMs`, on an animation frame: the first after a quiet
 * spell runs at the next frame, the rest wait out the interval since the last one ran.
 */
export function throttledFrame(intervalMs: number, options: ThrottleOptions = {}): Schedule {
  const now = options.now ?? (() => performance.now());
  const timer = options.timer ?? ((cb, ms) => void setTimeout(cb, ms));
  const frame = options.frame ?? nextFrame;
  const hidden = options.hidden ?? (() => typeof document !== 'undefined' && document.visibilityState === 'hidden');
  const hiddenMs = options.hiddenMs ?? 1000;
  let last = -Infinity;
  return (cb) => {
    const wait = last + (hidden() ? hiddenMs : intervalMs) - now();
    const run = () =>
      frame(() => {
        last = now();
        cb();
      });
    if (wait > 0) timer(run, wait);
    else run();
  };
}

export interface FrameBatcher<T> {
  push(items: readonly T[]): void;
  /** Apply what is pending now (a run finished, a test wants the state). */
  flush(): void;
  readonly pending: number;
}

export function createFrameBatcher<T>(apply: (items: T[]) => void, schedule: Schedule = nextFrame): FrameBatcher<T> {
  let queue: T[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    apply(items);
  };
  return {
    push(items) {
      for (const item of items) queue.push(item);
      if (!scheduled && queue.length > 0) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
    get pending() {
      return queue.length;
    },
  };
}
