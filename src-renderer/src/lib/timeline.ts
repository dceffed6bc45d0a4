// The Gantt timeline of one trial, drawn on a raw canvas: one lane per worker.
// Chart.js floating bars take about a second for 100,000 spans; here the spans are
// laid out once into typed arrays per lane, and each draw walks only the visible
// ones, merging spans that share a pixel column into one fillRect.
import type { SpanWindow } from '../../../src-shared/contract.ts';
import type { Span } from '../../../src-shared/result.ts';

export interface TimelineData {
  lanes: number;
  /** Per lane, sorted by start; a worker runs one task at a time, so ends are sorted too. */
  starts: Float64Array[];
  ends: Float64Array[];
  tasks: Int32Array[];
  /** Per lane, each span's index in the array it was built from (for its wait states and tooltip). */
  source: Int32Array[];
  count: number;
  minStartMs: number;
  maxEndMs: number;
}

export interface Viewport {
  startMs: number;
  endMs: number;
}

export function buildTimeline(spans: readonly Span[]): TimelineData {
  const n = spans.length;
  let lanes = 0;
  let minStartMs = n > 0 ? Infinity : 0;
  let maxEndMs = 0;
  for (let i = 0; i < n; i++) {
    const s = spans[i];
    if (s.worker + 1 > lanes) lanes = s.worker + 1;
    if (s.startMs < minStartMs) minStartMs = s.startMs;
    if (s.endMs > maxEndMs) maxEndMs = s.endMs;
  }
  // Counting sort by lane into one index array: stable, so each lane keeps arrival order.
  const first = new Int32Array(lanes + 1);
  for (let i = 0; i < n; i++) first[spans[i].worker + 1]++;
  for (let l = 0; l < lanes; l++) first[l + 1] += first[l];
  const fill = first.slice(0, lanes);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[spans[i].worker]++] = i;

  const starts: Float64Array[] = [];
  const ends: Float64Array[] = [];
  const tasks: Int32Array[] = [];
  const source: Int32Array[] = [];
  for (let lane = 0; lane < lanes; lane++) {
    let idx = order.subarray(first[lane], first[lane + 1]);
    // Spans mostly arrive in completion order, which per worker is start order already.
    for (let i = 1; i < idx.length; i++) {
      if (spans[idx[i]].startMs < spans[idx[i - 1]].startMs) {
        idx = Int32Array.from(idx).sort((a, b) => spans[a].startMs - spans[b].startMs);
        break;
      }
    }
    const st = new Float64Array(idx.length);
    const en = new Float64Array(idx.length);
    const tk = new Int32Array(idx.length);
    // Ends are made monotonic so binary search stays valid even if a clock hiccup overlapped two spans.
    let lastEnd = -Infinity;
    for (let i = 0; i < idx.length; i++) {
      const s = spans[idx[i]];
      st[i] = s.startMs;
      if (s.endMs > lastEnd) lastEnd = s.endMs;
      en[i] = lastEnd;
      tk[i] = s.task;
    }
    starts.push(st);
    ends.push(en);
    tasks.push(tk);
    source.push(Int32Array.from(idx));
  }
  return { lanes, starts, ends, tasks, source, count: n, minStartMs, maxEndMs };
}

/**
 * A window of a trial as the backend sends it (getTrialSpans: blocks per lane, narrow
 * spans already merged) laid out as timeline data: a block is drawn like a span, and
 * `source` indexes the window's own block columns (for the tooltip and the shades).
 */
export function timelineFromWindow(w: SpanWindow, minLanes = 0): TimelineData {
  const lanes = Math.max(w.lanes, minLanes);
  const starts: Float64Array[] = [];
  const ends: Float64Array[] = [];
  const tasks: Int32Array[] = [];
  const source: Int32Array[] = [];
  for (let lane = 0; lane < lanes; lane++) {
    const b = w.blocks[lane];
    const n = b ? b.startMs.length : 0;
    // Plain loops over the answer's arrays: this runs on the main thread for every window
    // (tens of thousands of blocks when zoomed in), so no per-element callbacks.
    const st = new Float64Array(n);
    const en = new Float64Array(n);
    const tk = new Int32Array(n);
    const src = new Int32Array(n);
    let lastEnd = -Infinity;
    if (b) {
      const bs = b.startMs;
      const be = b.endMs;
      const bt = b.task;
      for (let i = 0; i < n; i++) {
        st[i] = bs[i];
        // Ends kept monotonic, as buildTimeline does, so the binary search holds.
        if (be[i] > lastEnd) lastEnd = be[i];
        en[i] = lastEnd;
        tk[i] = bt[i];
        src[i] = i;
      }
    }
    starts.push(st);
    ends.push(en);
    tasks.push(tk);
    source.push(src);
  }
  return { lanes, starts, ends, tasks, source, count: w.totalSpans, minStartMs: w.minStartMs, maxEndMs: w.maxEndMs };
}

