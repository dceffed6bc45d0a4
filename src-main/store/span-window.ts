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
  // Three passes over the trial, on the path of its first window (code not yet optimised by
  // then, so every pass counts): lanes and their sizes; each span written straight into its
  // lane's columns (a counting sort by lane); then each lane's reach, sorted by start first
  // where it is not in order already (a worker's tasks come in start order, so rarely).
  const n = c.count;
  let sizes = new Int32Array(16);
  let lanes = 0;
  let minStartMs = n > 0 ? Infinity : 0;
  let maxEndMs = 0;
  for (let i = 0; i < n; i++) {
    const lane = c.worker[i];
    if (lane >= lanes) {
      lanes = lane + 1;
      if (lanes > sizes.length) {
        const grown = new Int32Array(Math.max(lanes, sizes.length * 2));
        grown.set(sizes);
        sizes = grown;
      }
    }
    sizes[lane]++;
    if (c.startMs[i] < minStartMs) minStartMs = c.startMs[i];
    if (c.endMs[i] > maxEndMs) maxEndMs = c.endMs[i];
  }
  const fields = SUMMED.filter((f) => c[f]);
  const columns = fields.map((f) => c[f]!);
  const out: SpanLanes = { count: n, minStartMs, maxEndMs, starts: [], ends: [], reach: [], tasks: [], summed: {} };
  const into: Float64Array[][] = fields.map(() => []);
  fields.forEach((f, k) => (out.summed[f] = into[k]));
  for (let lane = 0; lane < lanes; lane++) {
    out.starts.push(new Float64Array(sizes[lane]));
    out.ends.push(new Float64Array(sizes[lane]));
    out.tasks.push(new Float64Array(sizes[lane]));
    for (const lanesOfField of into) lanesOfField.push(new Float64Array(sizes[lane]));
  }
  const at = new Int32Array(lanes);
  for (let i = 0; i < n; i++) {
    const lane = c.worker[i];
    const p = at[lane]++;
    out.starts[lane][p] = c.startMs[i];
    out.ends[lane][p] = c.endMs[i];
    out.tasks[lane][p] = c.task[i];
    for (let k = 0; k < columns.length; k++) into[k][lane][p] = columns[k][i];
  }
  for (let lane = 0; lane < lanes; lane++) {
    let starts = out.starts[lane];
    let ends = out.ends[lane];
    const reach = new Float64Array(ends.length);
    let far = -Infinity;
    let sorted = true;
    for (let i = 0; i < ends.length; i++) {
      if (i > 0 && starts[i] < starts[i - 1]) sorted = false;
      if (ends[i] > far) far = ends[i];
      reach[i] = far;
    }
    if (!sorted) {
      // Stable by start (ties keep arrival order), every column moved alike.
      const order = Int32Array.from({ length: starts.length }, (_, i) => i).sort((a, b) => starts[a] - starts[b] || a - b);
      const permute = (a: Float64Array) => Float64Array.from(order, (i) => a[i]);
      starts = out.starts[lane] = permute(starts);
      ends = out.ends[lane] = permute(ends);
      out.tasks[lane] = permute(out.tasks[lane]);
      for (const lanesOfField of into) lanesOfField[lane] = permute(lanesOfField[lane]);
      far = -Infinity;
      for (let i = 0; i < ends.length; i++) {
        if (ends[i] > far) far = ends[i];
        reach[i] = far;
      }
    }
    out.reach.push(reach);
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
