import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.ts';
import { explainRun } from '../../../src-shared/explain-run.ts';
import type { RunPage } from '../../../src-shared/contract.ts';
import { LabStore } from '../../../src-main/store/index.ts';
import { makeMachine, makeRun, makeSpec, recordRun, tempDir, seedDatabase } from '../store/fixtures/make-run.ts';

const tmp = tempDir();
let db: string;
const laptop = makeRun({ seed: 1, runId: 'aaaa1111-0000-4000-8000-000000000000', name: 'laptop morning' });
const server = makeRun({
  seed: 2,
  runId: 'bbbb2222-0000-4000-8000-000000000000',
  name: 'server sleep',
  experiment: makeSpec({ workload: { kind: 'sleep', ms: 5 }, models: ['async'], concurrency: [8] }),
  machine: makeMachine({ fingerprint: 'fp-server', hostname: 'server', logicalCores: 64 }),
});

beforeAll(() => {
  db = seedDatabase(tmp.file('cli.db'), [laptop, server], (store) => store.updateRun(laptop.runId, { tags: ['nightly'], notes: 'on battery' }));
});
afterAll(() => tmp.remove());

describe('concurrency-lab list', () => {
  it('prints a table of runs, newest first, with the page it shows', async () => {
    const { code, stdout } = await runCli(['list', '--db', db]);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+started\s+name\s+workload\s+models\s+k\s+machine \(cores\)\s+best\s+trials\s+status\s+tags$/);
    expect(lines[2]).toMatch(/^bbbb2222 .* server sleep .* sleep ×4 .* sequential,async .* server \(64\) .* completed/);
    expect(lines[3]).toMatch(/^aaaa1111 .* laptop morning .* laptop \(8\) .* nightly$/);
    expect(lines.at(-1)).toBe('runs 1–2 of 2');
  });

  it('filters and pages, and says where the next page starts', async () => {
    const page = await runCli(['list', '--db', db, '--limit', '1']);
    expect(page.stdout).toContain('runs 1–1 of 2 (next page: --offset 1)');
    const tagged = await runCli(['list', '--db', db, '--tag', 'nightly', '--json']);
    expect((JSON.parse(tagged.stdout) as RunPage).runs.map((r) => r.runId)).toEqual([laptop.runId]);
    const bySleep = await runCli(['list', '--db', db, '--workload', 'sleep', '--json']);
    expect((JSON.parse(bySleep.stdout) as RunPage).total).toBe(1);
    const byText = await runCli(['list', '--db', db, '--text', 'battery', '--json']);
    expect((JSON.parse(byText.stdout) as RunPage).runs[0].runId).toBe(laptop.runId);
    const none = await runCli(['list', '--db', db, '--model', 'py-threading']);
    expect(none.stdout.trim()).toBe('No runs match.');
  });

  it('prints the page as JSON with --json', async () => {
    const { code, stdout } = await runCli(['list', '--db', db, '--json']);
    expect(code).toBe(0);
    const page = JSON.parse(stdout) as RunPage;
    expect(page.total).toBe(2);
    expect(page.runs[1]).toMatchObject({ runId: laptop.runId, tags: ['nightly'], notes: 'on battery', trialCount: laptop.trials.length });
  });

  it('exits 2 with the reason for a bad option value', async () => {
    const bad = await runCli(['list', '--db', db, '--workload', 'cpu']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--workload: must be one of primes, hash, sleep, http, file, mixed, shared, code');
    const limit = await runCli(['list', '--db', db, '--limit', '0']);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--limit');
    const unknown = await runCli(['list', '--db', db, '--colour']);
    expect(unknown.code).toBe(2);
  });
});

describe('concurrency-lab show', () => {
  it('prints the run, its machine and its summary table, found by a prefix', async () => {
    const { code, stdout } = await runCli(['show', 'aaaa', '--db', db]);
    expect(code).toBe(0);
    expect(stdout).toContain('laptop morning');
    expect(stdout).toContain(`id        ${laptop.runId}`);
    expect(stdout).toContain('status    completed');
    expect(stdout).toMatch(/workload\s+primes n=20000, 4 tasks per trial/);
    expect(stdout).toMatch(/machine\s+laptop: Test CPU 9000, 8 logical cores, 16 GiB/);
    expect(stdout).toContain('tags      nightly');
    expect(stdout).toContain('notes     on battery');
    expect(stdout).toMatch(/median wall ± 95% CI/);
    for (const row of laptop.summary) expect(stdout).toMatch(new RegExp(`^${row.model}\\s+${row.concurrency}\\s`, 'm'));
    // The verdicts follow the table, each title on its own line, the sentence under it.
    const verdicts = explainRun({ ...laptop, tags: ['nightly'], notes: 'on battery' });
    expect(stdout.indexOf('Verdicts:')).toBeGreaterThan(stdout.indexOf('median wall'));
    for (const v of verdicts) expect(stdout).toContain(`\n  ${{ good: '+', info: '-', warn: '!', bad: 'x' }[v.tone]} ${v.title}\n`);
    expect(stdout.replace(/\s+/g, ' ')).toContain(verdicts[0].sentence);
  });

  it('prints the full result with --json, as the run command writes it, verdicts included', async () => {
    const { stdout } = await runCli(['show', laptop.runId, '--json', '--db', db]);
    const saved = { ...JSON.parse(JSON.stringify(laptop)), tags: ['nightly'], notes: 'on battery' };
    expect(JSON.parse(stdout)).toEqual({ ...saved, verdicts: JSON.parse(JSON.stringify(explainRun(saved))) });
    expect(JSON.parse(stdout).verdicts.map((v: { id: string }) => v.id)).toContain('headline');
  });

  it('exits 2 for an unknown or ambiguous id, and for no id', async () => {
    const missing = await runCli(['show', 'zzzz', '--db', db]);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain('no run with id zzzz');
    const none = await runCli(['show', '--db', db]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage: show <id>');
  });
});

describe('concurrency-lab show of an interrupted run', () => {
  it('says "interrupted" once, for runs interrupted now and those an older build saved as "interrupted: …"', async () => {
    const file = tmp.file('interrupted.db');
    const store = LabStore.open(file);
    const older = makeRun({ seed: 5, runId: 'cccc3333-0000-4000-8000-000000000000', status: 'interrupted', error: 'interrupted: process 42 on laptop was recording it and ended before it finished' });
    const now = makeRun({ seed: 6, runId: 'dddd4444-0000-4000-8000-000000000000' });
    recordRun(store, older);
    store.startRun({ runId: now.runId, name: now.name, experiment: now.experiment, machine: now.machine, startedAt: now.startedAt });
    store.close(); // closing interrupts the run it was recording
    for (const id of ['cccc', 'dddd']) {
      const { code, stdout } = await runCli(['show', id, '--db', file]);
      expect(code).toBe(0);
      const status = stdout.split('\n').find((l) => l.trim().startsWith('status'))!;
      expect(status).toMatch(/^\s+status\s+interrupted: (process 42 on laptop|the history was closed)/);
      expect(status.match(/interrupted/g)).toHaveLength(1);
    }
  });
});
