// Opening the history database for a front end (CLI, browser-mode server, Electron shell):
// where it lies, what to say about it (read-only, damaged), and, when it cannot be used,
// the failure as ApiError data with a fresh file beside it to suggest. Only the service
// layer touches the store; front ends hold the handle this returns and pass it back.
import type { ApiError } from '../../src-shared/contract.ts';
import { freshPathBeside, LabStore, resolveDbPath } from '../store/index.ts';
import { toApiError } from './lab-service.ts';

/** An open history database, as the service runs on it. */
export type History = LabStore;

/** Where the database is: --db, else $CONCURRENCY_LAB_DB, else the user-data or XDG default. */
export interface HistoryLocation {
  flag?: string;
  env: NodeJS.ProcessEnv;
  /** The Electron app's user-data folder (the CLI uses $XDG_DATA_HOME). */
  userDataDir?: string;
}

export type HistoryOpened = { ok: true; value: History } | ApiError;

export function historyPath(location: HistoryLocation): string {
  return resolveDbPath(location);
}

/** Opens the database at `file`, for reading only when it cannot be written (see `describeHistory`). */
export function openHistory(file: string): HistoryOpened {
  try {
    return { ok: true, value: LabStore.open(file) };
  } catch (err) {
    return historyError(err);
  }
}

/** A new, empty database beside `file`, which stays as it was. */
export function openFreshHistory(file: string): HistoryOpened {
  try {
    return { ok: true, value: LabStore.openFresh(file) };
  } catch (err) {
    return historyError(err);
  }
}

/** Where a fresh database beside `file` would go (openFreshHistory may add a number if it exists). */
export function freshHistoryPath(file: string): string {
  return freshPathBeside(file);
}

/** What a front end says on opening: nothing when all is well, else why it is read-only. */
export function describeHistory(history: History): { path: string; writable: boolean; damaged: boolean; readOnly?: string } {
  const h = history.health();
  return { path: history.path, writable: h.writable, damaged: h.damaged, ...(h.readOnly !== undefined && { readOnly: h.readOnly }) };
}

/** The runs a damaged file can still give back, and those it cannot. */
export function damagedHistoryReport(history: History): { readOnly?: string; readable: string[]; unreadable: { runId: string; why: string }[] } {
  const h = history.health({ readability: true });
  return {
    ...(h.readOnly !== undefined && { readOnly: h.readOnly }),
    readable: h.readability?.readable ?? [],
    unreadable: h.readability?.unreadable ?? [],
  };
}

/** A store failure as data; a fresh file is suggested where one would help. */
export function historyError(err: unknown): ApiError {
  return toApiError(err);
}
