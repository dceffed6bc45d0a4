import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LabStore } from '../../../src-main/store/index.ts';
import { exitOf, spawnCli } from './cli-helpers.ts';
import { cmdline, descendants, isAlive } from '../helpers/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'lab-cli-signal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('run: SIGTERM / Ctrl-C', () => {
  it('SIGTERM cancels the run, keeps and saves the finished trials, leaves no child, exits 130', async () => {
    const spec = join(dir, 'long.json');
    writeFileSync(spec, JSON.stringify({ workload: { kind: 'sleep', ms: 100 }, tasks: 40, models: ['processes'], concurrency: [2], repetitions: 3, warmup: 0 }));
    const db = join(dir, 'lab.db');
    const cli = spawnCli(['run', spec, '--db', db]);
    const exited = exitOf(cli);

    const seen = new Set<number>();
    // Wait for the processes trial (the second) to have its pool up. Other children
    // come and go too (the Python probe), so look for the pool's own entry point.
    await until(() => {
      let pool = 0;
      for (const p of descendants(cli.pid!)) {
        seen.add(p);
        if (cmdline(p).includes('process-child')) pool++;
      }
      return pool >= 2;
    }, 'the process pool');
    cli.kill('SIGTERM');
    const { code } = await exited;

    expect(code, cli.output()).toBe(130);
    expect(cli.output()).toMatch(/SIGTERM: cancelling/);
    expect(cli.output()).toMatch(/Cancelled after .*: \d+ finished trials kept/);
    for (const pid of seen) expect(isAlive(pid), `child ${pid} still alive`).toBe(false);

    const store = LabStore.open(db);
    try {
      const [item] = store.listRuns({}).runs;
      const saved = store.getRun(item.runId);
      expect(saved.status).toBe('cancelled');
      expect(saved.trials[0]).toMatchObject({ model: 'sequential', status: 'ok' });
      expect(saved.trials[0].spans).toHaveLength(40);
    } finally {
      store.close();
    }
  });

  it('Ctrl-C (SIGINT) cancels the same way', async () => {
    const spec = join(dir, 'threads.json');
    writeFileSync(spec, JSON.stringify({ workload: { kind: 'sleep', ms: 100 }, tasks: 40, models: ['threads'], concurrency: [1], repetitions: 3, warmup: 0 }));
    const cli = spawnCli(['run', spec, '--no-save']);
    const exited = exitOf(cli);
    await until(() => /started: \d+ trials/.test(cli.output()), 'the run to start');
    cli.kill('SIGINT');
    const { code } = await exited;
    expect(code, cli.output()).toBe(130);
    expect(cli.output()).toMatch(/Cancelled after/);
  });
});
