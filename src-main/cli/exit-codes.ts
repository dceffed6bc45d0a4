// The CLI's exit codes, and the one mapping from the service's error codes onto them:
// what the user can fix in the command line (a bad value, an unknown id, a file that is not
// an export, a missing interpreter) is bad input, 2; the rest is the work failing, 1.
import type { ApiError, ErrorCode } from '../../src-shared/contract.ts';
import type { RunResult } from '../../src-shared/result.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const BY_ERROR_CODE: Record<ErrorCode, ExitCode> = {
  'invalid-input': EXIT.usage,
  'not-found': EXIT.usage,
  'import-failed': EXIT.usage,
  unavailable: EXIT.usage,
  'needs-confirmation': EXIT.usage,
  busy: EXIT.failed,
  'store-error': EXIT.failed,
  internal: EXIT.failed,
};

export function exitCodeFor(error: Pick<ApiError, 'code'>): ExitCode {
  return BY_ERROR_CODE[error.code];
}

/** A run that ended: 0 when it completed with every trial ok, 130 when cancelled, else 1 (it failed, or a trial did). */
export function exitCodeForRun(result: Pick<RunResult, 'status'> & { trials: readonly Pick<RunResult['trials'][number], 'status'>[] }): ExitCode {
  if (result.status === 'cancelled') return EXIT.cancelled;
  if (result.status !== 'completed') return EXIT.failed;
  return result.trials.some((t) => t.status === 'failed' || t.status === 'timeout') ? EXIT.failed : EXIT.ok;
}
