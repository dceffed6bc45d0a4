// `run` sets the spec against what this machine has free before anything starts: a run that
// cannot finish is refused (exit 2, the field and the numbers), a large one needs --yes.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitOf, runCli, spawnCli } from './cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'lab-cli-resources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function specFile(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

const years = specFile('years.json', { workload: { kind: 'primes', taskMs: 10_000 }, tasks: 100_000, models: ['sequential'], concurrency: [1], repetitions: 100, warmup: 0 });
const large = specFile('large.json', { workload: { kind: 'sleep', ms: 1000 }, tasks: 1000, models: ['sequential'], concurrency: [1], repetitions: 1, warmup: 0 });

describe('run: what the machine can take', () => {
  it('refuses a run of years, even with --yes, and creates nothing', async () => {
    const db = join(dir, 'never.db');
    const r = await runCli(['run', years, '--yes', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^this machine cannot run it:\ntasks: the run would take about 3 years; the lab runs at most 24 hours/m);
    expect(r.stdout).toBe('');
    expect(existsSync(db)).toBe(false);
  });

  it('asks for --yes before a run of over ten minutes', async () => {
    const r = await runCli(['run', large, '--no-save']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a large run:\ntasks: the run would take about 1\d min \d\d s\nadd --yes to run it anyway/);
    expect(r.stdout).toBe('');
  });

  it('starts it with --yes', async () => {
    const cli = spawnCli(['run', large, '--no-save', '--yes']);
    const exited = exitOf(cli);
    const deadline = Date.now() + 30_000;
    while (!/started: \d+ trials/.test(cli.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(cli.output()).toMatch(/started: 1 trials/);
    cli.kill('SIGINT');
    expect((await exited).code).toBe(130);
  });
});
