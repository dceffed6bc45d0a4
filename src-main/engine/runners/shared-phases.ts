// A `shared` trial runs each of its modes in turn, each on fresh state and a fresh pool,
// through the model's own runner, then reads back what the state holds. The trial's wall,
// CPU and spans are the sum of its modes (spans laid end to end, task ids numbered on);
// each mode's own figures go into `shared`, so the cost of a lock is a ratio within a trial.
import type { SharedPhase, Span } from '../../../src-shared/result.ts';
import type { LiveSpans } from '../../../src-shared/live-spans.ts';
import { SpanTable } from '../../../src-shared/span-table.ts';
import { modeUnavailable, type SharedMode } from '../../../src-shared/shared-state.ts';
import type { ModelRunner, TrialOutcome } from '../types.ts';
import type { SharedWorkload } from '../workloads/shared.ts';

/** The modes in the order this repetition runs them: rotated, so no mode always goes first. */
export function modeOrder(modes: readonly SharedMode[], repetition: number): SharedMode[] {
  const r = ((repetition % modes.length) + modes.length) % modes.length;
  return [...modes.slice(r), ...modes.slice(0, r)];
}

export function sharedPhases(inner: ModelRunner): ModelRunner {
  return async (ctx) => {
    const workload = ctx.workload as SharedWorkload;
    const expected = ctx.tasks * workload.ops;
    const phases: SharedPhase[] = [];
    const spans = new SpanTable(ctx.tasks * workload.modes.length);
    const total: TrialOutcome = { status: 'ok', wallMs: 0, startupMs: 0, cpuMs: 0, spans, shared: phases };

    for (const mode of modeOrder(workload.modes, ctx.repetition ?? 0)) {
      const unavailable = modeUnavailable(ctx.model, mode);
      if (unavailable) {
        phases.push({ mode, expected, observed: null, lost: null, wallMs: 0, unavailable });
        continue;
      }
      // Each mode's tasks keep their place on the trial's clock and ids of their own.
      const offsetMs = total.wallMs;
      const firstTask = workload.modes.indexOf(mode) * ctx.tasks;
      const task = (t: number) => firstTask + t;
      const ms = (v: number) => us(offsetMs + v);
      const shift = (s: Span): Span => ({ ...s, task: task(s.task), startMs: ms(s.startMs), endMs: ms(s.endMs) });
      const shiftLive = (l: LiveSpans): LiveSpans => ({ ...l, task: l.task.map(task), startMs: l.startMs.map(ms), endMs: l.endMs.map(ms) });
      const out = await inner({
        ...ctx,
        workload: { ...workload, modes: [mode] },
        onSpans: (batch) => ctx.onSpans({ count: batch.count, newest: (n) => shiftLive(batch.newest(n)) }),
      });
      for (let i = 0; i < out.spans.length; i++) spans.append(shift(out.spans.row(i)));
      // Rounded as the spans are (µs), so every span stays inside the wall.
      total.wallMs = us(total.wallMs + out.wallMs);
      total.startupMs = us(total.startupMs + out.startupMs);
      total.cpuMs = us(total.cpuMs + out.cpuMs);
      if (out.peakRssBytes !== undefined) total.peakRssBytes = Math.max(total.peakRssBytes ?? 0, out.peakRssBytes);
      if (out.contextSwitches) {
        const sum = total.contextSwitches ?? { voluntary: 0, involuntary: 0 };
        total.contextSwitches = { voluntary: sum.voluntary + out.contextSwitches.voluntary, involuntary: sum.involuntary + out.contextSwitches.involuntary };
      }
      if (out.status !== 'ok') {
        return { ...total, status: out.status, ...(out.error !== undefined ? { error: `${mode}: ${out.error}` } : {}) };
      }
      if (!out.counter) {
        return { ...total, status: 'failed', error: `${mode}: the ${ctx.model} runner did not read back the shared state` };
      }
      const { observed, perProcess, switchIntervalMs } = out.counter;
      phases.push({
        mode,
        expected,
        observed,
        lost: observed === null ? null : expected - observed,
        ...(perProcess ? { perProcess } : {}),
        wallMs: out.wallMs,
        ...(switchIntervalMs !== undefined ? { switchIntervalMs } : {}),
        // What explains a lock's cost: a thread that finds it taken sleeps in the kernel.
        ...(out.contextSwitches ? { contextSwitches: out.contextSwitches } : {}),
      });
    }
    return total;
  };
}

function us(ms: number): number {
  return Math.round(ms * 1e3) / 1e3;
}
