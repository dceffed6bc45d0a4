// Python's time.monotonic_ns() and Node's process.hrtime.bigint() are one clock
// (CLOCK_MONOTONIC on Linux), so Python spans and Node spans share a timeline.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runPythonTrialWith } from '../../../src-main/engine/python/python-runner.ts';
import { pyTrial } from './helpers.ts';

describe.skipIf(process.platform !== 'linux')('the shared clock', () => {
  it('puts a Python reading between two Node readings taken around it', () => {
    const before = process.hrtime.bigint();
    const python = BigInt(execFileSync('python3', ['-c', 'import time; print(time.monotonic_ns())'], { encoding: 'utf8' }).trim());
    const after = process.hrtime.bigint();
    expect(python > before && python < after).toBe(true);
  });

  it('places a trial\'s t0 and its spans inside the Node time around the trial', async () => {
    const ctx = pyTrial('py-threading', { kind: 'sleep', ms: 2 }, { tasks: 4, concurrency: 2 });
    let t0Ns = 0;
    const before = Number(process.hrtime.bigint());
    const outcome = await runPythonTrialWith(ctx, { onStarted: (s) => (t0Ns = s.t0Ns) });
    const after = Number(process.hrtime.bigint());
    ctx.cleanup();
    expect(outcome.status).toBe('ok');
    expect(t0Ns).toBeGreaterThan(before);
    for (const s of outcome.spans.toSpans()) {
      // Absolute again: t0 + the span's offset lies in the window Node saw.
      expect(t0Ns + s.startMs * 1e6).toBeGreaterThan(before);
      expect(t0Ns + s.endMs * 1e6).toBeLessThan(after);
    }
  });
});
