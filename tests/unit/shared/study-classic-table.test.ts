// The classic table from a made-up workload study: each claim against its measurement,
// with a mark, and a free-threaded interpreter making Python threads disagree.
import { describe, expect, it } from 'vitest';
import { classicTable } from '../../../src-shared/classic-table.ts';
import { validateExperiment } from '../../../src-shared/experiment.ts';
import type { ModelName } from '../../../src-shared/models.ts';
import type { TrialResult } from '../../../src-shared/result.ts';
import { analyzeStudy } from '../../../src-shared/study-analysis.ts';
import { studyCsv, studyMarkdown } from '../../../src-shared/study-report.ts';
import type { StudyMember, StudyResult } from '../../../src-shared/study-result.ts';
import { summarize } from '../../../src-shared/summary.ts';

const CORES = 2;
const MODELS: ModelName[] = ['py-asyncio', 'py-threading', 'py-multiprocessing'];

/** Per model: wall, CPU and start-up of three repetitions (a little spread, as measured). */
type Cells = Partial<Record<ModelName, { wall: number; cpu: number; startup: number }>>;

function member(index: number, workload: object, cells: Cells): StudyMember {
  const spec = validateExperiment({ workload, tasks: 16, models: MODELS, concurrency: [4], repetitions: 3, warmup: 0 });
  if (!spec.ok) throw new Error('bad spec');
  const trials: TrialResult[] = [];
  let i = 0;
  for (const rep of [0, 1, 2]) {
    for (const [model, c] of Object.entries(cells) as [ModelName, { wall: number; cpu: number; startup: number }][]) {
      const jitter = 1 + (rep - 1) * 0.02;
      trials.push({
        index: i++, model, concurrency: model === 'py-sequential' ? 1 : 4, repetition: rep, status: 'ok',
        wallMs: c.wall * jitter, cpuMs: c.cpu * jitter, startupMs: c.startup * jitter, offsetMs: 0, spans: [],
      });
    }
  }
  return {
    index, value: spec.value.workload, label: index === 0 ? 'primes 10 ms' : 'sleep 10 ms', runId: `run-${index}`, status: 'completed',
    experiment: spec.value, summary: summarize(trials, CORES), trials,
  };
}

const cpuBound = (threading: { wall: number; cpu: number }) =>
  member(0, { kind: 'primes', taskMs: 10 }, {
    'py-sequential': { wall: 160, cpu: 158, startup: 0 },
    'py-asyncio': { wall: 162, cpu: 160, startup: 0.5 },
    'py-threading': { ...threading, startup: 1 },
    'py-multiprocessing': { wall: 85, cpu: 165, startup: 40 },
  });
const ioBound = member(1, { kind: 'sleep', ms: 10 }, {
  'py-sequential': { wall: 165, cpu: 3, startup: 0 },
  'py-asyncio': { wall: 42, cpu: 3, startup: 0.5 },
  'py-threading': { wall: 43, cpu: 4, startup: 1 },
  'py-multiprocessing': { wall: 45, cpu: 5, startup: 40 },
});

