// The history store's speed: writing a million spans (the chosen packed-column layout
// beside a row-per-span WITHOUT ROWID table, measured side by side), reading them back,
// listing a page of 10,000 runs, comparing two runs of 100 trials, and bytes per span.
// Goals (issue 3): 1M spans written in under 1 s, the list in under 20 ms.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Span, TrialResult } from '../src-shared/result.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, LabStore } from '../src-main/store/index.ts';
import { makeRun, makeSpans, makeSpec, makeTrial, seeded } from '../tests/unit/store/fixtures/make-run.ts';

const SPANS = 1_000_000;
const TRIALS = 100;
const PER_TRIAL = SPANS / TRIALS;
const RUNS = 10_000;

const dir = mkdtempSync(join(tmpdir(), 'lab-store-bench-'));
const rows: [string, string][] = [];
const report = (what: string, value: string) => {
  rows.push([what, value]);
  console.log(`${what.padEnd(46)} ${value}`);
};

function medianMs(times: number, fn: () => void): number {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)];
}

/** Bytes of the database once its WAL is folded in. */
function fileBytes(file: string): number {
  return statSync(file).size;
}

try {
  // ---- 1M spans, chosen layout: one packed BLOB of columns per trial, one transaction per trial ----
  const rand = seeded(7);
  const trials: TrialResult[] = [];
  for (let i = 0; i < TRIALS; i++) {
    const t = makeTrial(i, 'threads', 8, i, rand);
    t.spans = makeSpans(PER_TRIAL, 8, rand, 'threads');
    trials.push(t);
  }
  const packedFile = join(dir, 'packed.db');
  const store = LabStore.open(packedFile);
  const run = makeRun({ seed: 1, trials: [] });
  store.startRun({ runId: run.runId, name: run.name, experiment: run.experiment, machine: run.machine, startedAt: run.startedAt });
  let t0 = performance.now();
  for (const t of trials) store.saveTrial(run.runId, t);
  const packedMs = performance.now() - t0;
  store.finishRun(run.runId, { status: 'completed', endedAt: new Date().toISOString(), summary: [] });
  report('write 1M spans, packed columns (chosen)', `${packedMs.toFixed(0)} ms (goal < 1000)`);

  t0 = performance.now();
  const back = store.getRun(run.runId);
  const readMs = performance.now() - t0;
  if (back.trials.reduce((n, t) => n + t.spans.length, 0) !== SPANS) throw new Error('spans lost');
  report('read 1M spans back (getRun)', `${readMs.toFixed(0)} ms`);
  store.close();
  const packedBytes = fileBytes(packedFile) / SPANS;
  report('database bytes per span, packed columns', packedBytes.toFixed(1));

  // ---- the same 1M spans as rows: WITHOUT ROWID, integer µs, one transaction per trial ----
  const rowsFile = join(dir, 'rows.db');
  const db = new Database(rowsFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE spans (
    trial INTEGER NOT NULL, task INTEGER NOT NULL, worker INTEGER NOT NULL,
    start_us INTEGER NOT NULL, end_us INTEGER NOT NULL, pid INTEGER, thread INTEGER, cpu INTEGER,
    PRIMARY KEY (trial, task)) WITHOUT ROWID`);
  const insert = db.prepare('INSERT INTO spans VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const saveRows = db.transaction((trial: number, spans: Span[]) => {
    for (const s of spans) {
      insert.run(trial, s.task, s.worker, Math.round(s.startMs * 1000), Math.round(s.endMs * 1000), s.pid ?? null, s.thread ?? null, s.cpu ?? null);
    }
  });
  t0 = performance.now();
  trials.forEach((t, i) => saveRows.immediate(i, t.spans));
  const rowsMs = performance.now() - t0;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  report('write 1M spans, WITHOUT ROWID rows (compared)', `${rowsMs.toFixed(0)} ms`);
  const rowBytes = fileBytes(rowsFile) / SPANS;
  report('database bytes per span, WITHOUT ROWID rows', rowBytes.toFixed(1));
  report('packed vs rows', `${(rowsMs / packedMs).toFixed(1)}x faster, ${(rowBytes / packedBytes).toFixed(1)}x smaller`);

  // ---- list a page of 50 out of 10,000 runs ----
  const listFile = join(dir, 'list.db');
  const many = LabStore.open(listFile);
  const spec = makeSpec({ models: ['threads'], concurrency: [2], repetitions: 1 });
  const base = makeRun({ seed: 2, experiment: spec });
  const runs = Array.from({ length: RUNS }, (_, i) => ({
    ...base,
    runId: `r${String(i).padStart(6, '0')}-0000-4000-8000-000000000000`,
    name: `run ${i}`,
    startedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    tags: i % 10 === 0 ? ['nightly'] : [],
    experiment: i % 2 ? spec : { ...spec, workload: { kind: 'sleep' as const, ms: 5 } },
  }));
  t0 = performance.now();
  many.importRuns(JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, runs }));
  report(`import ${RUNS} runs (one transaction, validated)`, `${(performance.now() - t0).toFixed(0)} ms`);
  const listMs = medianMs(21, () => many.listRuns({ limit: 50 }));
  report(`list newest 50 of ${RUNS} runs`, `${listMs.toFixed(2)} ms (goal < 20)`);
  report(`list a page at offset 5000 of ${RUNS}`, `${medianMs(21, () => many.listRuns({ limit: 50, offset: 5000 })).toFixed(2)} ms`);
  report(`list filtered by text (scans all ${RUNS})`, `${medianMs(21, () => many.listRuns({ text: 'run 12' })).toFixed(2)} ms`);
  report('list filtered (text + workload + tag)', `${medianMs(21, () => many.listRuns({ text: 'run 1', workload: 'primes', tag: 'nightly' })).toFixed(2)} ms`);
  many.close();

  // ---- compare two runs of 100 trials ----
  const cmpFile = join(dir, 'compare.db');
  const cmp = LabStore.open(cmpFile);
  const cmpSpec = makeSpec({ models: ['threads'], concurrency: [2, 4, 8], repetitions: 25 });
  const ids: string[] = [];
  for (const seed of [3, 4]) {
    const r = makeRun({ seed, experiment: cmpSpec, spansPerTrial: 100 });
    if (r.trials.length !== 100) throw new Error(`expected 100 trials, made ${r.trials.length}`);
    cmp.importRuns(JSON.stringify(r));
    ids.push(r.runId);
  }
  report('compare two runs of 100 trials', `${medianMs(11, () => cmp.compareRuns(ids)).toFixed(2)} ms`);
  cmp.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
