// `run` and `show` print a shared run's lost updates in words after the table, the
// same sentences the Results view shows, and `run --json` carries every mode's figures.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../../src-shared/result.ts';
import { runCli } from './cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'lab-cli-shared-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lost updates on the command line', () => {
  it('run prints one line per cell and mode, show prints the same from the history', async () => {
    const spec = join(dir, 'shared.json');
    writeFileSync(spec, JSON.stringify({
      workload: { kind: 'shared', ops: 1_000, modes: ['unsafe', 'atomic', 'yield-inside'] },
      tasks: 2, models: ['async', 'threads'], concurrency: [2], repetitions: 1, warmup: 0,
    }));
    const db = join(dir, 'history.db');
    const out = join(dir, 'result.json');
    const r = await runCli(['run', spec, '--db', db, '--json', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const printed = r.stdout.slice(r.stdout.indexOf('Lost updates (shared state, counted in every trial):'));
    // Sentences wrap at 96 columns: read them unwrapped.
    const block = printed.replace(/\n {4}/g, ' ');
    expect(block).toMatch(/\+ async, unsafe: none lost — tasks switch only at await/);
    expect(block).toMatch(/x async, yield-inside: [\d,]+ of 2,000 updates lost \([\d.]+%\) — each task awaited between its read and its write/);
    expect(block).toMatch(/\+ threads, atomic: none lost/);
    expect(block).toMatch(/- threads, yield-inside: not run — threads have no await/);

    const result = JSON.parse(readFileSync(out, 'utf8')) as RunResult;
    expect(result.trials.find((t) => t.model === 'threads')!.shared!.map((p) => p.mode)).toEqual(['unsafe', 'atomic', 'yield-inside']);

    const shown = await runCli(['show', result.runId, '--db', db]);
    expect(shown.code).toBe(0);
    const again = shown.stdout.slice(shown.stdout.indexOf('Lost updates'));
    expect(again.trim()).toBe(printed.slice(0, printed.indexOf('\n\n')).trim());
  });
});
