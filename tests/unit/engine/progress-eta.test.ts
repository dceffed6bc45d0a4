import { describe, expect, it } from 'vitest';
import { ProgressTracker } from '../../../src-main/engine/progress.ts';

// A hand-driven clock: the tracker's arithmetic is checked, not the passing of time.
function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

const plan = [
  { model: 'sequential', concurrency: 1 },
  { model: 'threads', concurrency: 2 },
  { model: 'sequential', concurrency: 1 },
  { model: 'threads', concurrency: 2 },
];

describe('ProgressTracker', () => {
  it('has no ETA before any task finished, then counts tasks within the current trial', () => {
    const c = clock();
    const p = new ProgressTracker(plan, 10, c.now);
    expect(p.snapshot()).toEqual({ trialsDone: 0, trialsTotal: 4, fraction: 0, etaMs: null });
    p.startTrial(0);
    c.advance(50);
    expect(p.snapshot().etaMs).toBeNull();
    p.tasksDone(5);
    const s = p.snapshot();
    expect(s.fraction).toBeCloseTo(5 / 40, 10);
    // 10 ms per task so far: 50 ms left in this trial + 3 unseen trials × 10 tasks × 10 ms.
    expect(s.etaMs).toBe(50 + 300);
  });

  it('uses each cell’s own time once it has run, and ends at 100% with nothing left', () => {
    const c = clock();
    const p = new ProgressTracker(plan, 10, c.now);
    p.startTrial(0);
    c.advance(100);
    p.tasksDone(10);
    p.finishTrial();
    // sequential took 100 ms; threads unseen: 10 ms/task × 10 tasks.
    expect(p.snapshot().etaMs).toBe(100 + 100 + 100);

    p.startTrial(1);
    c.advance(30);
    p.tasksDone(10);
    p.finishTrial();
    // Both cells known now: one sequential (100) and one threads (30) to go.
    expect(p.snapshot()).toMatchObject({ trialsDone: 2, fraction: 0.5, etaMs: 130 });

    p.startTrial(2);
    c.advance(40);
    expect(p.snapshot().etaMs).toBe(60 + 30);

    p.tasksDone(10);
    p.finishTrial();
    p.startTrial(3);
    c.advance(30);
    p.tasksDone(10);
    p.finishTrial();
    expect(p.snapshot()).toEqual({ trialsDone: 4, trialsTotal: 4, fraction: 1, etaMs: 0 });
  });

  it('never counts more tasks than a trial has', () => {
    const c = clock();
    const p = new ProgressTracker(plan.slice(0, 1), 4, c.now);
    p.startTrial(0);
    p.tasksDone(3);
    p.tasksDone(3);
    expect(p.snapshot().fraction).toBe(1);
  });
});
