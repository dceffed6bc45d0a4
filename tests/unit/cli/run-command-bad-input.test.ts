import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'lab-cli-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good = { workload: { kind: 'sleep', ms: 1 }, tasks: 2, models: ['async'], concurrency: [1], repetitions: 1, warmup: 0 };

function specFile(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** Every case also names a database that must not appear: nothing starts on bad input. */
async function expectBadInput(args: string[], message: RegExp) {
  const db = join(dir, `never-${Math.random().toString(36).slice(2)}.db`);
  const r = await runCli([...args, '--db', db]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stdout).toBe('');
  expect(existsSync(db)).toBe(false);
}

describe('run: bad input exits 2 naming the field, with nothing started', () => {
  it('an unreadable file', async () => {
    await expectBadInput(['run', join(dir, 'missing.json')], /missing\.json: cannot read the spec: no such file/);
    await expectBadInput(['run', dir], /cannot read the spec: is a directory/);
  });

  it('invalid JSON, with where', async () => {
    await expectBadInput(['run', specFile('broken.json', '{ "tasks": 3, }')], /broken\.json: invalid JSON: .*position 14/);
  });

  it('100,000 bad levels: eight named, the rest counted', async () => {
    const file = specFile('levels.json', { ...good, concurrency: Array.from({ length: 100_000 }, (_, i) => 513 + i) });
    await expectBadInput(['run', file], /^concurrency\[7\]: must be an integer from 1 to 512\n…and 99992 more\n*$/m);
    const r = await runCli(['run', file, '--no-save']);
    expect(r.stderr.length).toBeLessThan(2048);
  });

  it('an unknown workload', async () => {
    await expectBadInput(['run', specFile('kind.json', { ...good, workload: { kind: 'quantum' } })], /^workload\.kind: must be one of primes, hash, sleep, http, file, mixed, shared, code$/m);
  });

  it('concurrency: [0]', async () => {
    await expectBadInput(['run', specFile('k0.json', { ...good, concurrency: [0] })], /^concurrency\[0\]: must be an integer from 1 to 512$/m);
  });

  it('tasks: -3', async () => {
    await expectBadInput(['run', specFile('tasks.json', { ...good, tasks: -3 })], /^tasks: must be an integer from 1 to 1000000$/m);
  });

  it('a k over the cap', async () => {
    await expectBadInput(['run', specFile('cap.json', { ...good, concurrency: [1, 513] })], /^concurrency\[1\]: must be an integer from 1 to 512$/m);
  });

  it('a misspelt field', async () => {
    await expectBadInput(['run', specFile('typo.json', { ...good, tsks: 3 })], /^tsks: unknown field$/m);
  });

  it('an unknown preset, an unknown option, both a file and a preset, neither', async () => {
    await expectBadInput(['run', '--preset', 'no-such'], /--preset: no preset named "no-such"; one of: cpu-bound/);
    await expectBadInput(['run', '--bogus'], /^--bogus: not an option of run \(its options are below\)$/m);
    await expectBadInput(['run', specFile('ok.json', good), '--preset', 'cpu-bound'], /give one of a spec file, --preset or --code/);
    await expectBadInput(['run'], /give a spec file, --preset <name> or --code <file>/);
  });

  it('an option without its value, or with one it does not take: the option and what it needs, not parseArgs\' text', async () => {
    await expectBadInput(['run', '--preset', '-x'], /^--preset: needs a value; one that starts with "-" is written --preset=-value$/m);
    await expectBadInput(['run', '--preset', 'cpu-bound', '--python'], /^--python: needs a value; one that starts with "-" is written --python=-value$/m);
    await expectBadInput(['run', '--no-save=yes', '--preset', 'cpu-bound'], /^--no-save: takes no value$/m);
  });

  it('a --json file in a folder that does not exist', async () => {
    await expectBadInput(['run', specFile('ok2.json', good), '--json', join(dir, 'nope', 'out.json')], /--json: no such directory/);
  });

  it('a Python model without an interpreter', async () => {
    await expectBadInput(
      ['run', specFile('py.json', { ...good, models: ['py-threading'] }), '--python', '/nonexistent/python3'],
      /^models: py-threading unavailable: /m,
    );
  });

  it('a database file that is not SQLite, left as it was', async () => {
    const db = join(dir, 'not-sqlite.db');
    writeFileSync(db, 'just text, not a database');
    const r = await runCli(['run', specFile('ok3.json', good), '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot save runs: .*not-sqlite\.db/);
    expect(readFileSync(db, 'utf8')).toBe('just text, not a database');
  });
});

describe('the command line itself', () => {
  it('an unknown command exits 2 and points at help', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('help lists every command with its usage', async () => {
    for (const argv of [[], ['help'], ['--help']]) {
      const r = await runCli(argv);
      expect(r.code).toBe(0);
      for (const cmd of ['run', 'presets', 'calibrate', 'machine']) expect(r.stdout).toMatch(new RegExp(`^  ${cmd} `, 'm'));
      expect(r.stdout).toMatch(/run <spec\.json> \| --preset <name>/);
      expect(r.stdout).toMatch(/130 cancelled/);
    }
    const one = await runCli(['run', '--help']);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^usage: concurrency-lab run /m);
  });
});
