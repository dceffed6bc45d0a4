// The timeline's spans at a level of detail: one trial laid out by lane once, then any
// time window cut from it with spans narrower than a column merged, so the renderer loads
// what it draws (a few thousand blocks) whatever the trial holds (a million spans).
import type { SpanBlocks, SpanWindow, SpanWindowRequest } from '../../src-shared/contract.ts';
import type { SpanColumns } from './span-codec.ts';

/** Per-span readings a block sums over its spans (wait states and hand-offs). */
export const SUMMED = ['runMs', 'waitMs', 'handoffInMs', 'handoffOutMs'] as const;
export type Summed = (typeof SUMMED)[number];

/** One trial's spans sorted by start within each lane (worker). */
export interface SpanLanes {
  count: number;
  minStartMs: number;
  maxEndMs: number;
  starts: Float64Array[];
  ends: Float64Array[];
  /** The latest end so far along the lane: sorted even where spans overlap, so it can be searched. */
  reach: Float64Array[];
  tasks: Float64Array[];
  /** Per summed field, per lane, each span's reading (NaN where it has none); absent when no span has it. */
  summed: Partial<Record<Summed, Float64Array[]>>;
}

export function buildLanes(c: Pick<SpanColumns, 'count' | 'task' | 'worker' | 'startMs' | 'endMs' | Summed>): SpanLanes {
  const n = c.count;
  let lanes = 0;
  let minStartMs = n > 0 ? Infinity : 0;
  let maxEndMs = 0;
  for (let i = 0; i < n; i++) {
    if (c.worker[i] + 1 > lanes) lanes = c.worker[i] + 1;
    if (c.startMs[i] < minStartMs) minStartMs = c.startMs[i];
    if (c.endMs[i] > maxEndMs) maxEndMs = c.endMs[i];
  }
  // Counting sort by lane, then by start within a lane (mostly in order already).
  const first = new Int32Array(lanes + 1);
  for (let i = 0; i < n; i++) first[c.worker[i] + 1]++;
  for (let l = 0; l < lanes; l++) first[l + 1] += first[l];
  const fill = first.slice(0, lanes);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[c.worker[i]]++] = i;
  const out: SpanLanes = {
    count: n, minStartMs, maxEndMs, starts: [], ends: [], reach: [], tasks: [],
    summed: {},
  };
  for (const field of SUMMED) if (c[field]) out.summed[field] = [];
  for (let lane = 0; lane < lanes; lane++) {
    let idx = order.subarray(first[lane], first[lane + 1]);
    for (let i = 1; i < idx.length; i++) {
      if (c.startMs[idx[i]] < c.startMs[idx[i - 1]]) {
        idx = Int32Array.from(idx).sort((a, b) => c.startMs[a] - c.startMs[b] || a - b);
        break;
      }
    }
    const starts = new Float64Array(idx.length);
    const ends = new Float64Array(idx.length);
    const reach = new Float64Array(idx.length);
    const tasks = new Float64Array(idx.length);
    let far = -Infinity;
    for (let i = 0; i < idx.length; i++) {
      starts[i] = c.startMs[idx[i]];
      ends[i] = c.endMs[idx[i]];
      far = Math.max(far, ends[i]);
      reach[i] = far;
      tasks[i] = c.task[idx[i]];
    }
    out.starts.push(starts);
    out.ends.push(ends);
    out.reach.push(reach);
    out.tasks.push(tasks);
    for (const field of SUMMED) {
      const column = c[field];
      if (column) out.summed[field]!.push(Float64Array.from(idx, (i) => column[i]));
    }
  }
  return out;
}

