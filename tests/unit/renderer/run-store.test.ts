// The live run: progress events coalesced into one state change per frame, a bounded
// window of spans, partial figures while it runs, the final status, cancel, and
// picking up a run that was already going when the view opened.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { figuresOf, type Progress, type ProgressEvent } from '../../../src-shared/result.ts';
import { summarize } from '../../../src-shared/summary.ts';
import { setBackend } from '../../../src-renderer/backend/index.ts';
import { LIVE_SPAN_WINDOW } from '../../../src-shared/live-spans.ts';
import { setRunSchedule, useRunStore } from '../../../src-renderer/src/stores/run.ts';
import { FakeLab, MACHINE, makeRun, spans, trial } from './fake-lab.ts';
import { validSpec } from '../helpers/specs.ts';

let lab: FakeLab;
let frames: (() => void)[];

const spec = validSpec({ workload: { kind: 'sleep', ms: 1 }, tasks: 20_000, models: ['sequential', 'threads'], concurrency: [2] });
const p = (fraction: number): Progress => ({ trialsDone: 0, trialsTotal: 2, fraction, etaMs: 1000 });
const started: ProgressEvent = { type: 'run-started', runId: 'r1', name: 'sleepy', experiment: spec, machine: MACHINE, totalTrials: 2, startedAt: '2026-01-01T00:00:00Z' };

function runFrame(): void {
  const pending = frames;
  frames = [];
  for (const f of pending) f();
}

beforeEach(() => {
  lab = new FakeLab();
  setBackend(lab);
  frames = [];
  setRunSchedule((cb) => frames.push(cb));
  setActivePinia(createPinia());
});

