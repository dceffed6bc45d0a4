import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../../../src-shared/experiment.ts';
import type { RunResult, TrialResult } from '../../../src-shared/result.ts';
import { summarize } from '../../../src-shared/summary.ts';
import { renderSummary } from '../../../src-main/cli/summary-table.ts';

function trial(index: number, model: TrialResult['model'], concurrency: number, wallMs: number, status: TrialResult['status'] = 'ok', error?: string): TrialResult {
  return {
    index, model, concurrency, repetition: 0, status, wallMs, startupMs: 5, cpuMs: wallMs, offsetMs: index,
    spans: [{ task: 0, worker: 0, startMs: 0, endMs: wallMs }], ...(error ? { error } : {}),
  };
}

describe('the run summary table', () => {
  it('shows one line per cell in cellsOf order, with a cell whose every trial failed and the errors', () => {
    const v = validateExperiment({ workload: { kind: 'sleep', ms: 1 }, tasks: 1, models: ['threads'], concurrency: [2, 4], repetitions: 1 });
    if (!v.ok) throw new Error('spec');
    const trials = [
      trial(0, 'sequential', 1, 100),
      trial(1, 'threads', 2, 50),
      trial(2, 'threads', 4, 1, 'failed', 'thread worker 3 exited with code 1'),
    ];
    const result = {
      experiment: v.value,
      machine: { logicalCores: 2 },
      trials,
      summary: summarize(trials, 2),
    } as unknown as RunResult;
    const lines = renderSummary(result).split('\n');
    expect(lines[0]).toMatch(
      /^model\s+k\s+median wall ± 95% CI\s+speedup\s+speedup 95% CI\s+processors\s+run\/wait\/blocked\s+efficiency\s+start-up\s+tasks\/s\s+ok\s+failed\s+note$/,
    );
    // One trial per cell: no interval ("—"), never "± 0 ms"; nothing to bootstrap; CPU = wall here, so one processor used; no states measured.
    expect(lines[2]).toMatch(/^sequential\s+1\s+100 ms ± —\s+1\.0×\s+—\s+1\.00\s+—\s+100%\s+5\.0 ms\s+10\.0\s+1\s+0\s+noisy$/);
    expect(lines[3]).toMatch(/^threads\s+2\s+50 ms ± —\s+2\.0×\s+—\s+1\.00\s+—\s+100%/);
    expect(lines.join('\n')).not.toMatch(/± 0/);
    expect(lines[4]).toMatch(/^threads\s+4\s+—.*\s0\s+1\s+no trial finished$/);
    expect(lines).toContain('  ideal = min(k, c / f): k workers, c cores, f = CPU share of the work (CPU time / wall of the sequential baseline at k = 1; 1 for pure CPU work, near 0 for waiting); here c = 2, f = 1.00.');
    expect(lines.some((l) => l.includes('± —: no interval from one trial'))).toBe(true);
    expect(lines).toContain('  threads: starting a pool of k worker threads');
    expect(lines).toContain("  sequential: handing the trial to the run's loop worker (the worker is started once, before the first trial, and not counted)");
    expect(lines).toContain('Trials that failed (1):');
    expect(lines).toContain('  #2 threads k=4 rep 1: failed: thread worker 3 exited with code 1');
    expect(lines).toContain('scaling of threads: no fit (a scaling fit needs at least 4 levels of k; this run has 1).');
  });

  it('gives each speedup its bootstrap interval, processors used and state shares, and the USL fit with its peak', () => {
    const v = validateExperiment({ workload: { kind: 'primes', n: 100 }, tasks: 1, models: ['threads'], concurrency: [1, 2, 4, 8], repetitions: 3 });
    if (!v.ok) throw new Error('spec');
    const usl = (k: number) => k / (1 + 0.05 * (k - 1) + 0.02 * k * (k - 1));
    const trials: TrialResult[] = [];
    for (let rep = 0; rep < 3; rep++) {
      trials.push({ ...trial(trials.length, 'sequential', 1, 100 + rep), cpuMs: 95 });
      for (const k of [1, 2, 4, 8]) {
        const wall = (100 + rep) / usl(k);
        trials.push({
          ...trial(trials.length, 'threads', k, wall),
          cpuMs: 100,
          states: { scope: 'tasks', runningMs: 60, waitingMs: 30, blockedMs: 10, measuredSpans: 1, spans: 1 },
        });
      }
    }
    const result = { experiment: v.value, machine: { logicalCores: 2 }, trials, summary: summarize(trials, 2) } as unknown as RunResult;
    const text = renderSummary(result);
    const lines = text.split('\n');
    const k2 = lines.find((l) => /^threads\s+2\s/.test(l))!;
    expect(k2).toMatch(/\d\.\d×\s+\d\.\d–\d\.\d×\s+\d\.\d\d\s+60\/30\/10%\s/);
    expect(text).toMatch(/scaling of threads \(USL, 12 trials at 4 levels of k\): σ = 0\.050 ± 0\.0\d\d, κ = 0\.0200 ± 0\.\d{4}; adding workers beyond 6\.9 slows this run down/);
  });
});

describe('the run summary table with two or more trials per cell', () => {
  it('gives the 95% CI half-width, and says why an efficiency is above 100%', () => {
    const v = validateExperiment({ workload: { kind: 'primes', n: 1000 }, tasks: 1, models: ['threads'], concurrency: [2], repetitions: 3 });
    if (!v.ok) throw new Error('spec');
    const trials = [
      trial(0, 'sequential', 1, 110), trial(1, 'threads', 2, 50), trial(2, 'sequential', 1, 110),
      trial(3, 'threads', 2, 50.1), trial(4, 'sequential', 1, 110), trial(5, 'threads', 2, 49.9),
    ];
    const result = { experiment: v.value, machine: { logicalCores: 2 }, trials, summary: summarize(trials, 2) } as unknown as RunResult;
    const lines = renderSummary(result).split('\n');
    expect(lines[3]).toMatch(/^threads\s+2\s+50 ms ± 0\.\d+ ms\s+2\.2×\s+\S+\s+\S+\s+—\s+110%.*above 100%: the baseline ran slower per task/);
  });
});
