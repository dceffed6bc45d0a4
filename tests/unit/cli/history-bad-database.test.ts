import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.ts';
import { makeRun, tempDir } from '../store/fixtures/make-run.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());
const bin = fileURLToPath(new URL('../../../bin/concurrency-lab.js', import.meta.url));

describe('history commands on a database file that is not usable', () => {
  it('exit 1, name the file, leave it untouched, and say how to start a fresh one beside it', async () => {
    const db = tmp.file('lab.db');
    writeFileSync(db, 'not a database at all\n'.repeat(20));
    const before = readFileSync(db);
    const r = await runCli(['list', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${db} cannot be used as the Concurrency Lab history: it is not an SQLite database`);
    expect(r.stderr).toMatch(new RegExp(`To start a fresh database beside it, add: --db ${tmp.dir}/lab-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.db`));
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('use $CONCURRENCY_LAB_DB when there is no --db', async () => {
    const db = tmp.file('from-env.db');
    const r = await runCli(['list', '--json'], { CONCURRENCY_LAB_DB: db });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ runs: [], total: 0 });
    expect(readFileSync(db).subarray(0, 15).toString()).toBe('SQLite format 3');
  });
});

describe('the real CLI', () => {
  it('imports, lists and shows through bin/concurrency-lab.js, with its exit codes', () => {
    const db = tmp.file('real-cli.db');
    const file = tmp.file('run.json');
    const run = makeRun({ seed: 5, runId: 'cafe0000-0000-4000-8000-000000000000', name: 'from the real cli' });
    writeFileSync(file, JSON.stringify(run));
    const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args, '--db', db], { encoding: 'utf8' });

    const imported = cli('import', file);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    const listed = cli('list', '--json');
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout).runs[0]).toMatchObject({ runId: run.runId, name: 'from the real cli' });
    const shown = cli('show', 'cafe');
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('from the real cli');
    const missing = cli('show', 'dead');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no run with id dead');
  });
});
