import { beforeAll, describe, expect, it } from 'vitest';
import { planTrials } from '../../../src-shared/experiment.ts';
import { withSpanObjects, type ProgressEvent, type TrialResult } from '../../../src-shared/result.ts';
import type { SpanTable } from '../../../src-shared/span-table.ts';
import { summarize } from '../../../src-shared/summary.ts';
import { LIVE_SPAN_WINDOW } from '../../../src-shared/live-spans.ts';
import { runExperiment, type EngineRunResult } from '../../../src-main/engine/index.ts';
import { validSpec } from '../helpers/specs.ts';

// Tiny: 1 ms sleeps, 3 tasks, so a trial costs little more than its pool's start-up.
const tiny = validSpec({
  workload: { kind: 'sleep', ms: 1 },
  tasks: 3,
  models: ['async', 'threads'],
  concurrency: [1, 2],
  repetitions: 2,
  warmup: 1,
});

describe('runExperiment: events and trials', () => {
  // One run, looked at from several sides.
  const events: ProgressEvent[] = [];
  const handed: TrialResult[] = [];
  const tables: SpanTable[] = [];
  let result: EngineRunResult;
  beforeAll(async () => {
    // A copy of each event as it is heard: a tasks event's spans are read then (result.ts).
    result = await runExperiment(tiny, {
      onEvent: (e) => {
        if (e.type !== 'trial-data') return void events.push({ ...e });
        handed.push(withSpanObjects(e.trial));
        tables.push(e.trial.spans);
      },
    });
  });

  it("frees each trial's spans once its listener has had them: a late read is an error, not an empty trial", () => {
    expect(tables).toHaveLength(10);
    expect(handed.every((t) => t.spans.length === 3)).toBe(true);
    for (const table of tables) {
      expect(table.length).toBe(0);
      expect(() => table.toSpans()).toThrow(/read after it was released/);
    }
  });

  it('streams run-started, then per trial started → tasks → finished, then run-finished', () => {

    expect(result.status).toBe('completed');
    expect(events[0].type).toBe('run-started');
    expect(events.at(-1)!.type).toBe('run-finished');
    const started = events[0] as Extract<ProgressEvent, { type: 'run-started' }>;
    // The sequential baseline is added: 1 + 2 + 2 cells, 1 warm-up + 2 repetitions.
    expect(started.totalTrials).toBe(15);
    expect(started.runId).toBe(result.runId);
    expect(events.every((e) => e.runId === result.runId)).toBe(true);

    // Outside utilisation samples, trials come strictly one after another.
    const flow = events.filter((e) => e.type !== 'utilization' && e.type !== 'run-started' && e.type !== 'run-finished');
    let i = 0;
    let trialsSeen = 0;
    while (i < flow.length) {
      const s = flow[i++];
      expect(s.type).toBe('trial-started');
      if (s.type !== 'trial-started') break;
      let done = 0;
      while (flow[i]?.type === 'tasks') {
        const t = flow[i++] as Extract<ProgressEvent, { type: 'tasks' }>;
        expect(t.index).toBe(s.index);
        expect(t.warmup).toBe(s.warmup);
        // Each event counts its tasks in done; its spans are all of them while they are few.
        expect(t.spans).toHaveLength(t.done - done);
        done = t.done;
        expect(t.total).toBe(3);
      }
      const f = flow[i++] as Extract<ProgressEvent, { type: 'trial-finished' }>;
      expect(f.type).toBe('trial-finished');
      expect(f.warmup).toBe(s.warmup);
      expect(f.trial).toMatchObject({ index: s.index, model: s.model, concurrency: s.concurrency, repetition: s.repetition });
      expect(done).toBe(f.trial.spanCount);
      expect(f.progress.trialsDone).toBe(++trialsSeen);
      // The trial-finished event carries the trial's figures, as the result keeps them; its
      // spans were handed on once (trial-data), and are the ones the tasks events streamed.
      if (!s.warmup) {
        expect(result.trials[s.index]).toEqual(f.trial);
        expect(f.trial).not.toHaveProperty('spans');
        expect(handed[s.index].spans).toHaveLength(f.trial.spanCount);
        expect(f.summary).toEqual(summarize(handed.slice(0, s.index + 1), result.machine.logicalCores));
      }
    }
    expect(trialsSeen).toBe(15);

    const finished = events.at(-1) as Extract<ProgressEvent, { type: 'run-finished' }>;
    expect(finished.status).toBe('completed');
    expect(finished.summary).toEqual(result.summary);
  });

  it('keeps warm-ups out of the trials and counts the baseline in', () => {
    expect(result.trials).toHaveLength(10);
    expect(result.trials.map((t) => t.index)).toEqual([...Array(10).keys()]);
    expect(result.trials.filter((t) => t.model === 'sequential').map((t) => t.concurrency)).toEqual([1, 1]);
    expect(result.trials.every((t) => t.status === 'ok' && t.spanCount === 3)).toBe(true);
    expect(handed.map((t) => t.index)).toEqual(result.trials.map((t) => t.index));
    expect(result.summary.map((r) => `${r.model}@${r.concurrency}`)).toEqual([
      'sequential@1', 'async@1', 'async@2', 'threads@1', 'threads@2',
    ]);
    expect(result.summary[0].speedup).toBe(1);
    // offsets are on one clock from the run's start, in execution order.
    for (let i = 1; i < result.trials.length; i++) {
      expect(result.trials[i].offsetMs).toBeGreaterThan(result.trials[i - 1].offsetMs);
    }
  });

  it('reports progress that only grows, ends at 100%, and an ETA once tasks have finished', () => {
    const progress = events.flatMap((e) => ('progress' in e ? [e.progress] : []));
    expect(progress[0].etaMs).toBeNull();
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i].fraction).toBeGreaterThanOrEqual(progress[i - 1].fraction);
      expect(progress[i].trialsDone).toBeGreaterThanOrEqual(progress[i - 1].trialsDone);
    }
    expect(progress.at(-1)).toMatchObject({ fraction: 1, trialsDone: 15, etaMs: 0 });
    expect(progress.slice(5).every((p) => p.etaMs !== null)).toBe(true);
  });

  it('runs trials interleaved by default and grouped on request', async () => {
    const small = { ...tiny, warmup: 0, models: ['threads' as const] };
    const seen: Record<string, string[]> = {};
    for (const order of ['interleaved', 'grouped'] as const) {
      const s = { ...small, order };
      const result = await runExperiment(s);
      seen[order] = result.trials.map((t) => `${t.model}@${t.concurrency}#${t.repetition}`);
      expect(seen[order]).toEqual(planTrials(s).map((t) => `${t.model}@${t.concurrency}#${t.repetition}`));
    }
    expect(seen.interleaved).toEqual(['sequential@1#0', 'threads@1#0', 'threads@2#0', 'sequential@1#1', 'threads@1#1', 'threads@2#1']);
    expect(seen.grouped).toEqual(['sequential@1#0', 'sequential@1#1', 'threads@1#0', 'threads@1#1', 'threads@2#0', 'threads@2#1']);
  });

  it("streams the newest spans of a fast trial, no more than the live view keeps, and counts every task", async () => {
    // 30,000 tiny tasks in one thread: several thousand finish between two events.
    const fast = validSpec({ workload: { kind: 'primes', n: 50 }, tasks: 30_000, models: ['sequential'], concurrency: [1], repetitions: 1, warmup: 0 });
    const seen: Extract<ProgressEvent, { type: 'tasks' }>[] = [];
    const run = await runExperiment(fast, { onEvent: (e) => e.type === 'tasks' && seen.push({ ...e }) });
    expect(run.status).toBe('completed');
    expect(seen.at(-1)!.done).toBe(30_000);
    let before = 0;
    for (const e of seen) {
      const n = e.done - before;
      expect(n).toBeGreaterThan(0);
      // A sequential trial ends its tasks in order: an event's spans are its newest tasks, up to done.
      const kept = Math.min(n, LIVE_SPAN_WINDOW);
      expect(e.spans.map((s) => s.task)).toEqual(Array.from({ length: kept }, (_, i) => e.done - kept + i));
      before = e.done;
    }
  });

  it('names the run after the spec, or readably from its workload and models', async () => {
    const unnamed = await runExperiment({ ...tiny, warmup: 0, repetitions: 1, models: ['threads'], concurrency: [1] });
    expect(unnamed.name).toBe('sleep 1 ms ×3, threads');
    const named = await runExperiment({ ...tiny, name: 'mine', warmup: 0, repetitions: 1, models: ['threads'], concurrency: [1] }, { runId: 'fixed-id' });
    expect(named.name).toBe('mine');
    expect(named.runId).toBe('fixed-id');
  });
});
