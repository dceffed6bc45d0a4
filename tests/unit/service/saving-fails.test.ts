// A run whose saving fails says so and never claims more than was kept. Real faults: a
// 5 MB tmpfs filled to the last byte before a run (refused up front, naming the file)
// and in the middle of one (the run stops as failed; the history, the event stream and
// getRun agree on the trials kept; the export still holds every measured trial).
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExperimentInput } from '../../../src-shared/experiment.ts';
import type { ProgressEvent, RunResult } from '../../../src-shared/result.ts';
import { createLabService, type LabService } from '../../../src-main/service/lab-service.ts';
import { LabStore } from '../../../src-main/store/index.ts';
import { IS_ROOT, mountTmpfs, type Tmpfs } from '../helpers/tmpfs.ts';
import { tempDir } from '../store/fixtures/make-run.ts';
import { finished } from './lab-fixture.ts';

/** 9 trials of 4 sleeping tasks: sequential@1 and async@1, @2, three repetitions each. */
const SMALL: ExperimentInput = {
  name: 'small',
  workload: { kind: 'sleep', ms: 5 },
  tasks: 4,
  models: ['async'],
  concurrency: [1, 2],
  repetitions: 3,
  warmup: 0,
};

let fs: Tmpfs | undefined;
let store: LabStore | undefined;
let service: LabService | undefined;
afterEach(async () => {
  await service?.close();
  store?.close();
  fs?.remove();
  fs = store = service = undefined;
});

function openOn(size: string): { file: string; events: ProgressEvent[] } {
  fs = mountTmpfs(size);
  const file = fs.file('lab.db');
  store = LabStore.open(file);
  service = createLabService({ store });
  const events: ProgressEvent[] = [];
  service.onProgress((batch) => events.push(...batch));
  return { file, events };
}

describe.skipIf(!IS_ROOT)('a disk that fills up', () => {
  it('before a run: startRun refuses, naming the file and the reason, and nothing runs', async () => {
    const { file, events } = openOn('5m');
    fs!.fill();
    const started = await service!.startRun(SMALL);
    expect(started).toMatchObject({ ok: false, code: 'store-error' });
    expect(!started.ok && started.message).toContain(`${file} cannot`);
    expect(!started.ok && started.message).toMatch(/disk is full|disk has \d+ KiB free/);
    expect(events).toEqual([]);
    expect(await service!.getActiveRun()).toEqual({ ok: true, value: null });
  });

  it('a read-only file system: startRun refuses before anything runs, naming the file and the reason', async () => {
    const { file, events } = openOn('5m');
    store!.close();
    fs!.readOnly(true);
    store = LabStore.open(file);
    service = createLabService({ store });
    service.onProgress((batch) => events.push(...batch));
    const started = await service.startRun(SMALL);
    expect(started).toMatchObject({ ok: false, code: 'store-error', message: `${file} cannot be written: the file system is read-only. Nothing was changed.` });
    expect(events).toEqual([]);
    expect(await service.listRuns()).toMatchObject({ ok: true, value: { total: 0 } });
  });

  it('during a run: the run stops as failed, and every view says how many trials were kept', async () => {
    const { file, events } = openOn('5m');
    let runId: string | undefined;
    let filler = '';
    // Once the first trial is saved, another program takes the rest of the disk.
    service!.onProgress((batch) => {
      if (!filler && batch.some((e) => e.type === 'trial-finished' && !e.warmup)) filler = fs!.fill();
    });
    const end = finished(service!, () => runId);
    const started = await service!.startRun(SMALL);
    expect(started.ok).toBe(true);
    runId = started.ok ? started.value.runId : undefined;
    const last = await end;

    // The event stream: failed, with the file, the reason and the count.
    expect(last.status).toBe('failed');
    expect(last.error).toContain(file);
    expect(last.error).toMatch(/saving failed, so the run was stopped: .*disk is full.*\. 1 of 2 measured trials were saved/);
    expect(last.summary.reduce((n, row) => n + row.trials, 0)).toBe(1);
    // The run stopped: no trial after the one that could not be saved.
    expect(events.filter((e) => e.type === 'trial-finished' && e.runId === runId)).toHaveLength(2);

    // getRun: what the history holds, never more, even though its end could not be written.
    const got = await service!.getRun(runId!);
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    expect(got.value).toMatchObject({ status: 'failed', error: last.error, trials: { length: 1 } });
    expect(got.value.summary).toEqual(last.summary);
    const listed = await service!.listRuns();
    expect(listed.ok && listed.value.runs[0]).toMatchObject({ runId, status: 'failed' });

    // The export holds every measured trial, and this lab's importer takes it.
    const exported = await service!.exportRuns({ runIds: [runId!], format: 'json' });
    expect(exported.ok).toBe(true);
    if (!exported.ok) return;
    const run = (JSON.parse(exported.value.content) as { runs: RunResult[] }).runs[0];
    expect(run).toMatchObject({ status: 'failed', error: last.error, trials: { length: 2 } });
    const elsewhere = tempDir();
    const other = LabStore.open(elsewhere.file('other.db'));
    expect(other.importRuns(exported.value.content).imported).toEqual([runId]);
    expect(other.getRun(runId!).trials).toHaveLength(2);
    other.close();
    elsewhere.remove();

    // Room again: the end is written, and a new open reads the run as the service showed it.
    rmSync(filler);
    store!.ensureWritable();
    // The first read through the service writes the end that could not be written, findRun's too.
    expect(await service!.findRun(runId!)).toMatchObject({ ok: true, value: { runId, status: 'failed' } });
    const reader = LabStore.open(file);
    expect(reader.findRun(runId!)).toMatchObject({ runId, status: 'failed' });
    reader.close();
    await service!.close();
    store!.close();
    const reopened = LabStore.open(file);
    const after = reopened.getRun(runId!);
    expect(after.trials).toHaveLength(1);
    expect(after).toMatchObject({ status: 'failed', error: last.error });
    expect(after.summary.reduce((n, row) => n + row.trials, 0)).toBe(1);
    reopened.close();
  });
});
