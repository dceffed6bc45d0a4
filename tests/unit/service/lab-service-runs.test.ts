// The service runs one experiment at a time in the background, saves every finished trial
// as it goes, and cancels cleanly (on cancelRun and on close) leaving no child behind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../src-shared/result.ts';
import { LabStore } from '../../../src-main/store/index.ts';
import { finished, firstEvent, inChild, LONG, openLab, TINY, type LabFixture } from './lab-fixture.ts';
import { isAlive } from '../helpers/processes.ts';

let lab: LabFixture;
beforeEach(() => {
  lab = openLab();
});
afterEach(async () => {
  await lab.cleanup();
});

describe('service runs', () => {
  it('returns the run id at once, streams progress, and saves the finished run', async () => {
    let runId: string | undefined;
    const end = finished(lab.service, () => runId);
    const started = await lab.service.startRun(TINY);
    expect(started.ok).toBe(true);
    runId = started.ok ? started.value.runId : undefined;
    const active = await lab.service.getActiveRun();
    expect(active.ok && active.value?.runId).toBe(runId);

    expect((await end).status).toBe('completed');
    const types = lab.events.filter((e) => e.runId === runId).map((e) => e.type);
    expect(types[0]).toBe('run-started');
    expect(types.at(-1)).toBe('run-finished');
    expect(types.filter((t) => t === 'trial-finished')).toHaveLength(3); // sequential@1, threads@1, threads@2

    const saved = await lab.service.getRun(runId!);
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect(saved.value.status).toBe('completed');
    expect(saved.value.trials.map((t) => `${t.model}@${t.concurrency}`).sort()).toEqual(['sequential@1', 'threads@1', 'threads@2']);
    expect(saved.value.trials.every((t) => t.spanCount === 4)).toBe(true);
    expect(await lab.service.getActiveRun()).toEqual({ ok: true, value: null });
  });

  it('refuses a second run while one is going (busy), and deleting the running one', async () => {
    const first = await lab.service.startRun(LONG);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(await lab.service.startRun(TINY)).toMatchObject({ ok: false, code: 'busy' });
    expect(await lab.service.deleteRun(first.value.runId)).toMatchObject({ ok: false, code: 'busy' });
    const end = finished(lab.service, () => first.value.runId);
    expect(await lab.service.cancelRun(first.value.runId)).toEqual({ ok: true, value: { cancelled: true } });
    expect((await end).status).toBe('cancelled');
  });

  it('cancelRun ends the run, keeps it in history as cancelled, and leaves no child process', async () => {
    let runId: string | undefined;
    const firstTask = firstEvent(lab.service, (e) => e.runId === runId && inChild(e));
    const end = finished(lab.service, () => runId);
    const started = await lab.service.startRun(LONG);
    runId = started.ok ? started.value.runId : undefined;
    const tasks = (await firstTask) as Extract<ProgressEvent, { type: 'tasks' }>;
    const childPids = [...new Set(tasks.spans.map((s) => s.pid!).filter((pid) => pid !== process.pid))];
    expect(childPids.length).toBeGreaterThan(0);

    expect(await lab.service.cancelRun(runId!)).toEqual({ ok: true, value: { cancelled: true } });
    expect((await end).status).toBe('cancelled');
    await lab.service.cancelActiveRun();
    expect(childPids.filter(isAlive)).toEqual([]);
    const saved = await lab.service.getRun(runId!);
    expect(saved.ok && saved.value.status).toBe('cancelled');
    // Cancelling what is no longer running is a no-op; an unknown run is an error.
    expect(await lab.service.cancelRun(runId!)).toEqual({ ok: true, value: { cancelled: false } });
    expect(await lab.service.cancelRun('no-such-run')).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('close() cancels the active run and waits for it: saved as cancelled, children gone, no new runs', async () => {
    let runId: string | undefined;
    const firstTask = firstEvent(lab.service, (e) => e.runId === runId && inChild(e));
    const started = await lab.service.startRun(LONG);
    runId = started.ok ? started.value.runId : undefined;
    const tasks = (await firstTask) as Extract<ProgressEvent, { type: 'tasks' }>;
    const childPids = [...new Set(tasks.spans.map((s) => s.pid!).filter((pid) => pid !== undefined && pid !== process.pid))];
    expect(childPids.length).toBeGreaterThan(0);

    await lab.service.close();
    expect(await lab.service.getActiveRun()).toEqual({ ok: true, value: null });
    expect(childPids.filter(isAlive)).toEqual([]);
    expect(await lab.service.startRun(TINY)).toMatchObject({ ok: false, code: 'unavailable' });
    lab.store.close();
    const reopened = LabStore.open(lab.dbFile);
    try {
      expect(reopened.getRun(runId!).status).toBe('cancelled');
    } finally {
      reopened.close();
    }
    lab.store = LabStore.open(lab.dbFile);
  });
});

describe('service runs, back to back', () => {
  it('takes the next run as soon as the previous one is heard to finish', async () => {
    let runId: string | undefined;
    const next = new Promise<unknown>((resolve) => {
      const stop = lab.service.onProgress((events) => {
        if (events.some((e) => e.type === 'run-finished' && e.runId === runId)) {
          stop();
          resolve(lab.service.startRun(TINY));
        }
      });
    });
    const started = await lab.service.startRun(TINY);
    runId = started.ok ? started.value.runId : undefined;
    const second = (await next) as Awaited<ReturnType<typeof lab.service.startRun>>;
    expect(second.ok).toBe(true); // afterEach's close() cancels it
  });
});
