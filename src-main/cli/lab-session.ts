// How a command reaches the backend: through one LabService, opened for the command (on the
// history database when it needs one) and closed after, whatever happens. Errors come back
// from the service as data; `value` turns one into the command's message and exit code.
import type { ApiResult } from '../../src-shared/contract.ts';
import type { ExplainContext } from '../../src-shared/explain-run.ts';
import type { ModelName } from '../../src-shared/models.ts';
import { createLabService, describeHistory, historyPath, openHistory, type LabService } from '../service/index.ts';
import { CommandFailed, type CliContext } from './types.ts';

export interface SessionOptions {
  /** Open the history: the --db flag's value (else $CONCURRENCY_LAB_DB, else the default); false for none. */
  db: string | undefined | false;
  /** The interpreter for the Python models (--python). */
  python?: string;
}

export async function withLab<T>(ctx: CliContext, options: SessionOptions, fn: (lab: LabService) => Promise<T>): Promise<T> {
  const lab = openLab(ctx, options);
  try {
    return await fn(lab);
  } finally {
    await lab.close();
  }
}

/** A service for the command; the caller closes it. Throws CommandFailed when the history cannot be opened. */
export function openLab(ctx: CliContext, options: SessionOptions): LabService & { dbPath?: string } {
  const python = { executable: options.python };
  if (options.db === false) return createLabService({ python });
  const opened = openHistory(historyPath({ flag: options.db, env: ctx.env }));
  if (!opened.ok) throw CommandFailed.from(opened);
  const history = describeHistory(opened.value);
  // Browsing works on a file that cannot be written; say so once, where it does not mix with the output.
  if (!history.writable) ctx.stderr.write(`note: ${history.path} is open for reading only: ${history.readOnly}\n`);
  return Object.assign(createLabService({ store: opened.value, ownsStore: true, python }), { dbPath: history.path });
}

/** The value of a service call, or the command's end with the error's message and exit code. */
export function value<T>(result: ApiResult<T>, prefix = ''): T {
  if (!result.ok) throw CommandFailed.from(result, prefix);
  return result.value;
}

/**
 * What the verdicts need from this machine beyond the run: for a run with py-threading, the
 * interpreters found now, so the GIL-bound step names a free-threaded one only if there is
 * one. A failed look-up leaves the step as it reads without it.
 */
export async function explainContext(lab: Pick<LabService, 'listInterpreters'>, models: readonly ModelName[]): Promise<ExplainContext> {
  if (!models.includes('py-threading')) return {};
  const found = await lab.listInterpreters();
  return found.ok ? { interpreters: found.value } : {};
}
