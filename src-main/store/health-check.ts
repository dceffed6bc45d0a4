// Is the file sound? SQLite's quick_check, split so that opening stays fast: the small
// tables (runs, trials, tags, machines: a few ms even for a 500 MB history) on every
// open, and the whole file (the span blobs are most of it: 0.3 to 1 s at 500 MB) once,
// before the first write. A damaged file is read, never written.
import type Database from 'better-sqlite3';

/** The tables checked on open: everything but the span blobs. */
const SMALL_TABLES = ['machines', 'experiments', 'runs', 'run_tags', 'trials', 'utilization'] as const;

/** quick_check of every table but trial_spans; the problems found, none when sound. */
export function quickCheckTables(db: Database.Database): string[] {
  const present = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
  return SMALL_TABLES.filter((t) => present.has(t)).flatMap((t) => quickCheck(db, `quick_check(${t})`));
}

/** quick_check of the whole file. */
export function quickCheckAll(db: Database.Database): string[] {
  return quickCheck(db, 'quick_check');
}

function quickCheck(db: Database.Database, pragma: string): string[] {
  try {
    const rows = db.pragma(pragma, { simple: false }) as Record<string, string>[];
    const lines = rows.map((r) => Object.values(r)[0]).filter((line) => line !== 'ok');
    // SQLite prefixes its findings with this line when any are found.
    return lines.filter((line) => !/^\*\*\* in database \w+ \*\*\*$/.test(line)).flatMap((l) => l.split('\n')).filter(Boolean);
  } catch (error) {
    return [(error as Error).message];
  }
}

export interface Readability {
  readable: string[];
  unreadable: { runId: string; why: string }[];
}

/** Which runs of a damaged file can still be read whole (trials and spans decoded), and why not the others. */
export function readability(runIds: readonly string[], read: (runId: string) => unknown): Readability {
  const result: Readability = { readable: [], unreadable: [] };
  for (const runId of runIds) {
    try {
      read(runId);
      result.readable.push(runId);
    } catch (error) {
      result.unreadable.push({ runId, why: (error as Error).message });
    }
  }
  return result;
}
