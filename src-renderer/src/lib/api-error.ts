// Errors from the backend as a sentence that says what happened and what to try.
import { errorMessage } from '../../../src-shared/errors.ts';
import type { ApiError, ApiResult } from '../../../src-shared/contract.ts';

const ADVICE: Record<ApiError['code'], string> = {
  'invalid-input': 'Correct the highlighted values and try again.',
  'not-found': 'It may have been deleted: open History to see the runs that exist.',
  busy: 'Only one run can go at a time: wait for it on Live run, or cancel it there.',
  'needs-confirmation': 'Start it again to confirm, or make it smaller.',
  unavailable: 'Start or install what is missing, or leave that choice out.',
  'import-failed': 'Check that the file is a Concurrency Lab JSON export (File → Export → JSON).',
  'store-error': 'The history database could not be read or written: check the disk has room and try again.',
  internal: 'Try again; if it happens again, the console of this window has the details for a bug report.',
};

export function explainError(err: Pick<ApiError, 'code' | 'message'>): string {
  const msg = err.message.trim();
  // A message that already asks the question ("Is `concurrency-lab serve` still running?") needs no more advice.
  if (msg.endsWith('?')) return msg;
  return `${msg.replace(/\.?$/, '.')} ${ADVICE[err.code] ?? ADVICE.internal}`;
}

/** A thrown value (a bug in the transport, not data) turned into the same shape. */
export function errorFromThrown(e: unknown): ApiError {
  return { ok: false, code: 'internal', message: errorMessage(e) };
}

/** Awaits a contract call and turns a throw (which the contract forbids, but transports can) into data. */
export async function settle<T>(call: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
  try {
    return await call();
  } catch (e) {
    return errorFromThrown(e);
  }
}
