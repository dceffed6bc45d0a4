import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { LabStore, freshPathBeside } from '../../../src-main/store/index.ts';
import { makeRun, recordRun, tempDir } from './fixtures/make-run.ts';
import { thrownStoreError } from './fixtures/thrown-store-error.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** A real lab database with a run in it, checkpointed into one file. */
function realDatabase(name: string): string {
  const file = tmp.file(name);
  const store = LabStore.open(file);
  recordRun(store, makeRun({ seed: 1, spansPerTrial: 500 }));
  store.close();
  return file;
}

/** Opening fails with a store-error naming the file, and the file and its folder are exactly as before. */
function expectUntouched(file: string, why: RegExp) {
  const before = readFileSync(file);
  const siblings = readdirSync(dirname(file)).sort();
  const error = thrownStoreError(() => LabStore.open(file));
  expect(error.code).toBe('store-error');
  expect(error.file).toBe(file);
  expect(error.message).toContain(file);
  expect(error.message).toMatch(why);
  expect(error.message).toContain('left untouched');
  expect(readFileSync(file).equals(before)).toBe(true);
  // No -wal or -shm left behind either.
  expect(readdirSync(dirname(file)).sort()).toEqual(siblings);
}

describe('a database file that is not usable', () => {
  it('a text file: refused, not overwritten', () => {
    const file = tmp.file('notes.db');
    writeFileSync(file, 'my shopping list\n'.repeat(50));
    expectUntouched(file, /not an SQLite database/);
  });

  it('a file shorter than an SQLite header', () => {
    const file = tmp.file('tiny.db');
    writeFileSync(file, 'SQLite format 3\0abc');
    expectUntouched(file, /not an SQLite database/);
  });

  it('a truncated database: refused, naming how short it is', () => {
    const whole = readFileSync(realDatabase('whole.db'));
    const file = tmp.file('truncated.db');
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    expectUntouched(file, /truncated \(\d+ bytes; its header says \d+\)/);
  });

  it('a database with corrupt pages', () => {
    const whole = readFileSync(realDatabase('good.db'));
    const corrupt = Buffer.from(whole);
    // Keep the 100-byte header, wreck the rest of page 1 (the schema) and beyond.
    corrupt.fill(0xa5, 100, Math.min(corrupt.length, 8192));
    const file = tmp.file('corrupt.db');
    writeFileSync(file, corrupt);
    expectUntouched(file, /malformed|not a database/);
  });

  it('a folder where the file should be', () => {
    const dir = tmp.file('a-folder.db');
    mkdirSync(dir);
    expect(() => LabStore.open(dir)).toThrow(expect.objectContaining({ code: 'store-error', message: expect.stringContaining('a folder') }));
  });

  it('an empty file is a new database, as SQLite treats it', () => {
    const file = tmp.file('touched.db');
    writeFileSync(file, '');
    const store = LabStore.open(file);
    expect(store.listRuns().total).toBe(0);
    store.close();
  });
});

describe('starting a fresh database beside a bad one', () => {
  it('names a new file next to the old one, stamped with the time', () => {
    const fresh = freshPathBeside('/data/lab.db', new Date('2026-11-26T14:49:40.123Z'));
    expect(fresh).toBe('/data/lab-2026-11-26T14-49-40.db');
  });

  it('opens it, leaving the bad file as it was', () => {
    const file = tmp.file('fresh/lab.db');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, 'garbage');
    const store = LabStore.openFresh(file);
    expect(store.path).not.toBe(file);
    expect(dirname(store.path)).toBe(dirname(file));
    expect(basename(store.path)).toMatch(/^lab-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d(-\d+)?\.db$/);
    recordRun(store, makeRun({ seed: 2 }));
    expect(store.listRuns().total).toBe(1);
    // Fresh starts within the same second get files of their own.
    const at = new Date('2026-11-26T14:49:40Z');
    const second = LabStore.openFresh(file, at);
    const third = LabStore.openFresh(file, at);
    expect(basename(second.path)).toBe('lab-2026-11-26T14-49-40.db');
    expect(basename(third.path)).toBe('lab-2026-11-26T14-49-40-2.db');
    expect(third.listRuns().total).toBe(0);
    second.close();
    third.close();
    store.close();
    expect(readFileSync(file, 'utf8')).toBe('garbage');
    expect(existsSync(`${file}-wal`)).toBe(false);
    const check = new Database(store.path, { readonly: true });
    expect(check.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(1);
    check.close();
  });
});
