// Import checks what a file says, not only its shape: times that cannot be (negative,
// ±1e308, spans that end before they start, a run that ends before it starts), trials
// the run's own spec could not have made, text past the limits of editing. A summary in
// the file is never shown: it is recomputed from the trials. A machine in a file never
// changes how the runs already here appear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabStore } from '../../../src-main/store/index.ts';
import { summarize } from '../../../src-shared/summary.ts';
import type { RunResult } from '../../../src-shared/result.ts';
import { makeMachine, makeRun, recordRun, tempDir } from './fixtures/make-run.ts';
import { thrownStoreError } from './fixtures/thrown-store-error.ts';

const tmp = tempDir();
let store: LabStore;
const existing = makeRun({ seed: 1 });

beforeAll(() => {
  store = LabStore.open(tmp.file('meaning.db'));
  recordRun(store, existing);
});
afterAll(() => {
  store.close();
  tmp.remove();
});

const doc = (runs: unknown[]) => JSON.stringify({ format: 'concurrency-lab', version: 1, runs });
/** A fresh, valid run as plain JSON data, to break one field of. */
const fresh = (seed = 2) => JSON.parse(JSON.stringify(makeRun({ seed }))) as Record<string, any>;

function expectRefused(run: Record<string, any>, text: string) {
  const before = store.listRuns();
  const error = thrownStoreError(() => store.importRuns(doc([run])));
  expect(error.code).toBe('import-failed');
  expect(error.message).toContain(text);
  expect(store.listRuns()).toEqual(before);
}

describe('import refuses values that cannot be measurements', () => {
  it('a negative time', () => {
    const run = fresh();
    run.trials[2].wallMs = -17;
    expectRefused(run, 'runs[0].trials[2].wallMs: must not be negative');
  });

  it('±1e308 times', () => {
    const run = fresh();
    run.trials[0].cpuMs = 1e308;
    run.trials[1].startupMs = -1e308;
    expectRefused(run, 'runs[0].trials[0].cpuMs: must be at most 10000000000 ms');
    expectRefused(run, 'runs[0].trials[1].startupMs: must not be negative');
  });

  it('a span that ends before it starts', () => {
    const run = fresh();
    run.trials[3].spans[1] = { ...run.trials[3].spans[1], startMs: 20, endMs: 5 };
    expectRefused(run, 'runs[0].trials[3].spans[1].endMs: ends before it starts (endMs < startMs)');
  });

  it('a run that ends before it starts', () => {
    const run = fresh();
    run.endedAt = '2020-01-01T00:00:00.000Z';
    expectRefused(run, 'runs[0].endedAt: ends before it starts (endedAt is before startedAt)');
  });

  it('an event-loop utilisation above 1, a utilisation sample above 1', () => {
    const run = fresh();
    run.trials[0].eventLoop = { delayP50Ms: 1, delayP99Ms: 2, delayMaxMs: 3, utilization: 7 };
    run.utilization[1].cores[0] = 3;
    expectRefused(run, 'runs[0].trials[0].eventLoop.utilization');
    expectRefused(run, 'runs[0].utilization[1].cores[0]');
  });
});

describe('import refuses trials the run’s own experiment could not have made', () => {
  it('a model absent from the spec', () => {
    const run = fresh();
    run.trials[4].model = 'py-threading';
    expectRefused(run, "runs[0].trials[4].model: py-threading is not a model of this run's experiment (threads, processes)");
  });

  it('a level absent from the spec, and a baseline at k > 1', () => {
    const run = fresh();
    run.trials[1].concurrency = 64;
    expectRefused(run, "runs[0].trials[1].concurrency: threads at k = 64 is not a cell of this run's experiment");
    const baseline = fresh();
    const i = baseline.trials.findIndex((t: { model: string }) => t.model === 'sequential');
    baseline.trials[i].concurrency = 2;
    expectRefused(baseline, `runs[0].trials[${i}].concurrency: sequential at k = 2 is not a cell`);
  });

  it('a repetition past the spec’s count, the same repetition twice, more spans than tasks', () => {
    const run = fresh();
    run.trials[0].repetition = 9;
    expectRefused(run, "runs[0].trials[0].repetition: 9 is past the experiment's 3 repetitions");
    const twice = fresh();
    twice.trials[5] = { ...twice.trials[0], index: twice.trials[5].index };
    expectRefused(twice, 'runs[0].trials[5]: repeats trials[0]');
    const spans = fresh();
    spans.trials[2].spans.push({ ...spans.trials[2].spans[0], task: 4 });
    expectRefused(spans, 'runs[0].trials[2].spans: 5 spans, but the experiment has 4 tasks per trial');
  });
});

describe('import applies the limits of editing', () => {
  it('5,000 tags of 200 characters, a tag over 40, 5 MB of notes, a name over 200', () => {
    const many = fresh();
    many.tags = Array.from({ length: 5000 }, (_, i) => `${i}`.padEnd(200, 'x'));
    expectRefused(many, 'runs[0].tags: must have at most 20 tags');
    const long = fresh();
    long.tags = ['ok', 'y'.repeat(41)];
    expectRefused(long, 'runs[0].tags[1]: must be at most 40 characters');
    const notes = fresh();
    notes.notes = 'n'.repeat(5_000_000);
    expectRefused(notes, 'runs[0].notes: must be at most 10000 characters');
    const name = fresh();
    name.name = 'a'.repeat(201);
    expectRefused(name, 'runs[0].name: must be at most 200 characters');
  });
});

describe('import never takes figures or machines on the file’s word', () => {
  it('a summary that contradicts the trials: the run keeps a summary of its trials', () => {
    const run = fresh(3);
    run.summary[1].wallMs.median = -1e308;
    run.summary[1].trials = 17;
    run.trials = run.trials.filter((t: { model: string }) => t.model !== 'processes');
    store.importRuns(doc([run]));
    const back = store.getRun(run.runId);
    expect(back.summary).toEqual(summarize(back.trials, back.machine.logicalCores));
    expect(back.summary.map((r) => r.model)).not.toContain('processes');
    expect(back.summary.every((r) => r.wallMs.median > 0)).toBe(true);
  });

  it('a machine with this machine’s fingerprint and other hardware gets its own identity; local runs look as before', () => {
    const before = store.listRuns({ text: existing.runId }).runs[0].machine;
    const fake: RunResult = makeRun({
      seed: 4,
      machine: makeMachine({ cpuModel: 'Fake CPU 9000', logicalCores: 64 }), // fingerprint 'fp-laptop', as the existing run's
    });
    store.importRuns(doc([fake]));
    expect(store.listRuns({ text: existing.runId }).runs[0].machine).toEqual(before);
    expect(store.getRun(existing.runId).machine).toEqual(existing.machine);
    const imported = store.getRun(fake.runId);
    expect(imported.machine).toMatchObject({ cpuModel: 'Fake CPU 9000', logicalCores: 64 });
    expect(imported.machine.fingerprint).not.toBe('fp-laptop');
    expect(imported.machine.fingerprint).toMatch(/^fp-laptop~[0-9a-f]{12}$/);
    expect(store.listRuns({ text: fake.runId }).runs[0].machine).toMatchObject({ cpuModel: 'Fake CPU 9000', logicalCores: 64 });
    // The same machine again keeps the fingerprint it came with.
    const same = makeRun({ seed: 5 });
    store.importRuns(doc([same]));
    expect(store.getRun(same.runId).machine.fingerprint).toBe('fp-laptop');
  });
});
