// A database damaged on disk (4 KiB of random bytes in the middle of a real history) is
// noticed before anything is written into it: every write is refused, the file stays
// byte for byte as it was, and the refusal says which runs can still be read. A span
// blob that fails to decode names its run and trial.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { LabStore } from '../../../src-main/store/index.ts';
import { makeRun, makeSpans, recordRun, seeded, tempDir } from './fixtures/make-run.ts';
import { thrownStoreError } from './fixtures/thrown-store-error.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** A real history of a few MB: 6 runs of 15 trials with 5,000 spans each, checkpointed into one file. */
function realHistory(name: string): { file: string; runIds: string[] } {
  const file = tmp.file(name);
  const store = LabStore.open(file);
  const runIds: string[] = [];
  for (let seed = 1; seed <= 6; seed++) {
    const run = makeRun({ seed });
    const rand = seeded(seed * 7);
    for (const t of run.trials) t.spans = makeSpans(5000, t.concurrency, rand, t.model);
    recordRun(store, run);
    runIds.push(run.runId);
  }
  store.close();
  return { file, runIds };
}

/** 4 KiB of (seeded) random bytes over the middle of the file, straddling a page boundary. */
function damageMiddle(file: string, seed: number): void {
  const rand = seeded(seed);
  const noise = Buffer.alloc(4096);
  for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(rand() * 256);
  const size = readFileSync(file).length;
  const fd = openSync(file, 'r+');
  writeSync(fd, noise, 0, noise.length, Math.floor(size / 2 / 4096) * 4096 + 1000);
  closeSync(fd);
}

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a database with 4 KiB of random bytes in the middle', () => {
  it('is never written into: every write is refused, naming the damage and the runs that can still be read', () => {
    const { file, runIds } = realHistory('damaged.db');
    damageMiddle(file, 42);
    const before = digest(file);

    const store = LabStore.open(file);
    // Listing works: the run table itself is sound.
    expect(store.listRuns().total).toBe(6);
    const other = makeRun({ seed: 99 });
    const writes: [string, () => unknown][] = [
      ['startRun', () => store.startRun({ runId: other.runId, name: 'x', experiment: other.experiment, machine: other.machine, startedAt: other.startedAt })],
      ['importRuns', () => store.importRuns(JSON.stringify(other))],
      ['deleteRun', () => store.deleteRun(runIds[0])],
      ['updateRun', () => store.updateRun(runIds[1], { name: 'renamed' })],
    ];
    let first = '';
    for (const [name, write] of writes) {
      const error = thrownStoreError(write);
      expect(error.code, name).toBe('store-error');
      expect(error.file, name).toBe(file);
      expect(error.message, name).toContain(`${file} cannot be written: it is damaged`);
      expect(error.message, name).toMatch(/\d of 6 runs can still be read and exported/);
      first ||= error.message;
    }
    const health = store.health({ readability: true });
    expect(health).toMatchObject({ writable: false, damaged: true });
    const { readable, unreadable } = health.readability!;
    expect(readable.length + unreadable.length).toBe(6);
    expect(unreadable.length).toBeGreaterThan(0);
    for (const id of readable) expect(store.getRun(id).trials).toHaveLength(makeRun().trials.length);
    // Each unreadable run is named in the refusal, with the trial that fails.
    for (const u of unreadable) {
      expect(first).toContain(u.runId);
      expect(u.why).toMatch(new RegExp(`run ${u.runId}, trial \\d+: its task spans cannot be read`));
    }
    store.close();
    expect(digest(file)).toBe(before);
  });
});

describe('a span blob that fails to decode', () => {
  it('names the run and the trial on show and export, and the other trials and runs still read', () => {
    const file = tmp.file('bad-blob.db');
    const store = LabStore.open(file);
    const good = makeRun({ seed: 1 });
    const bad = makeRun({ seed: 2 });
    recordRun(store, good);
    recordRun(store, bad);
    store.close();
    // The blob's header and length still look right; its columns are random bytes.
    const db = new Database(file);
    db.prepare(
      `UPDATE trial_spans SET columns = substr(columns, 1, 8) || randomblob(length(columns) - 8)
       WHERE trial = (SELECT t.id FROM trials t JOIN runs r ON r.id = t.run WHERE r.run_id = ? AND t.idx = 3)`,
    ).run(bad.runId);
    db.close();

    const again = LabStore.open(file);
    for (const act of [() => again.getRun(bad.runId), () => again.exportRuns([bad.runId], 'json'), () => again.exportTrace(bad.runId, 3)]) {
      const error = thrownStoreError(act);
      expect(error.message).toContain(`run ${bad.runId}, trial 3: its task spans cannot be read`);
    }
    expect(again.getRun(good.runId).trials).toEqual(good.trials);
    expect(again.exportTrace(bad.runId, 2).content.length).toBeGreaterThan(0);
    again.close();
  });
});
