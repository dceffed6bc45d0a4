import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.ts';
import type { Comparison } from '../../../src-shared/contract.ts';
import { makeMachine, makeRun, tempDir, seedDatabase } from '../store/fixtures/make-run.ts';

const tmp = tempDir();
let db: string;
const a = makeRun({ seed: 1, runId: 'aaaa1111-0000-4000-8000-000000000000', name: 'before' });
const b = makeRun({
  seed: 2,
  runId: 'bbbb2222-0000-4000-8000-000000000000',
  name: 'after',
  machine: makeMachine({ fingerprint: 'fp-server', hostname: 'server', logicalCores: 64 }),
});

beforeAll(() => {
  db = seedDatabase(tmp.file('compare.db'), [a, b]);
});
afterAll(() => tmp.remove());

describe('concurrency-lab compare', () => {
  it('prints each cell with both medians, the change, both p-values and the verdict, then how the machines differ', async () => {
    const { code, stdout } = await runCli(['compare', 'aaaa', 'bbbb', '--db', db]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^A = aaaa1111 "before"/m);
    expect(stdout).toMatch(/^B = bbbb2222 "after" .*server\)$/m);
    expect(stdout).toMatch(/model\s+k\s+A median\s+B median\s+B vs A\s+Welch p\s+M-W p\s+B faster in/);
    expect(stdout).toMatch(/^threads\s+2\s+[\d.]+ ms\s+[\d.]+ ms\s+[+−][\d.]+%\s+[\d.<]+\s+[\d.<]+\s+\d+% of pairs\s+(within noise|significant)/m);
    expect(stdout).toContain('Machines differ:');
    expect(stdout).toContain('logicalCores: A 8, B 64');
    expect(stdout).toContain('Warnings:');
    expect(stdout).toContain('ran on another machine');
  });

  it('prints the comparison as JSON with --json', async () => {
    const { stdout } = await runCli(['compare', a.runId, b.runId, '--json', '--db', db]);
    const c = JSON.parse(stdout) as Comparison;
    expect(c.runs.map((r) => r.name)).toEqual(['before', 'after']);
    expect(c.cells).toHaveLength(a.summary.length);
    expect(c.machineDiff.hostname).toEqual(['laptop', 'server']);
  });

  it('exits 2 for one run, five runs, or an unknown one', async () => {
    expect((await runCli(['compare', 'aaaa', '--db', db])).code).toBe(2);
    expect((await runCli(['compare', 'a', 'b', 'c', 'd', 'e', '--db', db])).code).toBe(2);
    const unknown = await runCli(['compare', 'aaaa', 'cccc', '--db', db]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no run with id cccc');
  });
});
