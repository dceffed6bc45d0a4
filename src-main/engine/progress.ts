// How a run reports where it is: task completions batched to a bounded event rate,
// and the fraction done with an ETA learnt from the trials already run.
import { joinBatches, type SpanBatch } from '../../src-shared/live-spans.ts';
import type { Progress } from '../../src-shared/result.ts';
import { median } from '../../src-shared/stats.ts';

/** 50 ms between batches: at most ~20 task events a second, whatever the task rate. */
export const TASK_EVENT_INTERVAL_MS = 50;

/**
 * Collects the spans a runner reports and hands them on in batches no closer than
 * `intervalMs` apart. The first completion after a quiet spell goes out at once, so
 * a slow trial still shows each task as it finishes; a burst waits for the next slot.
 */
export class SpanBatcher {
  #pending: SpanBatch[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #last = -Infinity;
  readonly #emit: (spans: SpanBatch) => void;
  readonly #intervalMs: number;

  constructor(emit: (spans: SpanBatch) => void, intervalMs = TASK_EVENT_INTERVAL_MS) {
    this.#emit = emit;
    this.#intervalMs = intervalMs;
  }

  add(spans: SpanBatch): void {
    if (spans.count === 0) return;
    this.#pending.push(spans);
    if (this.#timer === undefined) this.#due();
  }

  #due(): void {
    this.#timer = undefined;
    const wait = this.#last + this.#intervalMs - performance.now();
    // Node's timers run off a cached loop time and may fire a little early: check again then.
    if (wait <= 0) this.flush();
    else this.#timer = setTimeout(() => this.#due(), Math.ceil(wait));
  }

  /** Sends what is pending now (at the end of a trial, so its last tasks are not held back). */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return;
    const batches = this.#pending;
    this.#pending = [];
    this.#last = performance.now();
    this.#emit(joinBatches(batches));
  }

  /** Drops anything pending and the timer with it. */
  close(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = [];
  }
}

export interface PlannedCell {
  model: string;
  concurrency: number;
}

/**
 * Progress over a planned run. Trials of one cell take about as long as each other,
 * while cells differ by orders of magnitude (sequential vs 8 processes), so the ETA
 * sums, over the trials still to run, the median time of that cell's trials so far
 * (warm-ups included: they are what the user waits for too), and falls back on the
 * run's time per task so far for a cell not yet seen. Null before any task finished.
 */
export class ProgressTracker {
  readonly #plan: readonly PlannedCell[];
  readonly #tasks: number;
  readonly #now: () => number;
  readonly #cellMs = new Map<string, number[]>();
  #finishedMs = 0;
  #finishedTasks = 0;
  #done = 0;
  #current = -1;
  #currentStart = 0;
  #currentTasks = 0;

  constructor(plan: readonly PlannedCell[], tasksPerTrial: number, now: () => number = () => performance.now()) {
    this.#plan = plan;
    this.#tasks = Math.max(1, tasksPerTrial);
    this.#now = now;
  }

  startTrial(index: number): void {
    this.#current = index;
    this.#currentStart = this.#now();
    this.#currentTasks = 0;
  }

  tasksDone(count: number): void {
    this.#currentTasks = Math.min(this.#tasks, this.#currentTasks + count);
  }

  finishTrial(): void {
    if (this.#current < 0) return;
    const ms = this.#now() - this.#currentStart;
    const key = cellKey(this.#plan[this.#current]);
    const list = this.#cellMs.get(key) ?? [];
    list.push(ms);
    this.#cellMs.set(key, list);
    this.#finishedMs += ms;
    this.#finishedTasks += this.#tasks;
    this.#done++;
    this.#current = -1;
    this.#currentTasks = 0;
  }

  snapshot(): Progress {
    const total = this.#plan.length;
    const fraction = total === 0 ? 1 : (this.#done + this.#currentTasks / this.#tasks) / total;
    return { trialsDone: this.#done, trialsTotal: total, fraction: Math.min(1, fraction), etaMs: this.#eta() };
  }

  #eta(): number | null {
    const inTrial = this.#current >= 0 ? this.#now() - this.#currentStart : 0;
    let perTask: number | null = null;
    if (this.#finishedTasks > 0) perTask = this.#finishedMs / this.#finishedTasks;
    else if (this.#currentTasks > 0) perTask = inTrial / this.#currentTasks;
    if (perTask === null) return this.#done === this.#plan.length ? 0 : null;

    let left = 0;
    if (this.#current >= 0) {
      const known = this.#cellMs.get(cellKey(this.#plan[this.#current]));
      left += known
        ? Math.max(0, median(known) - inTrial)
        : (this.#currentTasks > 0 ? inTrial / this.#currentTasks : perTask) * (this.#tasks - this.#currentTasks);
    }
    const next = this.#current >= 0 ? this.#current + 1 : this.#done;
    for (let i = next; i < this.#plan.length; i++) {
      const known = this.#cellMs.get(cellKey(this.#plan[i]));
      left += known ? median(known) : perTask * this.#tasks;
    }
    return Math.round(left);
  }
}

function cellKey(c: PlannedCell): string {
  return `${c.model}@${c.concurrency}`;
}