describe('the classic table, measured', () => {
  it('agrees with the table under the GIL: one processor and no CPU gain for asyncio and threading, many for multiprocessing', () => {
    const t = classicTable([cpuBound({ wall: 168, cpu: 166 }), ioBound], CORES, { gilEnabled: true });
    expect(t.cpuLabel).toBe('primes 10 ms');
    expect(t.ioLabel).toBe('sleep 10 ms');
    const marks = Object.fromEntries(t.rows.map((r) => [r.model, [r.processors.mark, r.cpuSpeedup.mark, r.ioSpeedup.mark, r.startupMs.mark]]));
    expect(marks).toEqual({
      'py-asyncio': ['agrees', 'agrees', 'agrees', 'agrees'],
      'py-threading': ['agrees', 'agrees', 'agrees', 'agrees'],
      'py-multiprocessing': ['agrees', 'agrees', 'agrees', 'agrees'],
    });
    const mp = t.rows.find((r) => r.model === 'py-multiprocessing')!;
    expect(mp.concurrency).toBe(4);
    expect(mp.processors.measured!.value).toBeCloseTo(165 / 85, 6);
    expect(mp.processors.measured!.interval).not.toBeNull();
    expect(mp.cpuSpeedup.measured!.value).toBeCloseTo(160 / 85, 6);
    expect(mp.switching).toMatch(/processes run at the same time/);
  });

  it('marks Python threads as disagreeing on a free-threaded interpreter, and says why', () => {
    const t = classicTable([cpuBound({ wall: 88, cpu: 170 }), ioBound], CORES, { gilEnabled: false });
    const th = t.rows.find((r) => r.model === 'py-threading')!;
    expect(th.processors.mark).toBe('disagrees');
    expect(th.processors.why).toMatch(/without the GIL/);
    expect(th.cpuSpeedup.mark).toBe('disagrees');
  });

  it('cannot judge "many processors" on a machine so busy that the baseline itself got less than one', () => {
    // Other work took the cores: sequential kept 0.4 of a processor busy, multiprocessing 0.7.
    const busy = member(0, { kind: 'primes', taskMs: 10 }, {
      'py-sequential': { wall: 400, cpu: 160, startup: 0 },
      'py-multiprocessing': { wall: 240, cpu: 168, startup: 40 },
    });
    const mp = classicTable([busy], CORES, null).rows.find((r) => r.model === 'py-multiprocessing')!;
    expect(mp.processors.mark).toBe('unclear');
    expect(mp.processors.why).toMatch(/the machine was busy: the sequential baseline itself kept only 0\.40 of a processor busy/);
    // Its speedup (400 / 240 = 1.7×) is a gain; a slower one would be unclear too, not a disagreement.
    const slower = member(0, { kind: 'primes', taskMs: 10 }, {
      'py-sequential': { wall: 400, cpu: 160, startup: 0 },
      'py-multiprocessing': { wall: 420, cpu: 168, startup: 40 },
    });
    const mp2 = classicTable([slower], CORES, null).rows.find((r) => r.model === 'py-multiprocessing')!;
    expect(mp2.cpuSpeedup.mark).toBe('unclear');
    expect(mp2.cpuSpeedup.why).toMatch(/the machine was busy/);
  });

  it('is unclear where an interval straddles the threshold, and not measured without the work', () => {
    // Threads at about 1.5 processors, ± a lot: neither clearly one nor clearly many.
    const wide = cpuBound({ wall: 110, cpu: 165 });
    let rep = 0;
    wide.trials = wide.trials.map((tr) => (tr.model === 'py-threading' ? { ...tr, cpuMs: [100, 165, 230][rep++] } : tr));
    const t = classicTable([wide], CORES, null);
    const th = t.rows.find((r) => r.model === 'py-threading')!;
    expect(th.processors.mark).toBe('unclear');
    expect(th.ioSpeedup.mark).toBe('not-measured');
    expect(t.ioLabel).toBeNull();
  });

  it('renders as Markdown and CSV with the marks', () => {
    const members = [cpuBound({ wall: 168, cpu: 166 }), ioBound];
    const study: StudyResult = {
      version: 1, studyId: 's1', name: 'Classic | Python', axis: 'workload', definition: { name: 'x', base: {}, vary: { axis: 'workload', values: [{}, {}] } },
      status: 'completed', startedAt: '2026-12-02T00:00:00Z', machine: { logicalCores: CORES, cpuModel: 'test CPU', hostname: 'here' } as StudyResult['machine'], tags: [], notes: '', members,
    };
    const analysis = analyzeStudy(study);
    const md = studyMarkdown(study, analysis);
    expect(md).toMatch(/^# Classic \\\| Python/);
    expect(md).toMatch(/\| Python multiprocessing \| 4 \| .*✓ agrees/);
    expect(md).toContain('- primes 10 ms: run run-0 (completed)');
    const csv = studyCsv(study, analysis).trimEnd().split('\r\n');
    expect(csv).toHaveLength(4);
    expect(csv[0]).toMatch(/^study_id,model,k,switching,processors_claim,processors,processors_low,processors_high,processors_mark,/);
    expect(csv[3]).toMatch(/^s1,py-multiprocessing,4,/);
    expect(csv[3].split(',').filter((f) => f === 'agrees')).toHaveLength(4);
  });
});
