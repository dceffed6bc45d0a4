// Progress reaches a page through a real EventSource (token in the URL, since EventSource
// cannot send headers): batched arrays of events, every span of the run among them.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import type { ProgressEvent } from '../../../src-shared/result.ts';
import { TINY } from '../service/lab-fixture.ts';
import { serveLab } from './server-fixture.ts';

const served = serveLab();

it('delivers a run to an EventSource subscriber', async () => {
  const listener = spawn(
    process.execPath,
    ['--experimental-eventsource', '--no-warnings', fileURLToPath(new URL('./fixtures/eventsource-listener.ts', import.meta.url)), served.server.origin, served.server.token],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    while (served.server.eventStreams === 0) await new Promise((r) => setTimeout(r, 10));
    const batches: ProgressEvent[][] = [];
    const lines = createInterface({ input: listener.stdout! });
    const started = await served.lab.service.startRun(TINY);
    expect(started.ok).toBe(true);
    const runId = started.ok ? started.value.runId : '';
    for await (const line of lines) {
      batches.push(JSON.parse(line) as ProgressEvent[]);
      if (batches.flat().some((e) => e.type === 'run-finished' && e.runId === runId)) break;
    }
    const events = batches.flat();
    expect(events[0]).toMatchObject({ type: 'run-started', runId });
    expect(events.filter((e) => e.type === 'trial-finished')).toHaveLength(3);
    expect(events.flatMap((e) => (e.type === 'tasks' ? e.spans : []))).toHaveLength(12);
    expect(batches.every((b) => Array.isArray(b) && b.length > 0)).toBe(true);
  } finally {
    listener.kill();
  }
});
