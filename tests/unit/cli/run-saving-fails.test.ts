// `concurrency-lab run` on a disk that fills up. Real faults on a 5 MB tmpfs: full before
// the run (refused, exit 2, nothing measured) and filled by another writer in the middle
// of it (the run stops, exit 1, the history keeps what it could and says so, and the
// --json file holds every measured trial).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../../src-shared/result.ts';
import { LabStore } from '../../../src-main/store/index.ts';
import { IS_ROOT, mountTmpfs, type Tmpfs } from '../helpers/tmpfs.ts';
import { tempDir } from '../store/fixtures/make-run.ts';
import { exitOf, runCli, spawnCli } from './cli-helpers.ts';

const SPEC = {
  name: 'fills the disk',
  workload: { kind: 'sleep', ms: 40 },
  tasks: 2,
  models: ['async'],
  concurrency: [1, 2],
  repetitions: 3,
  warmup: 0,
};

let fs: Tmpfs | undefined;
const tmp = tempDir();
afterEach(() => {
  fs?.remove();
  fs = undefined;
});

describe.skipIf(!IS_ROOT)('concurrency-lab run on a disk that fills up', () => {
  it('full before the run: refuses with the file and the reason, before measuring anything', async () => {
    fs = mountTmpfs('5m');
    const db = fs.file('lab.db');
    LabStore.open(db).close();
    fs.fill();
    const spec = tmp.file('spec.json');
    writeFileSync(spec, JSON.stringify(SPEC));
    const { code, stdout, stderr } = await runCli(['run', spec, '--db', db]);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`cannot save runs: ${db} cannot (be written: the disk is full|take this run)`));
    expect(stdout).not.toMatch(/trial/);
  });

  it('filled during the run: stops, exits 1, keeps and reports what it could; --json holds every measured trial', async () => {
    fs = mountTmpfs('5m');
    const db = fs.file('lab.db');
    LabStore.open(db).close();
    const spec = tmp.file('spec.json');
    const json = tmp.file('result.json');
    writeFileSync(spec, JSON.stringify(SPEC));
    // Another program fills the disk once the first trial is in the history.
    const watcher = new Database(db, { readonly: true });
    let filler = '';
    const poll = setInterval(() => {
      if (!filler && (watcher.prepare('SELECT count(*) FROM trials').pluck().get() as number) >= 1) filler = fs!.fill();
    }, 2);
    // The real bin in its own process: when it exits, a run it could not end is left to the next open.
    const child = spawnCli(['run', spec, '--db', db, '--json', json]);
    const { code } = await exitOf(child);
    const stderr = child.output();
    clearInterval(poll);
    watcher.close();
    expect(filler).not.toBe('');

    expect(code).toBe(1);
    const failed = /Run failed: saving failed, so the run was stopped: (.*)\. (\d+) of (\d+) measured trials were saved/.exec(stderr);
    expect(failed, stderr).not.toBeNull();
    expect(failed![1]).toContain(db);
    expect(failed![1]).toMatch(/disk is full/);
    const [saved, measured] = [Number(failed![2]), Number(failed![3])];
    expect(saved).toBeGreaterThanOrEqual(1);
    expect(measured).toBeGreaterThan(saved);
    expect(measured).toBeLessThan(9); // stopped: not every planned trial ran
    expect(stderr).toContain(`Kept ${saved} trials as run`);
    expect(stderr).toContain(`all ${measured} measured trials go to ${json}`);

    const result = JSON.parse(readFileSync(json, 'utf8')) as RunResult;
    expect(result.status).toBe('failed');
    expect(result.trials).toHaveLength(measured);

    rmSync(filler);
    const store = LabStore.open(db);
    const kept = store.getRun(result.runId);
    expect(kept.trials).toHaveLength(saved);
    expect(kept.summary.reduce((n, row) => n + row.trials, 0)).toBe(saved);
    // Its end could not be written either: the next open that can write finds its recorder gone.
    expect(kept.status).toBe('interrupted');
    store.close();
  });
});