/** First index whose end is at or after t. */
function firstEndingAfter(ends: Float64Array, t: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const WIDE_PX = 4;

/**
 * Calls `rect(x0, x1)` for what lane `lane` shows in `view` on `widthPx` pixels:
 * wide spans one by one (with a hairline gap, so tasks stay countable), narrow ones
 * merged per pixel column. Returns how many rects it emitted.
 */
export function forEachLaneRect(
  data: TimelineData,
  lane: number,
  view: Viewport,
  widthPx: number,
  rect: (x0: number, x1: number, index: number) => void,
): number {
  const st = data.starts[lane];
  const en = data.ends[lane];
  if (!st || st.length === 0 || view.endMs <= view.startMs) return 0;
  const scale = widthPx / (view.endMs - view.startMs);
  let emitted = 0;
  let r0 = 0;
  let r1 = -1;
  // Clipped to the plot; a span cut down to nothing at the edge is not drawn.
  const emit = (x0: number, x1: number, index: number) => {
    const a = Math.max(0, x0);
    const b = Math.min(widthPx, x1);
    if (b > a) {
      rect(a, b, index);
      emitted++;
    }
  };
  const flush = () => {
    if (r1 >= r0) emit(r0, Math.max(r1, r0 + 1), -1);
    r1 = -1;
  };
  for (let i = firstEndingAfter(en, view.startMs); i < st.length; i++) {
    if (st[i] > view.endMs) break;
    const x0 = (st[i] - view.startMs) * scale;
    const x1 = (en[i] - view.startMs) * scale;
    if (x1 - x0 >= WIDE_PX) {
      flush();
      emit(x0, x1 - 1, i);
    } else if (r1 >= r0 && x0 <= r1 + 1) {
      if (x1 > r1) r1 = x1;
    } else {
      flush();
      r0 = x0;
      r1 = x1;
    }
  }
  flush();
  return emitted;
}

/** The span under a point, or -1: the task id lives in data.tasks[lane][index]. */
export function spanAt(data: TimelineData, lane: number, ms: number, toleranceMs = 0): number {
  const st = data.starts[lane];
  const en = data.ends[lane];
  if (!st) return -1;
  const i = firstEndingAfter(en, ms - toleranceMs);
  if (i < st.length && st[i] <= ms + toleranceMs) return i;
  return -1;
}

/** Zoom by `factor` (< 1 zooms in) keeping `atMs` under the cursor, inside [0, bounds]. */
export function zoomAt(view: Viewport, factor: number, atMs: number, boundsMs: number, minSpanMs = 0.01): Viewport {
  const width = Math.min(boundsMs, Math.max(minSpanMs, (view.endMs - view.startMs) * factor));
  const frac = (atMs - view.startMs) / (view.endMs - view.startMs || 1);
  return clampView({ startMs: atMs - frac * width, endMs: atMs - frac * width + width }, boundsMs);
}

export function panBy(view: Viewport, deltaMs: number, boundsMs: number): Viewport {
  return clampView({ startMs: view.startMs + deltaMs, endMs: view.endMs + deltaMs }, boundsMs);
}

function clampView(v: Viewport, boundsMs: number): Viewport {
  const width = v.endMs - v.startMs;
  if (width >= boundsMs) return { startMs: 0, endMs: boundsMs };
  if (v.startMs < 0) return { startMs: 0, endMs: width };
  if (v.endMs > boundsMs) return { startMs: boundsMs - width, endMs: boundsMs };
  return v;
}

/** Round tick positions (1, 2, 5 × 10^n) for an axis from a to b. */
export function niceTicks(a: number, b: number, maxTicks: number): number[] {
  const span = b - a;
  if (!(span > 0) || maxTicks < 1) return [];
  const raw = span / maxTicks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(a / step) * step; t <= b + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

export interface TimelineStyle {
  /**
   * Every span without wait states. One fill, not two: a second shade on alternate lanes
   * read as "waiting for a core" beside the state legend. Lanes stay apart by `laneBand`.
   */
  laneFill: string;
  /** A faint band behind every other lane, so neighbouring workers stay apart. */
  laneBand?: string;
  /**
   * A span's wait states as shares of its wall [running, waiting for a core, blocked], or
   * null where not measured; with it, a span wide enough is drawn in three shades.
   */
  shares?: (lane: number, index: number) => [number, number, number] | null;
  /** Fills for running, waiting for a core, blocked. */
  stateFill?: [string, string, string];
  text: string;
  grid: string;
  background: string;
  font: string;
}

export interface TimelineGeometry {
  width: number;
  height: number;
  /** Room on the left for lane labels and on top for the time axis. */
  left: number;
  top: number;
}

/** Draws axis, lane labels and spans; returns the number of rects filled. */
export function drawTimeline(
  ctx: CanvasRenderingContext2D,
  data: TimelineData,
  view: Viewport,
  geom: TimelineGeometry,
  style: TimelineStyle,
): number {
  const { width, height, left, top } = geom;
  const plotW = Math.max(1, width - left - 8);
  const lanes = Math.max(1, data.lanes);
  const laneH = (height - top - 4) / lanes;
  ctx.fillStyle = style.background;
  ctx.fillRect(0, 0, width, height);
  ctx.font = style.font;
  ctx.textBaseline = 'middle';

  const ticks = data.count > 0 ? niceTicks(view.startMs, view.endMs, Math.max(2, Math.floor(plotW / 90))) : [];
  ctx.fillStyle = style.grid;
  for (const t of ticks) ctx.fillRect(left + Math.round(((t - view.startMs) / (view.endMs - view.startMs)) * plotW), top - 4, 1, height - top + 4);
  ctx.fillStyle = style.text;
  ctx.textAlign = 'center';
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
  const digits = step >= 1 ? 0 : Math.min(3, Math.ceil(-Math.log10(step)));
  for (const t of ticks) {
    const x = left + ((t - view.startMs) / (view.endMs - view.startMs)) * plotW;
    ctx.fillText(`${t.toFixed(digits)} ms`, Math.min(Math.max(x, left + 24), width - 30), top / 2);
  }

  ctx.textAlign = 'right';
  // Lane labels only where there is room for text; a thick pool still shows its spans.
  const labelEvery = Math.max(1, Math.ceil(14 / laneH));
  let rects = 0;
  for (let lane = 0; lane < lanes; lane++) {
    const y = top + lane * laneH;
    const h = Math.max(1, laneH - (laneH > 6 ? 2 : 0));
    if (lane % labelEvery === 0) {
      ctx.fillStyle = style.text;
      ctx.fillText(lanes > 9 ? `w${lane}` : `worker ${lane}`, left - 8, y + laneH / 2);
    }
    if (style.laneBand && lane % 2 === 1) {
      ctx.fillStyle = style.laneBand;
      ctx.fillRect(left, y, plotW, laneH);
    }
    const plain = style.laneFill;
    ctx.fillStyle = plain;
    rects += forEachLaneRect(data, lane, view, plotW, (x0, x1, index) => {
      const shares = index >= 0 && style.shares && style.stateFill ? style.shares(lane, index) : null;
      if (!shares) {
        ctx.fillRect(left + x0, y, Math.max(1, x1 - x0), h);
        return;
      }
      // The task's bar split by the share of its time in each state (which came when is not recorded).
      let x = x0;
      for (let s = 0; s < 3; s++) {
        const w = (x1 - x0) * shares[s];
        if (w > 0) {
          ctx.fillStyle = style.stateFill![s];
          ctx.fillRect(left + x, y, w, h);
        }
        x += w;
      }
      ctx.fillStyle = plain;
    });
  }
  return rects;
}
