// Where task time went: running on a core, waiting in the run queue for one, or
// blocked (IO, timers, the GIL, locks). The engine measures CPU and run-queue time per
// task on the task's own thread; this module turns those readings into per-span and
// per-trial states, processors used and hand-off figures, the same for every front end.
import type { Span, TrialResult, TrialStates } from './result.ts';
import { median, quantile } from './stats.ts';

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
  const wall = Math.max(0, span.endMs - span.startMs);
  const running = Math.min(Math.max(0, span.runMs), wall);
  const waiting = span.waitMs === undefined ? null : Math.min(Math.max(0, span.waitMs), wall - running);
  return { running: round3(running), waiting: waiting === null ? null : round3(waiting), blocked: round3(wall - running - (waiting ?? 0)) };
}

/** Hand-off of one task (to the worker and back), or undefined where the model hands nothing over. */
export function spanHandoff(span: Span): number | undefined {
  if (span.handoffInMs === undefined && span.handoffOutMs === undefined) return undefined;
  return Math.max(0, span.handoffInMs ?? 0) + Math.max(0, span.handoffOutMs ?? 0);
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

/** A trial's states from its spans (or its loop thread), hand-off and switches; undefined when nothing was measured. */
export function trialStates(spans: readonly Span[], inputs: StateInputs = {}): TrialStates | undefined {
  const handoffs: number[] = [];
  for (const s of spans) {
    const h = spanHandoff(s);
    if (h !== undefined) handoffs.push(h);
  }
  const tail = inputs.concurrency !== undefined && inputs.wallMs !== undefined ? tailShare(spans, inputs.concurrency, inputs.wallMs) : null;
  const extras = {
    ...(tail !== null ? { tailShare: tail } : {}),
    ...(handoffs.length > 0 ? { handoffMs: { median: round3(median(handoffs)), p95: round3(quantile(handoffs, 0.95)) } } : {}),
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
      spans: spans.length,
      ...extras,
    };
  }
  let running = 0;
  let waiting: number | null = null;
  let blocked = 0;
  let measured = 0;
  for (const s of spans) {
    const st = spanStates(s);
    if (!st) continue;
    measured++;
    running += st.running;
    blocked += st.blocked;
    if (st.waiting !== null) waiting = (waiting ?? 0) + st.waiting;
  }
  if (measured === 0 && handoffs.length === 0 && !inputs.contextSwitches) return undefined;
  return {
    scope: 'tasks',
    runningMs: round3(running),
    waitingMs: waiting === null ? null : round3(waiting),
    blockedMs: round3(blocked),
    measuredSpans: measured,
    spans: spans.length,
    ...extras,
  };
}

/**
 * Share of the wall, from the last task's start to the end, during which fewer than
 * min(k, tasks) tasks were running: once nothing is left to hand out, idle workers
 * are the tail (10 equal tasks on 4 workers leave a third of the wall half-empty).
 * Null for k = 1 or without spans.
 */
export function tailShare(spans: readonly Span[], k: number, wallMs: number): number | null {
  const want = Math.min(k, spans.length);
  if (want < 2 || !(wallMs > 0)) return null;
  let lastStart = -Infinity;
  for (const s of spans) if (s.startMs > lastStart) lastStart = s.startMs;
  // Sweep the ends of the spans still running at the last start.
  const ends = spans.filter((s) => s.endMs > lastStart).map((s) => s.endMs).sort((a, b) => a - b);
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
