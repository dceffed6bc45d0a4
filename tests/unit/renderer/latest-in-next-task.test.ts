// Many pushes before the next task become one apply of the latest value, never applied in the
// pushing task itself; after close nothing is applied.
import { describe, expect, it } from 'vitest';
import { latestInNextTask } from '../../../src-renderer/src/lib/latest-in-next-task.ts';

/** Resolves after the tasks already posted have run (a timer fires after a posted message). */
const nextTasks = () => new Promise((r) => setTimeout(r, 10));

describe('latest in next task', () => {
  it('applies only the latest of the values pushed in one task, and not in that task', async () => {
    const applied: number[] = [];
    const f = latestInNextTask<number>((v) => applied.push(v));
    f.push(1);
    f.push(2);
    f.push(3);
    await Promise.resolve(); // microtasks of the pushing task: still nothing
    expect(applied).toEqual([]);
    await nextTasks();
    expect(applied).toEqual([3]);
    f.push(4);
    await nextTasks();
    expect(applied).toEqual([3, 4]);
    f.close();
  });

  it('applies nothing after close', async () => {
    const applied: number[] = [];
    const f = latestInNextTask<number>((v) => applied.push(v));
    f.push(1);
    f.close();
    f.push(2);
    await nextTasks();
    expect(applied).toEqual([]);
  });
});
