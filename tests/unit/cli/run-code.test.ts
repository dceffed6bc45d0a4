// `run --code task.py --models … --concurrency …` and the spec form with a code file:
// a syntax error exits 2 with file, line and column and nothing started; the code runs
// and the run keeps its source; a sync task under async gets the lab's note.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'lab-cli-code-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('run --code', () => {
  it('exits 2 on a syntax error, naming file, line and column, with nothing started', async () => {
    const db = join(dir, 'never.db');
    const r = await runCli(['run', '--code', file('broken.py', 'def task(i):\n    return (i\n'), '--models', 'py-threading', '--concurrency', '2', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/workload\.file: broken\.py:2:12: SyntaxError: '\(' was never closed/);
    expect(r.stdout).toBe('');
    expect(existsSync(db)).toBe(false);
  });

  it('exits 2 naming the flag or field for other mistakes', async () => {
    const py = file('ok.py', 'def task(i):\n    return i\n');
    const cases: [string[], RegExp][] = [
      [['--code', py, '--concurrency', '2'], /--models: give the models/],
      [['--code', py, '--models', 'py-threading'], /--concurrency: give the levels/],
      [['--code', py, '--models', 'threads', '--concurrency', '2'], /models\[0\]: threads runs JavaScript; this code is Python/],
      [['--code', file('x.rb', 'puts 1'), '--models', 'threads', '--concurrency', '2'], /expected a \.py \(Python\) or \.js/],
      [['--code', join(dir, 'missing.py'), '--models', 'py-threading', '--concurrency', '2'], /workload\.file: cannot read .*missing\.py \(ENOENT\)/],
      [['--code', py, '--models', 'py-threading', '--concurrency', 'two'], /--concurrency: "two" is not an integer/],
      [['--preset', 'cpu-bound', '--models', 'threads'], /--models: only with --code/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['run', ...args, '--no-save']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('runs a JavaScript function under sequential and async, saying a sync task runs one at a time, and saves its source', async () => {
    const source = 'export default function task(i) {\n  let s = 0;\n  for (let x = 0; x < 1000; x++) s += x;\n  return s;\n}\n';
    const js = file('sum.js', source);
    const out = join(dir, 'sum.json');
    const r = await runCli(['run', '--code', js, '--models', 'async', '--concurrency', '2', '--tasks', '4', '--repetitions', '1', '--warmup', '0', '--no-save', '--json', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/note: task\(i\) in sum\.js is synchronous: under async its tasks run one at a time/);
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    expect(saved.experiment.workload).toMatchObject({ kind: 'code', language: 'javascript', file: js, source, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(saved.trials.map((t: { model: string; status: string }) => `${t.model} ${t.status}`)).toEqual(['sequential ok', 'async ok']);
  });

  it('finds a spec\'s relative code file beside the spec', async () => {
    mkdirSync(join(dir, 'project'));
    file('project/work.py', 'def task(i):\n    return i * i\n');
    const spec = file('project/spec.json', JSON.stringify({ workload: { kind: 'code', language: 'python', file: 'work.py' }, tasks: 2, models: ['py-sequential'], concurrency: [1], repetitions: 1, warmup: 0 }));
    const out = join(dir, 'work.json');
    const r = await runCli(['run', spec, '--no-save', '--json', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).experiment.workload.source).toBe('def task(i):\n    return i * i\n');
  });
});
