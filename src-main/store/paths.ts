// Where the history database lives, and where a fresh one goes when the usual file is unusable.
import { homedir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';

export const DB_ENV = 'CONCURRENCY_LAB_DB';
export const DB_FILE_NAME = 'lab.db';

/**
 * --db, then $CONCURRENCY_LAB_DB, then the desktop app's user-data folder, then
 * $XDG_DATA_HOME/concurrency-lab/lab.db (~/.local/share by default, as the XDG spec says;
 * a relative XDG_DATA_HOME is invalid per the spec and ignored).
 */
export function resolveDbPath(opts: { flag?: string; env: NodeJS.ProcessEnv; userDataDir?: string }): string {
  if (opts.flag) return resolve(opts.flag);
  const fromEnv = opts.env[DB_ENV];
  if (fromEnv) return resolve(fromEnv);
  if (opts.userDataDir) return join(resolve(opts.userDataDir), DB_FILE_NAME);
  const xdg = opts.env.XDG_DATA_HOME;
  const dataHome = xdg && isAbsolute(xdg) ? xdg : join(opts.env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'concurrency-lab', DB_FILE_NAME);
}

/**
 * A new database path next to an unusable one (`lab.db` -> `lab-2026-11-26T14-49-40.db`),
 * so the old file is kept untouched for the user to inspect or recover.
 */
export function freshPathBeside(file: string, now: Date = new Date()): string {
  const ext = extname(file) || '.db';
  const stem = basename(file, extname(file));
  const stamp = now.toISOString().slice(0, 19).replaceAll(':', '-');
  return join(dirname(resolve(file)), `${stem}-${stamp}${ext}`);
}
