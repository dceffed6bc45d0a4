// Opens the history database: refuses, without writing a byte, a file that is not
// SQLite, is truncated or corrupt, belongs to another program or to a newer build;
// otherwise sets WAL and foreign keys and migrates.
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from './errors.ts';
import { APPLICATION_ID, SCHEMA_VERSION, migrate } from './migrations.ts';

const MAGIC = 'SQLite format 3\0';
const OUR_TABLES = new Set(['machines', 'experiments', 'runs', 'run_tags', 'trials', 'trial_spans', 'utilization']);

export function openDatabase(file: string): Database.Database {
  checkHeader(file);
  mkdirSync(dirname(file), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    throw unusable(file, (error as Error).message, error);
  }
  try {
    // Reads only: nothing is written until the file is known to be ours.
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]).filter(
      (t) => !t.startsWith('sqlite_'),
    );
    if ((appId !== 0 && appId !== APPLICATION_ID) || (appId === 0 && tables.some((t) => !OUR_TABLES.has(t)))) {
      throw unusable(file, 'it is an SQLite database of another program');
    }
    if (version > SCHEMA_VERSION) {
      throw new StoreError(
        'store-error',
        `${file} was written by a newer Concurrency Lab (schema ${version}; this build knows up to ${SCHEMA_VERSION}). ` +
          'Update Concurrency Lab to open it; the file was left untouched.',
        { file },
      );
    }
    // WAL: readers (the app, a second CLI) never block the writer and never see a
    // half-committed trial. synchronous=NORMAL is durable against a crash or kill -9
    // of this process (only a power cut can lose the last commits), and keeps a
    // commit per trial cheap.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw unusable(file, (error as Error).message, error);
  }
}

/** The checks SQLite itself would only make after creating -wal/-shm files beside the file. */
function checkHeader(file: string): void {
  if (!existsSync(file)) return;
  const stat = statSync(file);
  if (stat.isDirectory()) throw unusable(file, 'it is a folder');
  // An empty file is how a new SQLite database starts (e.g. `touch lab.db`).
  if (stat.size === 0) return;
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || header.toString('latin1', 0, 16) !== MAGIC) {
    throw unusable(file, 'it is not an SQLite database');
  }
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = header.readUInt32BE(28);
  // The in-header size is valid only when its version-valid-for number matches the
  // change counter; with a live WAL the main file can legitimately lag, so skip then.
  const sizeValid = header.readUInt32BE(92) === header.readUInt32BE(24);
  const wal = `${file}-wal`;
  const walLive = existsSync(wal) && statSync(wal).size > 0;
  if (sizeValid && !walLive && pages > 0 && stat.size < pages * pageSize) {
    throw unusable(file, `it is truncated (${stat.size} bytes; its header says ${pages * pageSize})`);
  }
}

function unusable(file: string, why: string, cause?: unknown): StoreError {
  return new StoreError(
    'store-error',
    `${file} cannot be used as the Concurrency Lab history: ${why}. The file was left untouched.`,
    { cause, file },
  );
}
