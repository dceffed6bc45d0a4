import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { LabStore } from '../../../src-main/store/index.ts';
import { makeRun, tempDir } from './fixtures/make-run.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** A pid that surely belonged to a process now gone: a child that has exited and been reaped. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

function startWithTrials(file: string, seed: number, trials: number) {
  const store = LabStore.open(file);
  const run = makeRun({ seed });
  store.startRun({ runId: run.runId, name: run.name, experiment: run.experiment, machine: run.machine, startedAt: run.startedAt });
  for (const t of run.trials.slice(0, trials)) store.saveTrial(run.runId, t);
  return { store, run };
}

function setOwner(file: string, runId: string, owner: { pid: number | null; host?: string | null; start?: string | null }) {
  const db = new Database(file);
  db.prepare('UPDATE runs SET owner_pid = ?, owner_host = coalesce(?, owner_host), owner_start = ? WHERE run_id = ?').run(
    owner.pid,
    owner.host ?? null,
    owner.start ?? null,
    runId,
  );
  db.close();
}

describe('runs left running by a process that is gone', () => {
  it('become interrupted on the next open, with their finished trials and a summary of them', () => {
    const file = tmp.file('dead.db');
    const { store, run } = startWithTrials(file, 1, 7);
    // Leave the store open, as a killed process would, and hand the run to a dead pid.
    setOwner(file, run.runId, { pid: deadPid() });
    const next = LabStore.open(file);
    const back = next.getRun(run.runId);
    expect(back.status).toBe('interrupted');
    expect(back.trials).toEqual(run.trials.slice(0, 7));
    expect(back.summary.reduce((n, r) => n + r.trials, 0)).toBe(7);
    expect(back.error).toMatch(/^process \d+ on .* ended before it finished/);
    expect(next.listRuns().runs[0]).toMatchObject({ status: 'interrupted', trialCount: 7 });
    next.close();
    store.close();
  });

  it('are noticed by a store that was already open, the next time it lists runs', () => {
    const file = tmp.file('noticed.db');
    const { store, run } = startWithTrials(file, 6, 3);
    const app = LabStore.open(file);
    expect(app.findRun(run.runId).status).toBe('running');
    setOwner(file, run.runId, { pid: deadPid() });
    expect(app.listRuns().runs[0]).toMatchObject({ runId: run.runId, status: 'interrupted', trialCount: 3 });
    app.close();
    store.close();
  });

  it('stay running while their recorder is alive (here: this very process)', () => {
    const file = tmp.file('alive.db');
    const { store, run } = startWithTrials(file, 2, 3);
    const reader = LabStore.open(file);
    expect(reader.getRun(run.runId).status).toBe('running');
    reader.close();
    store.finishRun(run.runId, { status: 'completed', endedAt: run.endedAt!, summary: run.summary });
    store.close();
  });

  it('stay running when recorded on another host, whose processes cannot be checked from here', () => {
    const file = tmp.file('other-host.db');
    const { store, run } = startWithTrials(file, 3, 2);
    setOwner(file, run.runId, { pid: deadPid(), host: 'some-other-machine' });
    const reader = LabStore.open(file);
    expect(reader.getRun(run.runId).status).toBe('running');
    reader.close();
    store.close();
  });

  it('become interrupted when their pid now belongs to another process (a recycled pid)', () => {
    const file = tmp.file('recycled.db');
    const { store, run } = startWithTrials(file, 4, 2);
    // This process is alive, but it started at another time than the recorded owner.
    setOwner(file, run.runId, { pid: process.ppid, start: '1' });
    const reader = LabStore.open(file);
    expect(reader.getRun(run.runId).status).toBe('interrupted');
    reader.close();
    store.close();
  });

  it('are closed as interrupted when the store recording them is closed first', () => {
    const file = tmp.file('closed.db');
    const { store, run } = startWithTrials(file, 5, 4);
    store.close();
    const reader = LabStore.open(file);
    const back = reader.getRun(run.runId);
    expect(back.status).toBe('interrupted');
    expect(back.trials).toHaveLength(4);
    reader.close();
  });
});
