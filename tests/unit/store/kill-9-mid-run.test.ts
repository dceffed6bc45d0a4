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
    let lastSaved = -1;
    await new Promise<void>((resolve, reject) => {
      child.on('exit', () => reject(new Error(`writer exited early: ${stderr}`)));
      child.stdout.on('data', (d: Buffer) => {
        for (const m of d.toString().matchAll(/saved (\d+)/g)) lastSaved = Number(m[1]);
        if (lastSaved >= 5) resolve();
      });
    });
    child.removeAllListeners('exit');
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    const [code, signal] = await exited;
    expect(code).toBeNull();
    expect(signal).toBe('SIGKILL');

    const store = LabStore.open(file);
    const run = store.getRun('killed');
    expect(run.status).toBe('interrupted');
    // Everything reported saved is there; at most one more (committed, not yet reported).
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
