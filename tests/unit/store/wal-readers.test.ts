import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { LabStore } from '../../../src-main/store/index.ts';
import { makeRun, tempDir } from './fixtures/make-run.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());

interface ReaderReport {
  reads: number;
  problems: string[];
}

describe('readers while a writer saves (WAL)', () => {
  it('never see a half-written trial: every trial they see has all its spans, in order', async () => {
    const file = tmp.file('wal.db');
    const spansPerTrial = 5000;
    const run = makeRun({ seed: 21, spansPerTrial });
    const store = LabStore.open(file);
    const readers = [0, 1].map(
      () =>
        new Worker(new URL('./fixtures/reader-worker.ts', import.meta.url), {
          workerData: { file, runId: run.runId, trials: run.trials.length, spansPerTrial },
        }),
    );
    const ready = readers.map((w) => new Promise((resolve) => w.once('message', resolve)));
    const reports = readers.map(
      (w) =>
        new Promise<ReaderReport>((resolve, reject) => {
          w.on('message', (m) => m !== 'ready' && resolve(m as ReaderReport));
          w.once('error', reject);
        }),
    );
    // Write only once both readers are polling, or they would only ever see the end.
    await Promise.all(ready);

    store.startRun({ runId: run.runId, name: run.name, experiment: run.experiment, machine: run.machine, startedAt: run.startedAt });
    for (const t of run.trials) {
      store.saveTrial(run.runId, t);
      // Let the readers' threads get a look in between commits.
      await new Promise((r) => setTimeout(r, 1));
    }
    store.finishRun(run.runId, { status: 'completed', endedAt: run.endedAt!, summary: run.summary });

    for (const report of await Promise.all(reports)) {
      expect(report.problems).toEqual([]);
      expect(report.reads).toBeGreaterThan(0);
    }
    store.close();
  });
});
