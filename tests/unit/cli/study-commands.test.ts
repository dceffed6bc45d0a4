// `study run | list | show | export | edit | delete` in process, with real runs and a real
// SQLite file: what a user sees, the exit codes, and field-named errors with nothing started.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'study-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'lab.db');

const SWEEP = {
  name: 'cli sweep',
  base: { workload: { kind: 'sleep', ms: 1 }, models: ['async'], concurrency: [4], repetitions: 2, warmup: 0 },
  vary: { axis: 'taskMs', values: [0.5, 2, 8], totalMs: 32 },
};

function file(name: string, content: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}

describe('study commands', () => {
  it('runs a study, saves it, and lists, shows, exports, renames and deletes it', async () => {
    const json = join(dir, 'out.json');
    const ran = await runCli(['study', 'run', file('sweep.json', SWEEP), '--db', db, '--json', json]);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^cli sweep: taskMs study, 3 runs \(0\.5 ms, 2 ms, 8 ms\)\n/);
    expect(ran.stdout).toMatch(/Async \(event loop\) \(k = 4\): faster than sequential/);
    expect(ran.stdout).toMatch(/\nCompleted in .* \(its runs: .*\)\.\n/);
    const id = /Saved as study (\S+) in /.exec(ran.stdout)![1];
    const written = JSON.parse(readFileSync(json, 'utf8'));
    expect(written).toMatchObject({ studyId: id, axis: 'taskMs', status: 'completed', analysis: { axis: 'taskMs' } });
    expect(written.members.map((m: { runId: string | null }) => m.runId !== null)).toEqual([true, true, true]);

    const list = await runCli(['study', 'list', '--db', db]);
    expect(list.stdout).toMatch(new RegExp(`^${id.slice(0, 8)} .* taskMs +3/3 +completed +cli sweep$`, 'm'));
    const shown = await runCli(['study', 'show', id.slice(0, 6), '--db', db, '--json']);
    expect(JSON.parse(shown.stdout).members).toHaveLength(3);
    const text = await runCli(['study', 'show', id, '--db', db]);
    expect(text.stdout).toMatch(/^model +k +task asked +measured +speedup +95% CI +ideal/m);

    const md = await runCli(['study', 'export', id, '--format', 'md', '--db', db]);
    expect(md.stdout).toMatch(/^# cli sweep\n\n.*\n\n## Break-even\n\n- Async \(event loop\) \(k = 4\)/);
    const csv = await runCli(['study', 'export', id, '--format', 'csv', '--out', `${dir}/exports/`, '--db', db]);
    expect(csv.code).toBe(0);
    const [csvFile] = readdirSync(join(dir, 'exports'));
    expect(csvFile).toBe(`study-cli-sweep-${id.slice(0, 8)}.csv`);
    expect(readFileSync(join(dir, 'exports', csvFile), 'utf8').split('\r\n')[0]).toBe(
      'study_id,run_id,model,k,task_ms_asked,task_ms_measured,speedup,speedup_low,speedup_high,ideal,handoff_ms,startup_ms,processors_used,noisy',
    );

    expect((await runCli(['study', 'edit', id, '--name', 'laptop sweep', '--tag', 'laptop', '--db', db])).stdout).toBe(`${id.slice(0, 8)} "laptop sweep" [laptop]\n`);
    const runs = await runCli(['list', '--db', db, '--json']);
    expect(JSON.parse(runs.stdout).runs.map((r: { study: { name: string } }) => r.study.name)).toEqual(['laptop sweep', 'laptop sweep', 'laptop sweep']);

    const deleted = await runCli(['study', 'delete', id, '--db', db]);
    expect(deleted.stdout).toBe(`deleted study ${id} "laptop sweep" and its 3 runs\n`);
    expect(JSON.parse((await runCli(['list', '--db', db, '--json'])).stdout).total).toBe(0);
    expect((await runCli(['study', 'show', id, '--db', db])).code).toBe(2);
  });

  it('refuses a bad study with the field named and exit 2, starting nothing', async () => {
    const bad = await runCli(['study', 'run', file('bad.json', { ...SWEEP, vary: { axis: 'taskMs', values: [0.5, 0.5], totalMs: 0 } }), '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`${join(dir, 'bad.json')}: not a valid study:\nvary.values: must not repeat a value\nvary.totalMs: must be a number from 1 to 600000\n`);
    expect((await runCli(['study', 'run', file('broken.json', '{ "name": '), '--db', db])).stderr).toMatch(/broken\.json: invalid JSON: /);
    expect((await runCli(['study', 'run', '--preset', 'nope', '--db', db])).stderr).toMatch(/^--preset: no study preset named "nope"; one of: classic-table-node, classic-table-python, break-even-node, break-even-python, cpu-share-python\n$/);
    expect((await runCli(['study', 'frob'])).code).toBe(2);
    expect((await runCli(['study', 'export', 'x', '--format', 'pdf', '--db', db])).stderr).toMatch(/^--format: must be one of json, csv, md\n/);
    expect(JSON.parse((await runCli(['study', 'list', '--db', db, '--json'])).stdout)).toEqual([]);
  });
});