/** First index whose reach is at or after t: every span before it ended before t. */
function firstReaching(reach: Float64Array, t: number): number {
  let lo = 0;
  let hi = reach.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (reach[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The spans of each lane that overlap [startMs, endMs], as blocks: a span at least a column
 * wide on its own; narrower ones merged with their neighbours while the gap between them
 * is under a column (they would share a pixel). A span that ends before the window starts
 * but sits inside the reach of an overlapping one is skipped: it is not in the window.
 */
export function spanWindow(lanes: SpanLanes, req: Omit<SpanWindowRequest, 'runId'> & { runId?: string }): SpanWindow {
  const resolutionMs = (req.endMs - req.startMs) / req.pixels;
  const blocks: SpanBlocks[] = [];
  let inWindow = 0;
  for (let lane = 0; lane < lanes.starts.length; lane++) {
    const st = lanes.starts[lane];
    const en = lanes.ends[lane];
    const tk = lanes.tasks[lane];
    const fields = SUMMED.filter((f) => lanes.summed[f]);
    const readings = fields.map((f) => lanes.summed[f]![lane]);
    const b: SpanBlocks = { startMs: [], endMs: [], count: [], task: [] };
    const outs = fields.map((f) => (b[f] = [] as number[]));
    // Which of the block's spans were measured: a block of unmeasured spans is not 'all blocked'.
    const runs = lanes.summed.runMs?.[lane];
    const measured = runs ? (b.measured = [] as number[]) : undefined;
    let measuredCount = 0;
    let open = false;
    let b0 = 0;
    let b1 = 0;
    let count = 0;
    let task = -1;
    const sums = new Float64Array(fields.length);
    // A span's own reading, or 0 where it has none (NaN): the block's sum is over those that have one.
    const add = (i: number) => {
      if (runs && runs[i] === runs[i]) measuredCount++;
      for (let f = 0; f < readings.length; f++) {
        const v = readings[f][i];
        if (v === v) sums[f] += v;
      }
    };
    const push = (start: number, end: number, n: number, id: number) => {
      b.startMs.push(start);
      b.endMs.push(end);
      b.count.push(n);
      b.task.push(id);
      for (let f = 0; f < outs.length; f++) outs[f].push(sums[f]);
      sums.fill(0);
      measured?.push(measuredCount);
      measuredCount = 0;
    };
    const flush = () => {
      if (!open) return;
      push(b0, b1, count, count === 1 ? task : -1);
      open = false;
    };
    for (let i = firstReaching(lanes.reach[lane], req.startMs); i < st.length && st[i] <= req.endMs; i++) {
      if (en[i] < req.startMs) continue;
      inWindow++;
      if (en[i] - st[i] >= resolutionMs) {
        flush();
        add(i);
        push(st[i], en[i], 1, tk[i]);
      } else if (open && st[i] - b1 < resolutionMs) {
        if (en[i] > b1) b1 = en[i];
        count++;
        add(i);
      } else {
        flush();
        open = true;
        b0 = st[i];
        b1 = en[i];
        count = 1;
        task = tk[i];
        add(i);
      }
    }
    flush();
    blocks.push(b);
  }
  return {
    runId: req.runId ?? '',
    trialIndex: req.trialIndex,
    startMs: req.startMs,
    endMs: req.endMs,
    resolutionMs,
    totalSpans: lanes.count,
    lanes: lanes.starts.length,
    minStartMs: lanes.minStartMs,
    maxEndMs: lanes.maxEndMs,
    spansInWindow: inWindow,
    blocks,
  };
}

/**
 * The last few trials laid out, keyed by run, trial and span count: a timeline zooming
 * and panning asks for the same trial again and again, and a trial's spans never change
 * once saved. About 32 bytes a span; two trials kept.
 */
export class SpanLaneCache {
  readonly #entries: { key: string; lanes: SpanLanes }[] = [];
  readonly #size: number;

  constructor(size = 2) {
    this.#size = size;
  }

  get(runId: string, trialIndex: number, spanCount: number, load: () => SpanColumns): SpanLanes {
    const key = `${runId}#${trialIndex}#${spanCount}`;
    const at = this.#entries.findIndex((e) => e.key === key);
    if (at >= 0) {
      const [hit] = this.#entries.splice(at, 1);
      this.#entries.unshift(hit);
      return hit.lanes;
    }
    const lanes = buildLanes(load());
    this.#entries.unshift({ key, lanes });
    this.#entries.length = Math.min(this.#entries.length, this.#size);
    return lanes;
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
