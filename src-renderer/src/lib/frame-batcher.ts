// Coalesces a stream of items into at most one apply per animation frame: the
// backend may deliver thousands of task completions a second, the screen needs 60.

export type Schedule = (cb: () => void) => void;

/** requestAnimationFrame where there is a screen; a 16 ms timer elsewhere (tests, hidden tabs lose rAF). */
export const nextFrame: Schedule = (cb) => {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden') {
    requestAnimationFrame(() => cb());
  } else {
    setTimeout(cb, 16);
  }
};

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
