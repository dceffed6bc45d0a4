// Text from users and files reaches the terminal without its control characters: a run
// named "\x1b]0;pwned\x07\x1b[2J" (which would retitle and clear a terminal) is listed,
// shown, compared and edited as plain text, and so are error messages that quote input.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRun, tempDir, seedDatabase } from '../store/fixtures/make-run.ts';
import { runCli } from './cli-helpers.ts';

const HOSTILE = '\x1b]0;pwned\x07\x1b[2J';
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const tmp = tempDir();
let db = '';
const a = makeRun({ seed: 1, runId: 'aaaa1111-0000-4000-8000-000000000000', name: `evil ${HOSTILE}name` });
const b = makeRun({ seed: 2, runId: 'bbbb2222-0000-4000-8000-000000000000', name: 'plain', error: `boom ${HOSTILE}\x9b2J` });

beforeAll(() => {
  db = seedDatabase(tmp.file('hostile.db'), [a, b], (store) => store.updateRun(a.runId, { tags: [`t${HOSTILE}`], notes: `line one\nline ${HOSTILE}two\r` }));
});
afterAll(() => tmp.remove());

describe('no control characters from user text reach the terminal', () => {
  it('list, show, compare and edit print the names, tags, notes and errors without them', async () => {
    const runs = [
      ['list'],
      ['show', 'aaaa'],
      ['show', 'bbbb'],
      ['compare', 'aaaa', 'bbbb'],
      ['edit', 'aaaa', '--notes', `again ${HOSTILE}`],
      ['list', '--json'],
      ['show', 'aaaa', '--json'],
    ];
    for (const args of runs) {
      const { code, stdout, stderr } = await runCli([...args, '--db', db]);
      expect(code, args.join(' ')).toBe(0);
      expect(stdout, args.join(' ')).not.toMatch(CONTROL);
      expect(stderr, args.join(' ')).not.toMatch(CONTROL);
    }
    const shown = await runCli(['show', 'aaaa', '--db', db]);
    expect(shown.stdout).toContain('evil name');
    expect(shown.stdout).toMatch(/tags\s+t\n/);
    expect(shown.stdout).toMatch(/notes\s+again \n/);
    // --json keeps the text itself, escaped as JSON does.
    const json = await runCli(['show', 'aaaa', '--json', '--db', db]);
    expect(JSON.parse(json.stdout).name).toBe(a.name);
  });

  it('error messages that quote an id, a file or a spec', async () => {
    const spec = tmp.file('spec.json');
    writeFileSync(spec, JSON.stringify({ name: HOSTILE, workload: { kind: HOSTILE }, tasks: 1, models: ['async'], concurrency: [1] }));
    for (const args of [['show', HOSTILE, '--db', db], ['run', spec, '--no-save'], ['import', `${tmp.dir}/${HOSTILE}`, '--db', db]]) {
      const { code, stdout, stderr } = await runCli(args);
      expect(code, args.join(' ')).not.toBe(0);
      expect(stdout + stderr, JSON.stringify(args)).not.toMatch(CONTROL);
    }
  });
});
