// A trial on threads of the lab's own process reports that process's peak over the trial,
// not over the process's life: otherwise one big trial's memory is charged to every later,
// smaller one (and the memory-heavy diagnosis names the wrong trial).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const MB = 2 ** 20;
const fixture = join(import.meta.dirname, 'fixtures/peak-after-big-trial.ts');

describe('peak RSS of an in-process trial', () => {
  it.runIf(process.platform === 'linux')('is the peak since the trial began, not the largest since the process began', () => {
    const r = spawnSync(process.execPath, ['--expose-gc', fixture], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const { big, small } = JSON.parse(r.stdout) as { big: number; small: number };
    expect(big).toBeGreaterThan(192 * MB);
    // A process-lifetime peak would read the big trial's 192 MB again here.
    expect(small).toBeGreaterThan(16 * MB);
    expect(small).toBeLessThan(big - 150 * MB);
  });
});
