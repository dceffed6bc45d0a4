// Opens the history database: refuses, without writing a byte, a file that is not
// SQLite, is truncated or corrupt, belongs to another program or to a newer build.
// A file that can be read but not written (a read-only file, folder or file system, a
// full disk) or that fails its health check is opened for reading only, with the
// reason, so the history can still be browsed and exported. Otherwise sets WAL and
// foreign keys and migrates.
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from './errors.ts';
import { quickCheckTables } from './health-check.ts';
import { APPLICATION_ID, SCHEMA_VERSION, migrate } from './migrations.ts';

const MAGIC = 'SQLite format 3\0';
export const OUR_TABLES = ['machines', 'experiments', 'runs', 'run_tags', 'trials', 'trial_spans', 'utilization'] as const;
/**
 * Below this much free space, opening for writing is not even tried: WAL needs a 32 KiB
 * shared-memory file and room to append, and a failed attempt leaves a stub -shm behind.
 */
const MIN_FREE_TO_OPEN = 256 * 1024;

export interface OpenedDatabase {
  db: Database.Database;
  /** Why this file cannot be written ("the file system is read-only"); null when it can. */
  readOnly: string | null;
  /** The health check's findings; empty when the file passed it. */
  damage: string[];
}

/** Opens `file`, for writing when it can be written and is healthy, else for reading only. */
export function openDatabase(file: string, options: { write?: boolean } = {}): OpenedDatabase {
  checkHeader(file);
  let blocker = options.write === false ? 'it was opened for reading only' : writeBlocker(file);
  if (blocker === null) {
    mkdirSync(dirname(file), { recursive: true });
    const opened = openForWriting(file);
    if ('db' in opened) return opened;
    blocker = opened.blocker;
  }
  if (!existsSync(file) || statSync(file).size === 0) {
    throw unusable(file, `it holds no history yet and cannot be created: ${blocker}`);
  }
  return openForReading(file, blocker);
}

/** Why writing `file` is impossible, found without writing: permissions, a read-only mount, a full disk. */
export function writeBlocker(file: string): string | null {
  const dir = dirname(file);
  const exists = existsSync(file);
  try {
    if (exists) accessSync(file, constants.W_OK);
  } catch (error) {
    return describeAccess(error, `the file ${file} is read-only`);
  }
  // -wal and -shm are created beside the file, so its folder must be writable too.
  const folder = existsSync(dir) ? dir : nearestExisting(dir);
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    return describeAccess(error, `its folder ${folder} is read-only`);
  }
  const free = freeBytes(folder);
  if (free !== null && free < MIN_FREE_TO_OPEN) return `the disk is full (${free} bytes free in ${folder})`;
  return null;
}

/** Free bytes for an unprivileged writer in `dir`'s file system; null where unknown. */
export function freeBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

function describeAccess(error: unknown, readOnly: string): string {
  return (error as NodeJS.ErrnoException).code === 'EROFS' ? 'the file system is read-only' : readOnly;
}

function nearestExisting(dir: string): string {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

/** SQLite errors that mean "cannot write here" rather than "this file is broken". */
export function isWriteFailure(error: unknown): boolean {
  if (!(error instanceof Database.SqliteError)) return false;
  return /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|PERM)/.test(error.code);
}

export function describeWriteFailure(error: InstanceType<typeof Database.SqliteError>): string {
  if (error.code.startsWith('SQLITE_FULL') || error.code === 'SQLITE_IOERR_SHMSIZE') return 'the disk is full';
  if (error.code.startsWith('SQLITE_READONLY')) return 'the file is read-only';
  return `${error.message} (${error.code})`;
}

function openForWriting(file: string): OpenedDatabase | { blocker: string } {
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    if (isWriteFailure(error)) return { blocker: describeWriteFailure(error as InstanceType<typeof Database.SqliteError>) };
    throw unusable(file, (error as Error).message, error);
  }
  try {
    checkOwnership(db, file);
    // Checked before the first write: a damaged file is never written into.
    const damage = quickCheckTables(db);
    if (damage.length) {
      db.close();
      return openForReading(file, damagedReason(damage), damage);
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
    return { db, readOnly: null, damage: [] };
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    if (isWriteFailure(error)) return { blocker: describeWriteFailure(error as InstanceType<typeof Database.SqliteError>) };
    throw unusable(file, (error as Error).message, error);
  }
}

export function damagedReason(damage: readonly string[]): string {
  return `it is damaged (SQLite's check found: ${damage.slice(0, 2).join('; ')}${damage.length > 2 ? '; …' : ''})`;
}

/**
 * Opens for reading only, writing nothing. SQLite reads a WAL database through a -shm
 * file it must be able to create; where it cannot (a full disk, a read-only folder or
 * mount), the file is read with exclusive locking (no -shm) or, failing that, from a
 * snapshot in memory when no WAL holds committed pages beside it.
 */
function openForReading(file: string, blocker: string, knownDamage?: string[]): OpenedDatabase {
  const shared = () => new Database(file, { readonly: true, fileMustExist: true });
  const exclusive = () => {
      // A read-write handle that never writes: query_only refuses every write statement.
      const db = new Database(file, { fileMustExist: true });
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('query_only = ON');
      return db;
  };
  const snapshot = () => {
      const wal = `${file}-wal`;
      if (existsSync(wal) && statSync(wal).size > 0) throw new Error('committed pages wait in its -wal file');
      const image = readFileSync(file);
      // Bytes 18-19 say WAL; an in-memory copy has no WAL, so read it as a rollback-journal file.
      image[18] = 1;
      image[19] = 1;
      return new Database(image, { readonly: true });
  };
  // On a full disk even a read-only handle tries to create the -shm file and leaves a
  // stub of it behind: read without one there.
  const full = /disk is full/.test(blocker);
  const attempts = full ? [exclusive, snapshot, shared] : [shared, exclusive, snapshot];
  let lastError: unknown;
  for (const attempt of attempts) {
    let db: Database.Database | undefined;
    try {
      db = attempt();
      db.pragma('foreign_keys = ON');
      checkOwnership(db, file);
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version === 0) throw unusable(file, `it holds no history yet and cannot be written: ${blocker}`);
      if (version < SCHEMA_VERSION) {
        throw unusable(file, `it was written by an older Concurrency Lab and must be upgraded, but ${blocker}`);
      }
      const damage = knownDamage ?? quickCheckTables(db);
      return { db, readOnly: damage.length && !knownDamage ? damagedReason(damage) : blocker, damage };
    } catch (error) {
      db?.close();
      if (error instanceof StoreError) throw error;
      lastError = error;
    }
  }
  throw unusable(file, `${blocker}, and reading it failed too: ${(lastError as Error).message}`, lastError);
}

/** Reads only: nothing is written until the file is known to be ours. */
function checkOwnership(db: Database.Database, file: string): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]).filter(
    (t) => !t.startsWith('sqlite_'),
  );
  const ours = new Set<string>(OUR_TABLES);
  if ((appId !== 0 && appId !== APPLICATION_ID) || (appId === 0 && tables.some((t) => !ours.has(t)))) {
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
}

/** The checks SQLite itself would only make after creating -wal/-shm files beside the file. */
function checkHeader(file: string): void {
  if (!existsSync(file)) return;
  const stat = statSync(file);
  if (stat.isDirectory()) throw unusable(file, 'it is a folder');
  // An empty file is how a new SQLite database starts (e.g. `touch lab.db`).
  if (stat.size === 0) return;
  const header = Buffer.alloc(100);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw unusable(file, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, error);
  }
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
