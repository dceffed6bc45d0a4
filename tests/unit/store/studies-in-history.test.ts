// Studies in a real SQLite history: a run joins its study at its place on the axis; a study
// whose process died is found interrupted on the next open, and one left running by a
// closing store ends interrupted; deleting a study deletes its runs and nothing else.
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { LabStore } from '../../../src-main/store/index.ts';
import { planStudy } from '../../../src-shared/study.ts';
import { makeRun, recordRun, tempDir } from './fixtures/make-run.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());

const plan = planStudy({
  name: 'be',
  base: { workload: { kind: 'primes', taskMs: 1 }, models: ['threads'], concurrency: [2], repetitions: 3 },
  vary: { axis: 'taskMs', values: [0.5, 2, 8], totalMs: 64 },
});
if (!plan.ok) throw new Error('bad plan');
const study = (studyId: string) => ({
  studyId, name: plan.value.name, axis: plan.value.axis, definition: plan.value.definition, plan: plan.value.members, startedAt: '2026-12-02T00:00:00.000Z',
});

function recordMember(store: LabStore, studyId: string, seed: number, index: number): string {
  const run = makeRun({ seed });
  recordRun(store, run);
  store.addRunToStudy(studyId, run.runId, index);
  return run.runId;
}

describe('studies in the history', () => {
  it('keep their runs at their places on the axis; values not run read as such', () => {
    const store = LabStore.open(tmp.file('members.db'));
    store.startStudy(study('s-members'));
    const second = recordMember(store, 's-members', 2, 2);
    const first = recordMember(store, 's-members', 1, 0);
    store.finishStudy('s-members', { status: 'cancelled', endedAt: '2026-12-02T00:01:00.000Z' });
    const back = store.getStudy('s-mem');
    expect(back).toMatchObject({ studyId: 's-members', status: 'cancelled', axis: 'taskMs', endedAt: '2026-12-02T00:01:00.000Z' });
    expect(back.members.map((m) => [m.index, m.label, m.runId, m.status])).toEqual([
      [0, '0.5 ms', first, 'completed'],
      [1, '2 ms', null, 'not-run'],
      [2, '8 ms', second, 'completed'],
    ]);
    expect(back.members[0].trials.length).toBeGreaterThan(0);
    expect(back.members[1].experiment.tasks).toBe(32);
    expect(store.listRuns().runs.map((r) => r.study).sort((a, b) => a!.index - b!.index)).toEqual([
      { studyId: 's-members', name: 'be', index: 0 },
      { studyId: 's-members', name: 'be', index: 2 },
    ]);
    store.close();
  });

  it('deleting a study deletes its runs (trials and all) and leaves other runs alone', () => {
    const file = tmp.file('delete.db');
    const store = LabStore.open(file);
    store.startStudy(study('s-del'));
    recordMember(store, 's-del', 3, 0);
    recordMember(store, 's-del', 4, 1);
    store.finishStudy('s-del', { status: 'completed', endedAt: '2026-12-02T00:01:00.000Z' });
    const loose = makeRun({ seed: 5 });
    recordRun(store, loose);
    expect(store.deleteStudy('s-del')).toEqual({ studyId: 's-del', runs: 2 });
    expect(store.listRuns().runs.map((r) => r.runId)).toEqual([loose.runId]);
    expect(store.listStudies()).toEqual([]);
    store.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM trials').pluck().get()).toBe(loose.trials.length);
    db.close();
  });

  it('refuses to delete a study it is still recording', () => {
    const store = LabStore.open(tmp.file('running.db'));
    store.startStudy(study('s-run'));
    expect(() => store.deleteStudy('s-run')).toThrow(/still running; cancel it before deleting it/);
    store.close();
  });

  it('a study whose process died is interrupted on the next open; one left running at close ends interrupted', () => {
    const file = tmp.file('dead.db');
    const store = LabStore.open(file);
    store.startStudy(study('s-dead'));
    recordMember(store, 's-dead', 6, 1);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const db = new Database(file);
    db.prepare('UPDATE studies SET owner_pid = ?, owner_start = NULL WHERE study_id = ?').run(dead, 's-dead');
    db.close();
    const next = LabStore.open(file);
    const back = next.getStudy('s-dead');
    expect(back.status).toBe('interrupted');
    expect(back.error).toMatch(/^process \d+ on .* was running it and ended before it finished$/);
    expect(back.members.filter((m) => m.runId !== null)).toHaveLength(1);
    next.close();
    store.close();

    const closing = LabStore.open(tmp.file('closing.db'));
    closing.startStudy(study('s-close'));
    closing.close();
    const reopened = LabStore.open(tmp.file('closing.db'));
    expect(reopened.getStudy('s-close')).toMatchObject({ status: 'interrupted', error: 'the history was closed before the study finished' });
    reopened.close();
  });
});
