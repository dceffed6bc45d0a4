// kill -9 of the lab while a process-based model's tasks never yield (primes below 10⁹:
// pure arithmetic, no await, for minutes) leaves no process behind: every child and
// grandchild ends by itself within seconds, not at 100% CPU with PPID 1. A Node child's
// 'disconnect' handler cannot run then (its event loop is blocked), so this is the case
// that tells whether a child watches its parent off the JS thread.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { exitOf } from '../cli/cli-helpers.ts';
import { cpuSeconds, descendants, stillRunningAfter } from '../helpers/processes.ts';

const FIXTURE = new URL('./fixtures/parent-of-busy-trial.ts', import.meta.url).pathname;
/** A worker that has used this much CPU is inside its task: start-up alone costs under half of it. */
const BUSY_CPU_S = 0.8;
/** How long a child may take to notice its parent is gone (it checks a few times a second). */
const GRACE_MS = 10_000;

/** Every pid a test started, directly or below: a failed test must not leave its orphans to heat the machine. */
const started = new Set<number>();
afterEach(() => {
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone: the test passed
    }
  }
  started.clear();
});

/** Waits until at least `count` processes under `root` are busy inside a task; returns the whole tree then. */
async function busyTree(root: number, count: number, output: () => string): Promise<number[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const tree = descendants(root);
    for (const pid of tree) started.add(pid);
    if (tree.filter((pid) => cpuSeconds(pid) >= BUSY_CPU_S).length >= count) return tree;
    if (Date.now() > deadline) throw new Error(`no ${count} busy workers under ${root} after 60 s: ${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function killAndCheck(parent: ChildProcess, tree: number[]): Promise<void> {
  expect(await stillRunningAfter(tree, 0), 'the whole tree runs before the kill').toEqual(tree);
  const exited = exitOf(parent);
  parent.kill('SIGKILL');
  expect((await exited).signal).toBe('SIGKILL');
  expect(await stillRunningAfter(tree, GRACE_MS), 'processes left running after the parent died').toEqual([]);
}

interface Case {
  name: string;
  model: 'processes' | 'py-multiprocessing';
  startMethod?: 'spawn' | 'fork' | 'forkserver';
}
const CASES: Case[] = [
  { name: 'processes', model: 'processes' },
  ...(['spawn', 'fork', 'forkserver'] as const).map((startMethod) => ({ name: `py-multiprocessing (${startMethod})`, model: 'py-multiprocessing' as const, startMethod })),
];

describe.skipIf(process.platform !== 'linux')('kill -9 of the parent during a task that never yields', () => {
  it.each(CASES)('$name: every child ends with its parent', async ({ model, startMethod }) => {
    const parent = spawn(process.execPath, [FIXTURE, model, ...(startMethod ? [startMethod] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    started.add(parent.pid!);
    let output = '';
    parent.stderr!.on('data', (d) => (output += d));
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: parent.stdout! }).once('line', () => resolve());
      parent.once('exit', () => reject(new Error(`the parent exited before its trial ran: ${output}`)));
    });
    const tree = await busyTree(parent.pid!, 2, () => output);
    // processes: the two children; py-multiprocessing: the runner, its two workers and
    // whatever helpers the start method adds (forkserver, resource tracker).
    expect(tree.length).toBeGreaterThanOrEqual(model === 'processes' ? 2 : 3);
    await killAndCheck(parent, tree);
  });
});
