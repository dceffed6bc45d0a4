// startRun sets a spec against what this machine has free: one it cannot run is refused with
// the field and the numbers, a large one waits for { confirmed: true }, and getCapacity tells
// the Design view what is free.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finished, openLab, type LabFixture } from './lab-fixture.ts';

let lab: LabFixture;
beforeEach(() => {
  lab = openLab();
});
afterEach(async () => {
  await lab.cleanup();
});

// Years of work on any machine: 100 repetitions of 100,000 tasks of 10 s, one after another.
const YEARS = { workload: { kind: 'primes', taskMs: 10_000 }, tasks: 100_000, models: ['sequential'], concurrency: [1], repetitions: 100, warmup: 0 };
// About 16 minutes of sleeping, one task after another: large, but it can run.
const LARGE = { workload: { kind: 'sleep', ms: 1000 }, tasks: 1000, models: ['sequential'], concurrency: [1], repetitions: 1, warmup: 0 };

describe('service: resources before a run', () => {
  it('getCapacity: free memory and disk of this machine', async () => {
    const c = await lab.service.getCapacity();
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.value.freeMemoryBytes).toBeGreaterThan(0);
    expect(c.value.freeDiskBytes).toBeGreaterThan(0);
    expect(c.value.logicalCores).toBeGreaterThanOrEqual(1);
  });

  it('refuses a run that cannot finish, naming the field, and starts nothing', async () => {
    const r = await lab.service.startRun(YEARS, { confirmed: true });
    expect(r).toMatchObject({ ok: false, code: 'invalid-input', issues: [{ path: 'tasks', message: expect.stringMatching(/about 3 years; the lab runs at most 24 hours/) }] });
    expect(await lab.service.getActiveRun()).toEqual({ ok: true, value: null });
    expect(lab.events).toEqual([]);
  });

  it('asks before a large run, and starts it once confirmed', async () => {
    const asked = await lab.service.startRun(LARGE);
    expect(asked).toMatchObject({ ok: false, code: 'needs-confirmation', issues: [{ path: 'tasks', message: expect.stringMatching(/^the run would take about 1\d min/) }] });
    expect(await lab.service.getActiveRun()).toEqual({ ok: true, value: null });

    const started = await lab.service.startRun(LARGE, { confirmed: true });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const end = finished(lab.service, () => started.value.runId);
    await lab.service.cancelRun(started.value.runId);
    expect((await end).status).toBe('cancelled');
  });

  it('refuses options that are not { confirmed: boolean }', async () => {
    expect(await lab.service.startRun(LARGE, { confirmed: 'yes' } as never)).toMatchObject({ ok: false, code: 'invalid-input', issues: [{ path: 'confirmed' }] });
  });
});
