// The windows of one saved trial that the timeline holds and asks for. Like Perfetto, it asks
// for more than it shows: half a view's width on each side and twice the detail of the
// screen, so a zoom step in or out, or a pan, is drawn from what is already here in the
// next frame, while the window around the new view is asked for in the background. A view
// the held window cannot show (past its margin, or finer than its detail) waits for its own.
import type { SpanWindow } from '../../../src-shared/contract.ts';
import { timelineFromWindow, type TimelineData, type Viewport } from './timeline.ts';

/** Each side of the view, in view widths, that a window asked for also covers. */
export const MARGIN = 0.5;
/** How much finer than a screen column a window asked for resolves: a zoom-in by this much needs no new one. */
export const DETAIL = 2;

export interface WindowAsk {
  startMs: number;
  endMs: number;
  pixels: number;
  /** The widest merge it may hold: (endMs - startMs) / pixels, before rounding pixels up. */
  columnMs: number;
}

export type WindowFetcher = (startMs: number, endMs: number, pixels: number) => Promise<SpanWindow | string>;

/**
 * Whether a window shows `view` drawn on `plotW` columns as its own answer would: it covers
 * the view, and what it merged is no wider than the view's column (finer is fine: the canvas
 * merges what shares a pixel).
 */
export function windowServes(w: Pick<SpanWindow, 'startMs' | 'endMs' | 'resolutionMs'> | null, view: Viewport, plotW: number): boolean {
  return holds(w, view.startMs, view.endMs, (view.endMs - view.startMs) / Math.max(1, plotW));
}

function holds(w: Pick<SpanWindow, 'startMs' | 'endMs' | 'resolutionMs'> | null, startMs: number, endMs: number, columnMs: number): boolean {
  if (!w) return false;
  const slack = 1e-9 * Math.max(1, Math.abs(endMs));
  return w.startMs <= startMs + slack && w.endMs >= endMs - slack && w.resolutionMs <= columnMs * (1 + 1e-9);
}

/** Whether a window holds all that `ask` would bring. */
export function windowHolds(w: Pick<SpanWindow, 'startMs' | 'endMs' | 'resolutionMs'> | null, ask: WindowAsk): boolean {
  return holds(w, ask.startMs, ask.endMs, ask.columnMs);
}

/** The window to ask for around `view`: a margin each side (inside [0, boundsMs] when known) at DETAIL× the screen's resolution. */
export function windowAround(view: Viewport, plotW: number, boundsMs?: number): WindowAsk {
  const width = view.endMs - view.startMs;
  const startMs = Math.max(0, view.startMs - MARGIN * width);
  const endMs = boundsMs === undefined ? view.endMs + MARGIN * width : Math.min(boundsMs, view.endMs + MARGIN * width);
  const columnMs = width / Math.max(1, plotW) / DETAIL;
  return { startMs, endMs, pixels: Math.max(1, Math.ceil((endMs - startMs) / columnMs)), columnMs };
}

/**
 * One trial's held window and its requests. `show(view, plotW)` says whether the held window
 * shows the view now, and asks for what it lacks: at once when the view cannot be shown and
 * no ask out will show it, otherwise (a refill of the margin and detail) once no other
 * request is in flight. An
 * answer that arrives after a newer one was asked is kept only if it shows the view and the
 * held one does not. After `dispose()` nothing is taken in: a new trial starts a new instance,
 * so a late answer of another trial is never drawn.
 */
export class TimelineWindows {
  held: SpanWindow | null = null;
  data: TimelineData | null = null;
  error: string | null = null;
  /** ms spent laying the last answer out. */
  buildMs = 0;
  #seq = 0;
  /** Asks out, by sequence number. */
  readonly #out = new Map<number, WindowAsk>();
  #wanted: { view: Viewport; plotW: number } | null = null;
  #disposed = false;

  readonly #fetcher: WindowFetcher;
  readonly #onAnswer: () => void;
  readonly #minLanes: number;

  /** `onAnswer` runs after a new window (or an error) was taken in; `minLanes`: the trial's k. */
  constructor(fetcher: WindowFetcher, onAnswer: () => void, minLanes = 0) {
    this.#fetcher = fetcher;
    this.#onAnswer = onAnswer;
    this.#minLanes = minLanes;
  }

  get boundsMs(): number | undefined {
    return this.held?.maxEndMs;
  }

  /** Whether the held window shows `view` on `plotW` columns; asks for the window around it where needed. */
  show(view: Viewport, plotW: number): boolean {
    this.#wanted = { view, plotW };
    const serves = windowServes(this.held, view, plotW);
    const around = windowAround(view, plotW, this.boundsMs);
    // The window around the view is held already: nothing to ask.
    if (serves && windowHolds(this.held, around)) return true;
    // A view that an ask already out will show waits for it: asking again would queue behind it.
    const coming = [...this.#out.values()].some((a) => windowServes({ ...a, resolutionMs: (a.endMs - a.startMs) / a.pixels }, view, plotW));
    if (serves ? this.#out.size === 0 : !coming) this.#ask(around);
    return serves;
  }

  /** Whether a request is out. */
  get pending(): boolean {
    return this.#out.size > 0;
  }

  dispose(): void {
    this.#disposed = true;
  }

  #ask(a: WindowAsk): void {
    const seq = ++this.#seq;
    this.#out.set(seq, a);
    void this.#fetcher(a.startMs, a.endMs, a.pixels).then(
      (answer) => this.#take(seq, answer),
      (err: unknown) => this.#take(seq, err instanceof Error ? err.message : String(err)),
    );
  }

  #take(seq: number, answer: SpanWindow | string): void {
    this.#out.delete(seq);
    if (this.#disposed) return;
    const latest = seq === this.#seq;
    const wanted = this.#wanted;
    if (typeof answer === 'string') {
      if (latest) {
        this.error = answer;
        this.#onAnswer();
      }
      return;
    }
    const useful = latest || (wanted !== null && windowServes(answer, wanted.view, wanted.plotW) && !windowServes(this.held, wanted.view, wanted.plotW));
    if (useful) {
      this.error = null;
      this.held = answer;
      const t0 = performance.now();
      this.data = timelineFromWindow(answer, this.#minLanes);
      this.buildMs = performance.now() - t0;
    }
    // A refill held back while this one was out: ask for it now.
    if (this.#out.size === 0 && wanted) {
      const around = windowAround(wanted.view, wanted.plotW, this.boundsMs);
      if (!windowHolds(this.held, around)) this.#ask(around);
    }
    if (useful) this.#onAnswer();
  }
}
