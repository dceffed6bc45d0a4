// Break-even from a made-up taskMs study: the curve is plotted at the task size the
// baseline measured, the crossover found on it, and said in one sentence per model.
import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../../../src-shared/experiment.ts';
import type { ModelName } from '../../../src-shared/models.ts';
import type { TrialResult } from '../../../src-shared/result.ts';
import { analyzeStudy } from '../../../src-shared/study-analysis.ts';
import type { StudyMember } from '../../../src-shared/study-result.ts';
import { summarize } from '../../../src-shared/summary.ts';

function member(index: number, taskMs: number, walls: Partial<Record<ModelName, number>>): StudyMember {
  const tasks = Math.round(200 / taskMs);
  const spec = validateExperiment({ workload: { kind: 'primes', taskMs }, tasks, models: ['threads', 'processes'], concurrency: [2], repetitions: 3, warmup: 0 });
  if (!spec.ok) throw new Error('bad spec');
  const trials: TrialResult[] = [];
  let i = 0;
  for (const rep of [0, 1, 2]) {
    for (const [model, wall] of Object.entries(walls) as [ModelName, number][]) {
      const w = wall * (1 + (rep - 1) * 0.03);
      trials.push({ index: i++, model, concurrency: model === 'sequential' ? 1 : 2, repetition: rep, status: 'ok', wallMs: w, cpuMs: 200, startupMs: model === 'processes' ? 60 : 20, offsetMs: 0, spans: [] });
    }
  }
  return { index, value: taskMs, label: `${taskMs} ms`, runId: `r${index}`, status: 'completed', experiment: spec.value, summary: summarize(trials, 2), trials };
}

describe('break-even', () => {
  const members = [
    // The baseline ran a little slower than asked at 0.1 ms: 220 ms for 2000 tasks is 0.11 ms per task.
    member(0, 0.1, { sequential: 220, threads: 440, processes: 900 }),
    member(1, 1, { sequential: 200, threads: 130, processes: 300 }),
    member(2, 10, { sequential: 200, threads: 105, processes: 210 }),
  ];
  const a = analyzeStudy({ axis: 'taskMs', members, machine: null });
  if (a.axis !== 'taskMs') throw new Error('wrong axis');

  it('plots each model at the task size asked, with what the baseline measured beside it, and the speedup interval', () => {
    const threads = a.curves.find((c) => c.model === 'threads')!;
    expect(threads.points.map((p) => p.x)).toEqual([0.1, 1, 10]);
    expect(threads.points.map((p) => p.measured)).toEqual([220 / 2000, 200 / 200, 200 / 20]);
    expect(threads.points[1].y).toBeCloseTo(200 / 130, 9);
    expect(threads.points[1].low).not.toBeNull();
  });

  it('finds where threads start to pay, and says processes never did in the range tried', () => {
    const threads = a.breakEven.find((b) => b.model === 'threads')!;
    expect(threads.crossing.kind).toBe('crosses');
    expect(threads.crossing.at!).toBeGreaterThan(0.1);
    expect(threads.crossing.at!).toBeLessThan(1);
    expect(threads.sentence).toMatch(/^Worker threads \(k = 2\): faster than sequential from 0\.\d\d ms per task \(within the intervals: .* to .*\); 90% of its large-task speedup \(1\.9×\) from \d\.\d ms per task\.$/);
    expect(threads.explanation).toMatch(/^No hand-off was measured for it; starting it \(20 ms\) is paid once per trial and kept out of these walls\.$/);
    const processes = a.breakEven.find((b) => b.model === 'processes')!;
    expect(processes.crossing.kind).toBe('never');
    expect(processes.sentence).toMatch(/^Processes \(k = 2\): never faster than sequential in the range tried \(0\.10 ms per task to 10 ms per task\)/);
  });

  it('does not blame the model when the machine was busy: a multi-lane model kept under one processor busy', () => {
    const processes = a.breakEven.find((b) => b.model === 'processes')!;
    // 200 ms of CPU over a wall of 210–900 ms: under one processor busy.
    expect(processes.explanation).toMatch(/It kept only 0\.\d\d processors busy on average: other work held the cores/);
  });
});
