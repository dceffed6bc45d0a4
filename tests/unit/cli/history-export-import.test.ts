import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabStore } from '../../../src-main/store/index.ts';
import { makeRun, tempDir, seedDatabase } from '../store/fixtures/make-run.ts';
import { BIN, runCli } from './cli-helpers.ts';

const tmp = tempDir();
let db: string;
const a = makeRun({ seed: 1, runId: 'aaaa1111-0000-4000-8000-000000000000', name: 'first run' });
const b = makeRun({ seed: 2, runId: 'bbbb2222-0000-4000-8000-000000000000', name: 'second run' });
// Big enough (spans) that its JSON is more than a pipe holds: `| head -1` closes the pipe mid-write.
const big = makeRun({ seed: 3, runId: 'cccc3333-0000-4000-8000-000000000000', name: 'big run', spansPerTrial: 2000 });

beforeAll(() => {
  db = seedDatabase(tmp.file('source.db'), [a, b, big]);
});
afterAll(() => tmp.remove());

describe('concurrency-lab export and import', () => {
  it('exports runs as JSON to a file and imports them into another database, then skips them the second time', async () => {
    const out = tmp.file('both.json');
    const exported = await runCli(['export', 'aaaa', 'bbbb', '--out', out, '--db', db]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(/^wrote .*both\.json \(\d+(\.\d)? KiB\)/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ format: 'concurrency-lab', version: 1 });

    const target = tmp.file('target.db');
    const imported = await runCli(['import', out, '--db', target]);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toBe(`imported 2 runs\n  + ${a.runId}\n  + ${b.runId}\n`);
    const again = await runCli(['import', out, '--db', target]);
    expect(again.stdout).toContain('imported 0 runs, skipped 2 runs already saved');

    const store = LabStore.open(target);
    expect(store.getRun(a.runId)).toEqual(a);
    store.close();
  });

  it('writes CSV to stdout, and into a folder under the export’s own name', async () => {
    const csv = await runCli(['export', 'aaaa', '--format', 'csv', '--db', db]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe(
      'runId,name,trial,model,k,repetition,status,wallMs,startupMs,cpuMs,peakRssBytes,error,sharedMode,expected,observed,lost,modeWallMs,switchIntervalMs,sharedNote,' +
        'processorsUsed,statesOf,runningMs,waitingMs,blockedMs,measuredSpans,handoffMedianMs,handoffP95Ms,voluntarySwitches,involuntarySwitches',
    );
    expect(lines).toHaveLength(1 + a.trials.length);
    const inDir = await runCli(['export', 'aaaa', '--format', 'csv', '--out', tmp.dir, '--db', db]);
    expect(inDir.code).toBe(0);
    expect(existsSync(tmp.file('first-run-aaaa1111.csv'))).toBe(true);
  });

  it('takes --out with a trailing slash as a folder, made if missing, and writes the export inside it', async () => {
    const folder = join(tmp.dir, 'new', 'exports');
    const r = await runCli(['export', 'aaaa', 'bbbb', '--format', 'json', '--out', `${folder}/`, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(folder).isDirectory()).toBe(true);
    const written = r.stderr.match(/^wrote (\S+) /)![1];
    expect(written.startsWith(`${folder}/`)).toBe(true);
    expect(JSON.parse(readFileSync(written, 'utf8'))).toMatchObject({ format: 'concurrency-lab' });
  });

  it('says which trial a trace holds, and that trial 0 is the default', async () => {
    const first = await runCli(['export', 'bbbb', '--format', 'trace', '--db', db]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).otherData).toMatchObject({ trial: 0 });
    expect(first.stderr).toMatch(/^exported trial 0 \(the default, the first trial; --trial N picks another/);
    const picked = await runCli(['export', 'bbbb', '--format', 'trace', '--trial', '1', '--out', tmp.file('t1.json'), '--db', db]);
    expect(picked.stderr).toMatch(/^wrote .*t1\.json \(.*\): trial 1$/m);
    const help = await runCli(['help', 'export']);
    expect(help.stdout).toContain('--trial N (trace: default 0, the first)');
  });

  it.each([
    ['show', ['show', 'cccc', '--json']],
    ['export', ['export', 'cccc']],
  ])('%s piped into `head -1` ends quietly with exit 0 (no EPIPE trace)', (_name, argv) => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" ${argv.join(' ')} --db "${db}" | head -c 100 >/dev/null`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('exports one trial as a Chrome trace', async () => {
    const trace = await runCli(['export', 'bbbb', '--format', 'trace', '--trial', '2', '--db', db]);
    expect(trace.code).toBe(0);
    const doc = JSON.parse(trace.stdout);
    expect(doc.otherData).toMatchObject({ run: b.runId, trial: 2 });
    expect(doc.traceEvents.filter((e: { ph: string }) => e.ph === 'X')).toHaveLength(b.trials[2].spans.length);
  });

  it('exits 2 for options that do not go together, and for a trial that is not there', async () => {
    const two = await runCli(['export', 'aaaa', 'bbbb', '--format', 'trace', '--db', db]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('one trial of one run');
    expect((await runCli(['export', 'aaaa', '--trial', '1', '--db', db])).code).toBe(2);
    expect((await runCli(['export', 'aaaa', '--format', 'xml', '--db', db])).code).toBe(2);
    const missing = await runCli(['export', 'aaaa', '--format', 'trace', '--trial', '999', '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('has no trial 999');
  });

  it('exits 2 naming the file and the problem for a bad import, with the database unchanged', async () => {
    const target = tmp.file('bad-target.db');
    const broken = tmp.file('broken.json');
    const run = JSON.parse(JSON.stringify(a));
    delete run.trials[3].wallMs;
    writeFileSync(broken, JSON.stringify({ format: 'concurrency-lab', version: 1, runs: [run] }));
    const bad = await runCli(['import', broken, '--db', target]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${broken}: import failed, nothing was changed:`);
    expect(bad.stderr).toContain('runs[0].trials[3].wallMs: expected number');
    const list = await runCli(['list', '--json', '--db', target]);
    expect(JSON.parse(list.stdout).total).toBe(0);

    const missing = await runCli(['import', tmp.file('nope.json'), '--db', target]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
  });
});
