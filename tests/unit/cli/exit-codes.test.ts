// One mapping from the service's error codes to exit codes, for every command: what the
// user can fix in the command line is 2, the work failing is 1.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../src-shared/contract.ts';
import { EXIT, exitCodeFor, exitCodeForRun } from '../../../src-main/cli/exit-codes.ts';
import { runCli } from './cli-helpers.ts';

describe('exit codes', () => {
  it('maps every service error code', () => {
    const expected: Record<ErrorCode, number> = {
      'invalid-input': EXIT.usage,
      'not-found': EXIT.usage,
      'import-failed': EXIT.usage,
      unavailable: EXIT.usage,
      'needs-confirmation': EXIT.usage,
      busy: EXIT.failed,
      'store-error': EXIT.failed,
      internal: EXIT.failed,
    };
    for (const [code, exit] of Object.entries(expected)) expect(exitCodeFor({ code: code as ErrorCode }), code).toBe(exit);
  });

  it('maps how a run ended: cancelled 130, failed 1, completed 0 unless a trial failed or timed out', () => {
    const trials = (...statuses: string[]) => statuses.map((status) => ({ status })) as Parameters<typeof exitCodeForRun>[0]['trials'];
    expect(exitCodeForRun({ status: 'completed', trials: trials('ok', 'ok') })).toBe(EXIT.ok);
    expect(exitCodeForRun({ status: 'completed', trials: trials('ok', 'failed') })).toBe(EXIT.failed);
    expect(exitCodeForRun({ status: 'completed', trials: trials('timeout') })).toBe(EXIT.failed);
    expect(exitCodeForRun({ status: 'cancelled', trials: trials('ok') })).toBe(EXIT.cancelled);
    expect(exitCodeForRun({ status: 'failed', trials: [] })).toBe(EXIT.failed);
    expect(exitCodeForRun({ status: 'interrupted', trials: trials('ok') })).toBe(EXIT.failed);
  });

  it('gives a database that is not SQLite exit 1 from the commands that open one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-exit-'));
    try {
      const db = join(dir, 'notes.db');
      writeFileSync(db, 'these are not the runs you are looking for\n'.repeat(50));
      for (const argv of [['list'], ['show', 'x'], ['edit', 'x', '--name', 'y']]) {
        const r = await runCli([...argv, '--db', db], {});
        expect(r.code, argv.join(' ')).toBe(EXIT.failed);
        expect(r.stderr, argv.join(' ')).toContain(db);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
