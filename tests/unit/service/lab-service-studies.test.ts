// A study through the service, with real runs on a real SQLite file: one saved run per
// value, linked to the study, in an order that spreads drift; one progress over the whole
// study; a cancel keeps the finished runs; delete takes the runs with it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../src-shared/result.ts';
import type { StudyProgress } from '../../../src-shared/study-result.ts';
import { spreadOrder } from '../../../src-shared/study.ts';
import { openLab, TINY, type LabFixture } from './lab-fixture.ts';

let lab: LabFixture;
beforeEach(() => {
  lab = openLab();
});
afterEach(async () => {
  await lab.cleanup();
});

/** A workload study of three small values: CPU-bound (primes), IO-bound (sleep), both. */
const TABLE = {
  name: 'tiny table',
  base: { tasks: 4, models: ['async'], concurrency: [2], repetitions: 2, warmup: 0 },
  vary: { axis: 'workload', values: [{ kind: 'primes', n: 3000 }, { kind: 'sleep', ms: 2 }, { kind: 'mixed', cpuMs: 0, waitMs: 1 }] },
};

/** Three values, each long enough (20 × 30 ms one at a time) to be cancelled in the middle. */
const SLOW = {
  name: 'slow',
  base: { tasks: 20, models: ['async'], concurrency: [1], repetitions: 1, warmup: 0 },
  vary: { axis: 'workload', values: [{ kind: 'sleep', ms: 30 }, { kind: 'sleep', ms: 31 }, { kind: 'sleep', ms: 32 }] },
};

const studyEvents = (events: ProgressEvent[]) => events.filter((e): e is StudyProgress => e.type === 'study-progress');

function studyEnd(lab: LabFixture): Promise<StudyProgress> {
  return new Promise((resolve) => {
    const stop = lab.service.onProgress((events) => {
      const end = studyEvents(events).find((e) => e.finished);
      if (end) {
        stop();
        resolve(end);
      }
    });
  });
}

