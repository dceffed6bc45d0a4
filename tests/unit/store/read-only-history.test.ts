// A history that cannot be written (a read-only file system, a full disk) still opens,
// lists, shows and exports, writes nothing while doing so, and refuses every write up
// front, naming the file and the reason. Real faults: a tmpfs remounted read-only, a
// tmpfs filled to the last byte.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LabStore } from '../../../src-main/store/index.ts';
import { IS_ROOT, NEEDS_ROOT, mountTmpfs, type Tmpfs } from '../helpers/tmpfs.ts';
import { makeRun, recordRun } from './fixtures/make-run.ts';
import { thrownStoreError } from './fixtures/thrown-store-error.ts';

let fs: Tmpfs | undefined;
afterEach(() => {
  fs?.remove();
  fs = undefined;
});

/** A history with two finished runs and one whose recorder died (pid of a reaped child). */
function history(file: string): { done: string[]; orphan: string } {
  const store = LabStore.open(file);
  const runs = [makeRun({ seed: 1, spansPerTrial: 200 }), makeRun({ seed: 2 })];
  for (const run of runs) recordRun(store, run);
  const orphan = makeRun({ seed: 3 });
  store.startRun({ runId: orphan.runId, name: orphan.name, experiment: orphan.experiment, machine: orphan.machine, startedAt: orphan.startedAt });
  for (const t of orphan.trials.slice(0, 2)) store.saveTrial(orphan.runId, t);
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  store.close();
  // close() interrupts the runs it was recording: hand the run back to a dead process, as kill -9 would leave it.
  const db = new Database(file);
  db.prepare("UPDATE runs SET status = 'running', owner_pid = ?, summary = NULL, error = NULL WHERE run_id = ?").run(dead, orphan.runId);
  db.close();
  return { done: runs.map((r) => r.runId), orphan: orphan.runId };
}

/** Every file in the folder, with its bytes: what "nothing was written" means. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, createHash('sha256').update(readFileSync(`${dir}/${f}`)).digest('hex')]));
}

function expectBrowsable(store: LabStore, ids: { done: string[]; orphan: string }) {
  const page = store.listRuns();
  expect(page.total).toBe(3);
  for (const id of ids.done) expect(store.getRun(id).status).toBe('completed');
  expect(store.getRun(ids.done[0]).trials[0].spans).toHaveLength(200);
  const exported = JSON.parse(store.exportRuns(ids.done, 'json').content) as { runs: unknown[] };
  expect(exported.runs).toHaveLength(2);
  expect(store.exportRuns(ids.done, 'csv').content.split('\n').length).toBeGreaterThan(10);
  expect(store.compareRuns(ids.done).cells.length).toBeGreaterThan(0);
}

function expectEveryWriteRefused(store: LabStore, file: string, why: RegExp) {
  const other = makeRun({ seed: 9 });
  const attempts: [string, () => unknown][] = [
    ['ensureWritable', () => store.ensureWritable()],
    ['startRun', () => store.startRun({ runId: other.runId, name: 'x', experiment: other.experiment, machine: other.machine, startedAt: other.startedAt })],
    ['updateRun', () => store.updateRun(store.listRuns().runs[0].runId, { name: 'renamed' })],
    ['deleteRun', () => store.deleteRun(store.listRuns().runs[0].runId)],
    ['importRuns', () => store.importRuns(JSON.stringify(other))],
  ];
  for (const [name, act] of attempts) {
    const error = thrownStoreError(act);
    expect(error.code, name).toBe('store-error');
    expect(error.file, name).toBe(file);
    expect(error.message, name).toContain(file);
    expect(error.message, name).toMatch(why);
    expect(error.message, name).toContain('Nothing was changed');
  }
}

describe.skipIf(!IS_ROOT)('a history on a read-only file system', () => {
  it('opens, lists, shows, compares and exports; refuses every write naming the file and the reason', () => {
    fs = mountTmpfs('8m');
    const file = fs.file('lab.db');
    const ids = history(file);
    fs.readOnly(true);
    const store = LabStore.open(file);
    expect(store.health()).toMatchObject({ writable: false, readOnly: 'the file system is read-only', damaged: false });
    expectBrowsable(store, ids);
    // The orphaned run cannot be marked interrupted here: it is shown as it is.
    expect(store.getRun(ids.orphan)).toMatchObject({ status: 'running', trials: { length: 2 } });
    expectEveryWriteRefused(store, file, /the file system is read-only/);
    store.close();
  });

  it('becomes writable again once the file system is, and then sweeps the orphaned run', () => {
    fs = mountTmpfs('8m');
    const file = fs.file('lab.db');
    const ids = history(file);
    fs.readOnly(true);
    const store = LabStore.open(file);
    expect(() => store.ensureWritable()).toThrow(/read-only/);
    fs.readOnly(false);
    store.ensureWritable();
    expect(store.health().writable).toBe(true);
    store.updateRun(ids.done[0], { name: 'renamed' });
    store.close();
    const next = LabStore.open(file);
    expect(next.getRun(ids.done[0]).name).toBe('renamed');
    expect(next.getRun(ids.orphan)).toMatchObject({ status: 'interrupted', trials: { length: 2 } });
    next.close();
  });
});

describe.skipIf(!IS_ROOT)('a history on a full disk', () => {
  it('opens and browses without writing a byte, and refuses writes up front', () => {
    fs = mountTmpfs('4m');
    const file = fs.file('lab.db');
    const ids = history(file);
    const filler = fs.fill();
    const before = snapshot(fs.dir);
    const store = LabStore.open(file);
    expect(store.health()).toMatchObject({ writable: false, damaged: false });
    expect(store.health().readOnly).toMatch(/disk is full/);
    expectBrowsable(store, ids);
    expect(store.getRun(ids.orphan).status).toBe('running');
    expectEveryWriteRefused(store, file, /disk is full/);
    store.close();
    // Not a -wal, not a -shm, not a changed page: the folder is byte for byte as it was.
    expect(snapshot(fs.dir)).toEqual(before);

    // Room again: the same kind of open writes, and the orphaned run is swept.
    rmSync(filler);
    const next = LabStore.open(file);
    expect(next.health().writable).toBe(true);
    expect(next.getRun(ids.orphan).status).toBe('interrupted');
    next.close();
  });

  it('refuses a run that needs more room than the disk has, naming both', () => {
    fs = mountTmpfs('4m');
    const file = fs.file('lab.db');
    history(file);
    const store = LabStore.open(file);
    const free = statSync(file).size; // any figure well under the free space works as a need that fits
    store.ensureWritable(free);
    const error = thrownStoreError(() => store.ensureWritable(64 * 1024 * 1024));
    expect(error.message).toMatch(/needs about 64\.0 MiB and the disk has [\d.]+ (MiB|KiB) free/);
    expect(error.file).toBe(file);
    store.close();
  });
});

describe.skipIf(IS_ROOT)('read-only and full-disk histories', () => {
  it.skip(NEEDS_ROOT, () => {});
});
