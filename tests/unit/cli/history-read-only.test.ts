// The CLI's browsing commands on a history that cannot be written (a read-only file
// system, a real remounted tmpfs): list, show, compare and export work, say once on
// stderr that the file is read-only, and a write (edit) fails naming the file and why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.ts';
import { IS_ROOT, mountTmpfs, type Tmpfs } from '../helpers/tmpfs.ts';
import { makeRun, seedDatabase } from '../store/fixtures/make-run.ts';

const a = makeRun({ seed: 1, runId: 'aaaa1111-0000-4000-8000-000000000000', name: 'first' });
const b = makeRun({ seed: 2, runId: 'bbbb2222-0000-4000-8000-000000000000', name: 'second' });
let fs: Tmpfs | undefined;
let db = '';

describe.skipIf(!IS_ROOT)('history commands on a read-only file system', () => {
  beforeAll(() => {
    fs = mountTmpfs('8m');
    db = seedDatabase(fs.file('lab.db'), [a, b]);
    fs.readOnly(true);
  });
  afterAll(() => fs?.remove());

  it('list, show, compare and export work, with one note on stderr', async () => {
    for (const args of [['list'], ['show', 'aaaa'], ['compare', 'aaaa', 'bbbb'], ['export', 'aaaa', 'bbbb']]) {
      const [name, ...rest] = args;
      const { code, stdout, stderr } = await runCli([name, ...rest, '--db', db]);
      expect(code, name).toBe(0);
      expect(stdout.length, name).toBeGreaterThan(0);
      expect(stderr, name).toBe(`note: ${db} is open for reading only: the file system is read-only\n`);
    }
  });

  it('edit and delete fail naming the file and the reason', async () => {
    for (const args of [['edit', 'aaaa', '--name', 'x'], ['delete', 'bbbb']]) {
      const [name, ...rest] = args;
      const { code, stderr } = await runCli([name, ...rest, '--db', db]);
      expect(code, name).toBe(1);
      expect(stderr, name).toContain(`${db} cannot be written: the file system is read-only. Nothing was changed.`);
    }
  });
});
