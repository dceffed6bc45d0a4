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
    expect(lines[0]).toMatch(/^model\s+k\s+median wall ± 95% CI\s+speedup\s+efficiency\s+start-up\s+tasks\/s\s+ok\s+failed\s+note$/);
    expect(lines[2]).toMatch(/^sequential\s+1\s+100 ms ± 0 ms\s+1\.0×\s+100%\s+5\.0 ms\s+10\.0\s+1\s+0\s+noisy$/);
    expect(lines[3]).toMatch(/^threads\s+2\s+50 ms ± 0 ms\s+2\.0×\s+100%/);
    expect(lines[4]).toMatch(/^threads\s+4\s+—.*\s0\s+1\s+no trial finished$/);
    expect(lines).toContain('Trials that failed (1):');
    expect(lines).toContain('  #2 threads k=4 rep 1: failed: thread worker 3 exited with code 1');
  });
});