describe('run store', () => {
  it('applies a burst of events in one frame, not one by one', async () => {
    const run = useRunStore();
    await run.attach();
    lab.emit(started, { type: 'trial-started', runId: 'r1', index: 0, warmup: false, model: 'threads', concurrency: 2, repetition: 0, offsetMs: 0, progress: p(0) });
    for (let i = 0; i < 50; i++) {
      lab.emit({ type: 'tasks', runId: 'r1', index: 0, warmup: false, done: (i + 1) * 10, total: 20_000, spans: spans(10, 2), progress: p(i / 100) });
    }
    expect(run.status).toBe('idle');
    expect(frames).toHaveLength(1);
    runFrame();
    expect(run.applied).toBe(52);
    expect(run.status).toBe('running');
    expect(run.current).toMatchObject({ model: 'threads', concurrency: 2, done: 500, total: 20_000 });
    expect(run.liveSpans).toHaveLength(500);
    expect(run.percent).toBe(49);
  });

  it('keeps only the latest window of spans', async () => {
    const run = useRunStore();
    await run.attach();
    lab.emit(started, { type: 'trial-started', runId: 'r1', index: 0, warmup: false, model: 'threads', concurrency: 2, repetition: 0, offsetMs: 0, progress: p(0) });
    const many = spans(LIVE_SPAN_WINDOW + 1234, 2);
    lab.emit({ type: 'tasks', runId: 'r1', index: 0, warmup: false, done: many.length, total: 20_000, spans: many, progress: p(0.5) });
    runFrame();
    expect(run.liveSpans).toHaveLength(LIVE_SPAN_WINDOW);
    expect(run.liveSpans[run.liveSpans.length - 1].task).toBe(many.length - 1);
  });

  it("counts tasks a second from done: a fast trial's events carry only its newest spans", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(0);
      const run = useRunStore();
      await run.attach();
      lab.emit(started, { type: 'trial-started', runId: 'r1', index: 0, warmup: false, model: 'threads', concurrency: 2, repetition: 0, offsetMs: 0, progress: p(0) });
      lab.emit({ type: 'tasks', runId: 'r1', index: 0, warmup: false, done: 100, total: 20_000, spans: spans(10, 2), progress: p(0.01) });
      runFrame();
      vi.setSystemTime(1000);
      lab.emit({ type: 'tasks', runId: 'r1', index: 0, warmup: false, done: 20_000, total: 20_000, spans: spans(10, 2), progress: p(0.5) });
      runFrame();
      expect(run.tasksPerSecond).toBe(20_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it('hands views a new array each frame, so props and watchers see the change', async () => {
    const run = useRunStore();
    await run.attach();
    lab.emit(started, { type: 'trial-started', runId: 'r1', index: 0, warmup: false, model: 'threads', concurrency: 2, repetition: 0, offsetMs: 0, progress: p(0) });
    lab.emit({ type: 'tasks', runId: 'r1', index: 0, warmup: false, done: 4, total: 20_000, spans: spans(4, 2), progress: p(0.1) });
    lab.emit({ type: 'utilization', runId: 'r1', sample: { tMs: 100, cores: [0.5, 1] } });
    runFrame();
    const [firstSpans, firstSamples] = [run.liveSpans, run.utilization];
    lab.emit({ type: 'tasks', runId: 'r1', index: 0, warmup: false, done: 8, total: 20_000, spans: spans(4, 2), progress: p(0.2) });
    lab.emit({ type: 'utilization', runId: 'r1', sample: { tMs: 200, cores: [1, 1] } });
    runFrame();
    expect(run.liveSpans).not.toBe(firstSpans);
    expect(run.liveSpans).toHaveLength(8);
    expect(firstSpans).toHaveLength(4);
    expect(run.utilization).not.toBe(firstSamples);
    expect(run.utilization.map((s) => s.tMs)).toEqual([100, 200]);
  });

  it("keeps finished trials' figures, skipping warm-ups, shows the engine's partial summary, and takes the final one", async () => {
    const run = useRunStore();
    await run.attach();
    const seq = trial(0, 'sequential', 1, 40);
    const threads = trial(1, 'threads', 2, 20);
    lab.emit(
      started,
      { type: 'trial-finished', runId: 'r1', warmup: true, trial: figuresOf(trial(0, 'sequential', 1, 999)), summary: [], progress: p(0.2) },
      { type: 'trial-finished', runId: 'r1', warmup: false, trial: figuresOf(seq), summary: summarize([seq], 8), progress: p(0.4) },
      { type: 'trial-finished', runId: 'r1', warmup: false, trial: figuresOf(threads), summary: summarize([seq, threads], 8), progress: p(0.6) },
    );
    runFrame();
    expect(run.trials).toEqual([figuresOf(seq), figuresOf(threads)]);
    expect(run.summary.find((r) => r.model === 'threads')?.speedup).toBeCloseTo(2);
    lab.emit({ type: 'run-finished', runId: 'r1', status: 'completed', endedAt: '2026-01-01T00:00:05Z', summary: [] });
    runFrame();
    expect(run.status).toBe('completed');
    expect(run.percent).toBe(100);
    expect(run.summary).toEqual([]);
    expect(run.finished).toBe(true);
  });

  it('ignores events of another run once it follows one', async () => {
    const run = useRunStore();
    await run.attach();
    lab.emit(started, { type: 'utilization', runId: 'other', sample: { tMs: 1, cores: [1, 1] } });
    runFrame();
    expect(run.utilization).toEqual([]);
  });

  it('starts a run, follows it before its first event, and cancels it', async () => {
    const run = useRunStore();
    await run.attach();
    const r = await run.start({ any: 'spec' });
    expect(r).toEqual({ ok: true, value: { runId: 'run-1' } });
    expect(run.runId).toBe('run-1');
    expect(run.active).toBe(true);
    expect(await run.start({})).toMatchObject({ ok: false, code: 'busy' });
    expect(await run.cancel()).toBeNull();
    expect(lab.called('cancelRun')[0].args).toEqual(['run-1']);
    expect(run.cancelling).toBe(true);
    lab.emit({ type: 'run-finished', runId: 'run-1', status: 'cancelled', endedAt: '2026-01-01T00:00:05Z', summary: [] });
    runFrame();
    expect(run.status).toBe('cancelled');
    expect(run.cancelling).toBe(false);
  });

  it('returns to idle when the backend refuses to start', async () => {
    const run = useRunStore();
    lab.failNext.startRun = { code: 'internal', message: 'boom' };
    expect(await run.start({})).toMatchObject({ ok: false, code: 'internal' });
    expect(run.status).toBe('idle');
  });

  it('names the trial in flight from the plan when it joined mid-trial', async () => {
    lab.activeRun = 'r1';
    lab.runs.set('r1', { ...makeRun('r1', { status: 'running' }), experiment: spec });
    const run = useRunStore();
    await run.attach();
    // No trial-started for the trial in flight: the plan says measured trial 1 is threads at k = 2.
    lab.emit({ type: 'tasks', runId: 'r1', index: 1, warmup: false, done: 10, total: 20_000, spans: spans(10, 2), progress: p(0.6) });
    runFrame();
    expect(run.current).toMatchObject({ model: 'threads', concurrency: 2, repetition: 0, done: 10 });
    expect(run.liveSpans).toHaveLength(10);
  });

  it('picks up a run already in progress when it attaches', async () => {
    lab.activeRun = 'r9';
    lab.runs.set('r9', makeRun('r9', { status: 'running' }));
    const run = useRunStore();
    await run.attach();
    expect(run.runId).toBe('r9');
    expect(run.status).toBe('running');
    expect(run.experiment?.tasks).toBe(8);
    expect(run.trials).toHaveLength(3);
    run.detach();
    expect(lab.listeners.size).toBe(0);
  });
});
