// A real service for tests: the real engine and a real SQLite file in a temp dir, a tiny
// experiment (sleep 1 ms × 4 tasks, threads at k = 1, 2, one repetition, no warm-up), and
// a way to wait for a run's end through the contract's own progress events.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabApi } from '../../../src-shared/contract.ts';
import type { ExperimentInput } from '../../../src-shared/experiment.ts';
import type { ProgressEvent } from '../../../src-shared/result.ts';
import { createLabService, type LabService } from '../../../src-main/service/lab-service.ts';
import { LabStore } from '../../../src-main/store/index.ts';

export const TINY: ExperimentInput = {
  name: 'tiny',
  workload: { kind: 'sleep', ms: 1 },
  tasks: 4,
  models: ['threads'],
  concurrency: [1, 2],
  repetitions: 1,
  warmup: 0,
};

/**
 * Long enough to be cancelled mid-run: 20 tasks of 50 ms one at a time, first in-process
 * (the sequential baseline), then in a child process.
 */
export const LONG: ExperimentInput = {
  name: 'long',
  workload: { kind: 'sleep', ms: 50 },
  tasks: 20,
  models: ['processes'],
  concurrency: [1],
  repetitions: 1,
  warmup: 0,
};

export interface LabFixture {
  dir: string;
  dbFile: string;
  store: LabStore;
  service: LabService;
  /** Every progress event the service emitted, in order. */
  events: ProgressEvent[];
  cleanup(): Promise<void>;
}

export function openLab(): LabFixture {
  const dir = mkdtempSync(join(tmpdir(), 'lab-service-test-'));
  const dbFile = join(dir, 'lab.db');
  const store = LabStore.open(dbFile);
  const service = createLabService({ store });
  const events: ProgressEvent[] = [];
  service.onProgress((batch) => events.push(...batch));
  return {
    dir,
    dbFile,
    store,
    service,
    events,
    async cleanup() {
      await service.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the run-finished event of `runId`, as heard through `api.onProgress`. */
export function finished(api: Pick<LabApi, 'onProgress'>, runId: () => string | undefined): Promise<Extract<ProgressEvent, { type: 'run-finished' }>> {
  return new Promise((resolve) => {
    const stop = api.onProgress((events) => {
      for (const e of events) {
        if (e.type === 'run-finished' && e.runId === runId()) {
          stop();
          resolve(e);
        }
      }
    });
  });
}

/** A task finished in a child process: its pid is not this process's. */
export function inChild(e: ProgressEvent): boolean {
  return e.type === 'tasks' && e.spans.some((s) => s.pid !== undefined && s.pid !== process.pid);
}

/** Resolves with the first event that matches. */
export function firstEvent(api: Pick<LabApi, 'onProgress'>, match: (e: ProgressEvent) => boolean): Promise<ProgressEvent> {
  return new Promise((resolve) => {
    const stop = api.onProgress((events) => {
      const hit = events.find(match);
      if (hit) {
        stop();
        resolve(hit);
      }
    });
  });
}
