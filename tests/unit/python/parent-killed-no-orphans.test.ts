// When the Node process that started a runner is killed outright (kill -9), the
// runner sees its stdin close and ends itself and its multiprocessing workers.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { fixture } from './helpers.ts';
import { stillRunningAfter } from '../helpers/processes.ts';

it('leaves no Python process behind when the Node parent is SIGKILLed', async () => {
  const parent = spawn(process.execPath, [fixture('trial-parent.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: parent.stdout }).once('line', resolve);
    parent.once('exit', () => reject(new Error('the parent exited before the trial started')));
  });
  const { runner, workers } = JSON.parse(line) as { runner: number; workers: number[] };
  expect(workers).toHaveLength(2);
  expect(await stillRunningAfter([runner, ...workers], 0)).toEqual([runner, ...workers]);
  const exited = new Promise((resolve) => parent.once('exit', resolve));
  parent.kill('SIGKILL');
  await exited;
  expect(await stillRunningAfter([runner, ...workers], 3000)).toEqual([]);
});
