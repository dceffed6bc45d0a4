// What a study adds over its runs (issue 13; goal: under 1%). The same values are run
// twice, side by side in one process on one real history file: as a study
// (runStudyToEnd: planning, linking each run, one progress over all, the study's row), and
// as the same runs one after another (runToEnd each). Both pay each run's admission
// (resources, the history's room); the study's own share is what it adds on top, printed
// as a ratio of walls and as the study's wall beyond its runs' own (start to end of each).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLabService } from '../src-main/service/index.ts';
import { LabStore } from '../src-main/store/index.ts';
import { planStudy } from '../src-shared/study.ts';

const ROUNDS = 3;
// IO-bound values (timers): the walls depend little on what else holds the cores.
const STUDY = {
  name: 'bench study',
  base: { tasks: 24, models: ['async'], concurrency: [4], repetitions: 3, warmup: 0 },
  vary: { axis: 'workload', values: [4, 5, 6, 7].map((ms) => ({ kind: 'sleep', ms })) },
};

const dir = mkdtempSync(join(tmpdir(), 'lab-study-bench-'));
const report = (what: string, value: string) => console.log(`${what.padEnd(52)} ${value}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runWall = (r: { startedAt: string; endedAt?: string }) => (r.endedAt ? Date.parse(r.endedAt) - Date.parse(r.startedAt) : NaN);

try {
  const store = LabStore.open(join(dir, 'lab.db'));
  const lab = createLabService({ store });
  const plan = planStudy(STUDY);
  if (!plan.ok) throw new Error('bad study');
  const study = { total: [] as number[], runs: [] as number[], loop: [] as number[] };
  const plain = { total: [] as number[], runs: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first, so drift over the bench hits both alike.
    const order = round % 2 ? ['plain', 'study'] : ['study', 'plain'];
    for (const which of order) {
      const t0 = performance.now();
      if (which === 'study') {
        const r = await lab.runStudyToEnd(STUDY);
        if (!r.ok || r.value.outcome.status !== 'completed') throw new Error(`study: ${r.ok ? r.value.outcome.error : r.message}`);
        study.total.push(performance.now() - t0);
        study.runs.push(r.value.study.members.reduce((n, m) => n + runWall(store.findRun(m.runId!)), 0));
        // The study's loop alone: without checking it first and reading it back after.
        study.loop.push(r.value.outcome.wallMs);
      } else {
        let runs = 0;
        for (const m of plan.value.members) {
          const r = await lab.runToEnd(m.spec);
          if (!r.ok) throw new Error(`run: ${r.message}`);
          runs += runWall(r.value.result);
        }
        plain.total.push(performance.now() - t0);
        plain.runs.push(runs);
      }
    }
  }
  await lab.close();
  store.close();

  const s = median(study.total);
  const p = median(plain.total);
  report(`${plan.value.members.length} runs as a study, wall (median of ${ROUNDS})`, `${s.toFixed(0)} ms`);
  report(`the same ${plan.value.members.length} runs one after another, wall`, `${p.toFixed(0)} ms`);
  report('study ÷ plain runs (goal: under 1.01)', `${(s / p).toFixed(4)}x`);
  const studyBeyond = median(study.total.map((t, i) => (t - study.runs[i]) / study.runs[i]));
  const plainBeyond = median(plain.total.map((t, i) => (t - plain.runs[i]) / plain.runs[i]));
  report('study wall beyond its runs\' own walls', `${(studyBeyond * 100).toFixed(2)}%`);
  report('plain runs\' wall beyond their own (admission)', `${(plainBeyond * 100).toFixed(2)}%`);
  report('what the study adds over plain runs (goal < 1%)', `${((studyBeyond - plainBeyond) * 100).toFixed(2)} points`);
  const loopBeyond = median(study.loop.map((t, i) => (t - study.runs[i]) / study.runs[i]));
  report('the study loop alone beyond its runs (no check, no read-back)', `${(loopBeyond * 100).toFixed(2)}%`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
