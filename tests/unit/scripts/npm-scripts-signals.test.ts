// `npm run lab -- …` (and every script that starts a long-running program) execs it, so a
// SIGTERM npm passes on reaches the program itself, not a `sh -c` that would die and leave
// the program running as an orphan.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cmdline, descendants, stillRunningAfter } from '../helpers/processes.ts';

const repo = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'lab-npm-signal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('npm scripts and signals', () => {
  it('every script that starts a program execs it', () => {
    const { scripts } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const name of ['start', 'dev', 'test', 'lab', 'serve', 'bench', 'screenshots', 'fuzz']) expect(scripts[name], name).toMatch(/^exec /);
    expect(scripts.dist).toMatch(/&& exec electron-builder$/);
  });

  it('SIGTERM to `npm run lab -- run …` reaches the lab: it cancels, and no process survives', async () => {
    const spec = join(dir, 'long.json');
    writeFileSync(spec, JSON.stringify({ workload: { kind: 'sleep', ms: 200 }, tasks: 50, models: ['processes'], concurrency: [2], repetitions: 3, warmup: 0 }));
    const npm = spawn('npm', ['run', '--silent', 'lab', '--', 'run', spec, '--db', join(dir, 'lab.db')], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    npm.stdout.on('data', (d) => (output += d));
    npm.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));

    // Every process under npm, gathered while the run is going: the lab and its children.
    const seen = new Set<number>();
    await until(() => {
      for (const pid of descendants(npm.pid!)) seen.add(pid);
      return [...seen].some((pid) => cmdline(pid).includes('concurrency-lab.js')) && output.includes('trial');
    }, `the lab's first trial (output so far: ${output})`);
    npm.kill('SIGTERM');
    await exited;

    const survivors = await stillRunningAfter([...seen], 15_000);
    for (const pid of survivors) process.kill(pid, 'SIGKILL'); // an orphan must not outlive a failed test
    expect(survivors, output).toEqual([]);
    expect(output).toMatch(/SIGTERM: cancelling/);
  });
});
