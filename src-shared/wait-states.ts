// Where task time went: running on a core, waiting in the run queue for one, or
// blocked (IO, timers, the GIL, locks). The engine measures CPU and run-queue time per
// task on the task's own thread; this module turns those readings into per-span and
// per-trial states, processors used and hand-off figures, the same for every front end.
import type { Span, TrialResult, TrialStates } from './result.ts';
import { SpanTable, type SpanColumns } from './span-table.ts';
import { sortedQuantile } from './stats.ts';

export interface SpanStates {
  running: number;
  /** null where the run queue was not measured (off Linux). */
  waiting: number | null;
  blocked: number;
}

const round3 = (ms: number) => Math.round(ms * 1e3) / 1e3;

/**
 * A span's wall split into the three states, or undefined when it was not measured.
 * The readings come from clocks other than the wall's, so each is clamped to what is
 * left of the wall: the three always add up to it.
 */
export function spanStates(span: Span): SpanStates | undefined {
  if (span.runMs === undefined) return undefined;
  return statesOf(span.startMs, span.endMs, span.runMs, span.waitMs ?? NaN);
}

/** spanStates on a span's numbers (NaN: no run-queue reading), for spans kept as columns. */
function statesOf(startMs: number, endMs: number, runMs: number, waitMs: number): SpanStates {
  const wall = Math.max(0, endMs - startMs);
  const running = Math.min(Math.max(0, runMs), wall);
  const waiting = waitMs !== waitMs ? null : Math.min(Math.max(0, waitMs), wall - running);
  return { running: round3(running), waiting: waiting === null ? null : round3(waiting), blocked: round3(wall - running - (waiting ?? 0)) };
}

/** Hand-off of one task (to the worker and back), or undefined where the model hands nothing over. */
export function spanHandoff(span: Span): number | undefined {
  return handoffOf(span.handoffInMs ?? NaN, span.handoffOutMs ?? NaN);
}

/** spanHandoff on a span's numbers, NaN where it lacks one. */
function handoffOf(inMs: number, outMs: number): number | undefined {
  const hasIn = inMs === inMs;
  const hasOut = outMs === outMs;
  if (!hasIn && !hasOut) return undefined;
  return Math.max(0, hasIn ? inMs : 0) + Math.max(0, hasOut ? outMs : 0);
}

export interface LoopReading {
  /** CPU time of the loop thread over the trial, ms. */
  runMs: number;
  /** Its run-queue wait over the trial, ms; null off Linux. */
  waitMs: number | null;
  /** The trial's wall as the loop saw it, ms. */
  wallMs: number;
}

export interface StateInputs {
  /** k and the trial's wall, for the tail share. */
  concurrency?: number;
  wallMs?: number;
  /** The loop thread's readings (async models): the states are the loop's, not the spans'. */
  loop?: LoopReading;
  contextSwitches?: { voluntary: number; involuntary: number };
}

/**
 * A trial's states from its spans (or its loop thread), hand-off and switches; undefined
 * when nothing was measured. The engine passes its span table's columns; a list of spans
 * is read through a table of its own.
 */
