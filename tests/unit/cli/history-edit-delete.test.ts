import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.ts';
import { makeRun, tempDir, seedDatabase } from '../store/fixtures/make-run.ts';

const tmp = tempDir();
let db: string;
const a = makeRun({ seed: 1, runId: 'aaaa1111-0000-4000-8000-000000000000', name: 'first run' });
const b = makeRun({ seed: 2, runId: 'bbbb2222-0000-4000-8000-000000000000', name: 'second run' });

beforeAll(() => {
  db = seedDatabase(tmp.file('edit.db'), [a, b]);
});
afterAll(() => tmp.remove());

describe('concurrency-lab edit', () => {
  it('renames, tags and annotates a run', async () => {
    const r = await runCli(['edit', 'aaaa', '--name', 'laptop', '--tag', 'battery', '--tag', 'nightly', '--notes', 'fans loud', '--db', db]);
    expect(r).toMatchObject({ code: 0, stdout: 'aaaa1111 "laptop" [battery, nightly] — fans loud\n' });
    const cleared = await runCli(['edit', 'aaaa', '--no-tags', '--json', '--db', db]);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ name: 'laptop', tags: [], notes: 'fans loud' });
  });

  it('exits 2 with nothing to change or a bad value', async () => {
    expect((await runCli(['edit', 'aaaa', '--db', db])).stderr).toContain('nothing to change');
    const blank = await runCli(['edit', 'aaaa', '--name', ' ', '--db', db]);
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain('name: must not be empty');
  });
});

describe('concurrency-lab delete', () => {
  it('deletes a run by prefix, naming it, and exits 2 the second time', async () => {
    const r = await runCli(['delete', 'bbbb', '--db', db]);
    expect(r).toMatchObject({ code: 0, stdout: `deleted ${b.runId} "second run"\n` });
    const again = await runCli(['delete', 'bbbb', '--db', db]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('no run with id bbbb');
    const list = await runCli(['list', '--json', '--db', db]);
    expect(JSON.parse(list.stdout).runs.map((x: { runId: string }) => x.runId)).toEqual([a.runId]);
  });
});
