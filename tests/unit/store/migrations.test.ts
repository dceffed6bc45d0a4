import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { LabStore } from '../../../src-main/store/index.ts';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from '../../../src-main/store/migrations.ts';
import { makeRun, recordRun, tempDir } from './fixtures/make-run.ts';
import { thrownStoreError } from './fixtures/thrown-store-error.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('migrations', () => {
  it('creates the schema on an empty database, in WAL with foreign keys, marked as ours', () => {
    const file = tmp.file('nested/dir/empty.db');
    LabStore.open(file).close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['experiments', 'machines', 'run_tags', 'runs', 'studies', 'trial_spans', 'trials', 'utilization']);
    db.close();
  });

  it('turns foreign keys on for its own connection', () => {
    const store = LabStore.open(tmp.file('fk.db'));
    // A trial row for a run that does not exist must be refused, not left dangling.
    const db = (store as unknown as { db: Database.Database }).db;
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() =>
      db.prepare("INSERT INTO trials (run, idx, model, concurrency, repetition, status) VALUES (999, 0, 'threads', 1, 0, 'ok')").run(),
    ).toThrow(/FOREIGN KEY/);
    store.close();
  });

  it('opens an up-to-date database again without migrating it twice', () => {
    const file = tmp.file('again.db');
    LabStore.open(file).close();
    const store = LabStore.open(file);
    expect(store.listRuns()).toEqual({ runs: [], total: 0 });
    store.close();
  });

  it('migrates a database left at an older version', () => {
    const file = tmp.file('old.db');
    const db = new Database(file);
    db.pragma('user_version = 0'); // an empty SQLite file at version 0: nothing has run yet
    db.close();
    LabStore.open(file).close();
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });

  it('brings a version-1 database (before wait states) up to date, its trials read back without states', () => {
    const file = tmp.file('v1.db');
    const db = new Database(file);
    db.exec(MIGRATIONS[0]);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma('user_version = 1');
    db.close();
    const store = LabStore.open(file);
    const run = makeRun({ seed: 4 });
    for (const t of run.trials) delete t.states;
    recordRun(store, run);
    expect(store.getRun(run.runId).trials.every((t) => t.states === undefined)).toBe(true);
    store.close();
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const columns = check.prepare("SELECT name FROM pragma_table_info('trials')").pluck().all();
    expect(columns).toContain('states');
    check.close();
  });

  it('refuses a database from a newer build, naming the file and both versions', () => {
    const file = tmp.file('newer.db');
    LabStore.open(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const error = thrownStoreError(() => LabStore.open(file));
    expect(error.code).toBe('store-error');
    expect(error.message).toContain(file);
    expect(error.message).toContain(`schema ${SCHEMA_VERSION + 1}`);
  });

  it("refuses another program's SQLite database instead of adding tables to it", () => {
    const file = tmp.file('other.db');
    const db = new Database(file);
    db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)');
    db.close();
    expect(() => LabStore.open(file)).toThrow(/another program/);
    const after = new Database(file, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all()).toEqual(['invoices']);
    after.close();
  });
});