export function trialStates(spans: readonly Span[] | SpanColumns, inputs: StateInputs = {}): TrialStates | undefined {
  const c = isSpanList(spans) ? SpanTable.from(spans).columns() : spans;
  const n = c.count;
  const handoffs = new Float64Array(n);
  let handed = 0;
  if (c.handoffInMs || c.handoffOutMs) {
    for (let i = 0; i < n; i++) {
      const h = handoffOf(c.handoffInMs ? c.handoffInMs[i] : NaN, c.handoffOutMs ? c.handoffOutMs[i] : NaN);
      if (h !== undefined) handoffs[handed++] = h;
    }
  }
  const sorted = handoffs.subarray(0, handed).sort();
  const tail = inputs.concurrency !== undefined && inputs.wallMs !== undefined ? tailShare(c, inputs.concurrency, inputs.wallMs) : null;
  const extras = {
    ...(tail !== null ? { tailShare: tail } : {}),
    ...(handed > 0 ? { handoffMs: { median: round3(sortedQuantile(sorted, 0.5)), p95: round3(sortedQuantile(sorted, 0.95)) } } : {}),
    ...(inputs.contextSwitches ? { contextSwitches: inputs.contextSwitches } : {}),
  };
  if (inputs.loop) {
    const { runMs, waitMs, wallMs } = inputs.loop;
    const wall = Math.max(0, wallMs);
    const running = Math.min(Math.max(0, runMs), wall);
    const waiting = waitMs === null ? null : Math.min(Math.max(0, waitMs), wall - running);
    return {
      scope: 'loop',
      runningMs: round3(running),
      waitingMs: waiting === null ? null : round3(waiting),
      blockedMs: round3(wall - running - (waiting ?? 0)),
      measuredSpans: 0,
      spans: n,
      ...extras,
    };
  }
  let running = 0;
  let waiting: number | null = null;
  let blocked = 0;
  let measured = 0;
  const { runMs, waitMs, startMs, endMs } = c;
  if (runMs) {
    for (let i = 0; i < n; i++) {
      if (runMs[i] !== runMs[i]) continue;
      const st = statesOf(startMs[i], endMs[i], runMs[i], waitMs ? waitMs[i] : NaN);
      measured++;
      running += st.running;
      blocked += st.blocked;
      if (st.waiting !== null) waiting = (waiting ?? 0) + st.waiting;
    }
  }
  if (measured === 0 && handed === 0 && !inputs.contextSwitches) return undefined;
  return {
    scope: 'tasks',
    runningMs: round3(running),
    waitingMs: waiting === null ? null : round3(waiting),
    blockedMs: round3(blocked),
    measuredSpans: measured,
    spans: n,
    ...extras,
  };
}

function isSpanList(spans: readonly Span[] | SpanColumns): spans is readonly Span[] {
  return Array.isArray(spans);
}

/**
 * Share of the wall, from the last task's start to the end, during which fewer than
 * min(k, tasks) tasks were running: once nothing is left to hand out, idle workers
 * are the tail (10 equal tasks on 4 workers leave a third of the wall half-empty).
 * Null for k = 1 or without spans.
 */
export function tailShare(spans: readonly Span[] | SpanColumns, k: number, wallMs: number): number | null {
  const c = isSpanList(spans) ? SpanTable.from(spans).columns() : spans;
  const n = c.count;
  const want = Math.min(k, n);
  if (want < 2 || !(wallMs > 0)) return null;
  let lastStart = -Infinity;
  for (let i = 0; i < n; i++) if (c.startMs[i] > lastStart) lastStart = c.startMs[i];
  // Sweep the ends of the spans still running at the last start.
  let still = 0;
  for (let i = 0; i < n; i++) if (c.endMs[i] > lastStart) still++;
  const ends = new Float64Array(still);
  for (let i = 0, j = 0; i < n; i++) if (c.endMs[i] > lastStart) ends[j++] = c.endMs[i];
  ends.sort();
  let running = ends.length;
  let t = lastStart;
  let short = 0;
  for (const end of ends) {
    const until = Math.min(end, wallMs);
    if (running < want && until > t) short += until - t;
    t = Math.max(t, until);
    running--;
  }
  if (wallMs > t) short += wallMs - t;
  return Math.min(1, Math.round((short / wallMs) * 1e4) / 1e4);
}

/** CPU time of all workers ÷ wall: how many processors the trial kept busy. Null without both figures. */
export function processorsUsed(trial: Pick<TrialResult, 'cpuMs' | 'wallMs'>): number | null {
  if (!(trial.cpuMs >= 0) || !(trial.wallMs > 0)) return null;
  return trial.cpuMs / trial.wallMs;
}

export interface StateShares {
  scope: 'tasks' | 'loop';
  running: number;
  waiting: number | null;
  blocked: number;
}

/** Shares of the three states over some trials (their times added up), or null when none was measured. */
export function stateShares(trials: readonly Pick<TrialResult, 'states'>[]): StateShares | null {
  let running = 0;
  let waiting: number | null = null;
  let blocked = 0;
  let scope: 'tasks' | 'loop' | undefined;
  for (const t of trials) {
    const s = t.states;
    if (!s || (s.scope === 'tasks' && s.measuredSpans === 0)) continue;
    scope ??= s.scope;
    running += s.runningMs;
    blocked += s.blockedMs;
    if (s.waitingMs !== null) waiting = (waiting ?? 0) + s.waitingMs;
  }
  const total = running + (waiting ?? 0) + blocked;
  if (scope === undefined || !(total > 0)) return null;
  return { scope, running: running / total, waiting: waiting === null ? null : waiting / total, blocked: blocked / total };
}
