import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LabStore } from '../../../src-main/store/index.ts';
import { makeTrial, seeded, tempDir } from './fixtures/make-run.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());
const writer = fileURLToPath(new URL('./fixtures/writer-child.ts', import.meta.url));

describe('kill -9 of the recording process in the middle of a run', () => {
  it('leaves the run interrupted on the next open, with every trial that had finished', async () => {
    const file = tmp.file('killed.db');
    const child = spawn(process.execPath, [writer, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Every line the child wrote before it died is read, even after the kill: the child
    // writes "saved N" to a pipe (synchronous on Linux) right after each commit.
    let lastSaved = -1;
    child.stdout.on('data', (d: Buffer) => {
      for (const m of d.toString().matchAll(/saved (\d+)/g)) lastSaved = Number(m[1]);
    });
    const stdoutDone = once(child.stdout, 'end');
    await new Promise<void>((resolve, reject) => {
      const early = () => reject(new Error(`writer exited early: ${stderr}`));
      child.once('exit', early);
      const check = () => {
        if (lastSaved < 5) return;
        child.stdout.off('data', check);
        child.off('exit', early);
        resolve();
      };
      child.stdout.on('data', check);
    });
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    const [code, signal] = await exited;
    await stdoutDone;
    expect(code).toBeNull();
    expect(signal).toBe('SIGKILL');

    const store = LabStore.open(file);
    const run = store.getRun('killed');
    expect(run.status).toBe('interrupted');
    // Everything reported saved is there; at most one more (committed, killed before reporting it).
    expect(run.trials.length).toBeGreaterThanOrEqual(lastSaved + 1);
    expect(run.trials.length).toBeLessThanOrEqual(lastSaved + 2);
    // Each trial is whole and exactly as the child made it.
    const rand = seeded(42);
    run.trials.forEach((t, i) => {
      const model = i % 2 === 0 ? 'sequential' : 'threads';
      expect(t).toEqual(makeTrial(i, model, model === 'sequential' ? 1 : 2, Math.floor(i / 2), rand));
    });
    expect(run.summary.map((r) => r.model)).toEqual(['sequential', 'threads']);
    store.close();
  });
});