describe('a study through the service', () => {
  it('saves one normal run per value, linked to the study at its place on the axis, run in spread order', async () => {
    const end = studyEnd(lab);
    const started = await lab.service.startStudy(TABLE);
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const { studyId } = started.value;
    expect((await lab.service.getActiveStudy()).ok).toBe(true);
    expect((await end).finished).toBe('completed');

    const runOrder = lab.events.filter((e) => e.type === 'run-started').map((e) => (e as Extract<ProgressEvent, { type: 'run-started' }>).name);
    const labels = ['primes', 'sleep 2 ms', 'mixed 0+1 ms'];
    expect(runOrder).toEqual(spreadOrder(3).map((i) => `tiny table: ${labels[i]}`));

    const study = await lab.service.getStudy(studyId.slice(0, 8));
    expect(study.ok).toBe(true);
    if (!study.ok) return;
    expect(study.value.status).toBe('completed');
    expect(study.value.members.map((m) => [m.index, m.label, m.status])).toEqual([
      [0, 'primes', 'completed'],
      [1, 'sleep 2 ms', 'completed'],
      [2, 'mixed 0+1 ms', 'completed'],
    ]);
    expect(study.value.members.every((m) => m.summary.some((r) => r.model === 'async' && r.speedup !== null))).toBe(true);
    expect(study.value.machine?.logicalCores).toBeGreaterThan(0);

    // Each stays a normal run, listed in the history with its study.
    const page = await lab.service.listRuns();
    expect(page.ok && page.value.runs.map((r) => r.study?.studyId)).toEqual([studyId, studyId, studyId]);
    expect(page.ok && page.value.runs.map((r) => r.study!.index).sort()).toEqual([0, 1, 2]);
    const one = await lab.service.getRun(study.value.members[1].runId!);
    expect(one.ok && one.value.trials.length).toBe(4); // sequential@1 and async@2, two repetitions

    const list = await lab.service.listStudies();
    expect(list.ok && list.value.map((s) => [s.studyId, s.runs, s.values, s.status])).toEqual([[studyId, 3, 3, 'completed']]);

    // One progress over the whole study, rising to 1, with an ETA.
    const progress = studyEvents(lab.events);
    expect(progress[0]).toMatchObject({ runsDone: 0, runsTotal: 3, fraction: 0, current: null });
    const fractions = progress.map((e) => e.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ fraction: 1, etaMs: 0, runsDone: 3, finished: 'completed' });
    expect(progress.some((e) => e.current !== null && e.runId !== null && e.etaMs !== null && e.fraction > 0 && e.fraction < 1)).toBe(true);
  });

  it('cancel keeps the finished runs (and the cancelled one), leaves the rest not run, and marks the study cancelled', async () => {
    const end = studyEnd(lab);
    let studyId = '';
    const secondRunStarted = new Promise<void>((resolve) => {
      lab.service.onProgress((events) => {
        if (studyEvents(events).some((e) => e.runsDone === 1 && e.runId !== null)) resolve();
      });
    });
    const started = await lab.service.startStudy(SLOW);
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    studyId = started.value.studyId;
    await secondRunStarted;
    expect(await lab.service.startRun(TINY)).toMatchObject({ ok: false, code: 'busy' });
    expect(await lab.service.deleteStudy(studyId)).toMatchObject({ ok: false, code: 'busy' });
    expect(await lab.service.cancelStudy(studyId)).toEqual({ ok: true, value: { cancelled: true } });
    expect((await end).finished).toBe('cancelled');

    const study = await lab.service.getStudy(studyId);
    expect(study.ok).toBe(true);
    if (!study.ok) return;
    expect(study.value.status).toBe('cancelled');
    const statuses = study.value.members.map((m) => m.status).sort();
    expect(statuses).toEqual(['cancelled', 'completed', 'not-run']);
    expect(await lab.service.cancelStudy(studyId)).toEqual({ ok: true, value: { cancelled: false } });
    // The lab is free again.
    expect(await lab.service.getActiveStudy()).toEqual({ ok: true, value: null });
  });

  it('renames, tags, exports and deletes a study as a group', async () => {
    const end = studyEnd(lab);
    const started = await lab.service.startStudy(TABLE);
    if (!started.ok) throw new Error(started.message);
    await end;
    const { studyId } = started.value;
    const renamed = await lab.service.updateStudy(studyId, { name: 'renamed', tags: ['laptop'] });
    expect(renamed.ok && [renamed.value.name, renamed.value.tags]).toEqual(['renamed', ['laptop']]);

    const md = await lab.service.exportStudy({ studyId, format: 'md' });
    expect(md.ok && md.value.content).toMatch(/^# renamed\n/);
    expect(md.ok && md.value.fileName).toBe(`study-renamed-${studyId.slice(0, 8)}.md`);
    const csv = await lab.service.exportStudy({ studyId, format: 'csv' });
    expect(csv.ok && csv.value.content.split('\r\n')[1]).toMatch(new RegExp(`^${studyId},async,2,`));
    const json = await lab.service.exportStudy({ studyId, format: 'json' });
    expect(json.ok && JSON.parse(json.value.content)).toMatchObject({ format: 'concurrency-lab-study', study: { studyId }, analysis: { axis: 'workload' } });

    expect(await lab.service.deleteStudy(studyId)).toEqual({ ok: true, value: { deleted: true, runs: 3 } });
    expect(await lab.service.listRuns()).toMatchObject({ ok: true, value: { total: 0 } });
    expect(await lab.service.getStudy(studyId)).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('refuses a bad study with the field named, and starts nothing', async () => {
    const bad = await lab.service.startStudy({ ...TABLE, vary: { axis: 'workload', values: [{ kind: 'primes' }, { kind: 'sleep', ms: -1 }] } });
    expect(bad).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(!bad.ok && bad.issues).toEqual([
      { path: 'vary.values[0].n', message: 'give n or taskMs' },
      { path: 'vary.values[1].ms', message: 'must be a number from 0 to 60000' },
    ]);
    expect(await lab.service.exportStudy({ studyId: 'x', format: 'pdf' as 'md' })).toMatchObject({ ok: false, code: 'invalid-input', issues: [{ path: 'format' }] });
    expect(await lab.service.listStudies()).toEqual({ ok: true, value: [] });
    expect(lab.events).toEqual([]);
  });
});
