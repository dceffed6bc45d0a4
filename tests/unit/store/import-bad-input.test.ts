import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabStore } from '../../../src-main/store/index.ts';
import { makeRun, recordRun, tempDir } from './fixtures/make-run.ts';
import { thrownStoreError } from './fixtures/thrown-store-error.ts';

const tmp = tempDir();
let store: LabStore;
let file: string;
const existing = makeRun({ seed: 1 });

beforeAll(() => {
  file = tmp.file('bad-imports.db');
  store = LabStore.open(file);
  recordRun(store, existing);
});
afterAll(() => {
  store.close();
  tmp.remove();
});

const doc = (runs: unknown[], over: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'concurrency-lab', version: 1, exportedAt: '2026-11-26T10:00:00.000Z', runs, ...over });

/** A fresh, valid run as plain JSON data, to break one field of. */
const fresh = (seed = 2) => JSON.parse(JSON.stringify(makeRun({ seed }))) as Record<string, any>;

/** The import fails with this text in its message, and the database is exactly as before. */
function expectRefused(content: string, text: string | RegExp) {
  const before = { list: store.listRuns(), run: store.getRun(existing.runId) };
  const error = thrownStoreError(() => store.importRuns(content));
  expect(error.code).toBe('import-failed');
  if (typeof text === 'string') expect(error.message).toContain(text);
  else expect(error.message).toMatch(text);
  expect(store.listRuns()).toEqual(before.list);
  expect(store.getRun(existing.runId)).toEqual(before.run);
}

describe('importing a bad file changes nothing and says what is wrong', () => {
  it('an empty file', () => expectRefused('  \n', 'the file is empty'));

  it('truncated JSON', () => {
    const content = doc([fresh()]);
    expectRefused(content.slice(0, Math.floor(content.length / 2)), /not valid JSON \(.*\); is the file complete\?/);
  });

  it('JSON that is not an object', () => {
    expectRefused('[1, 2, 3]', 'expected a Concurrency Lab export');
    expectRefused('42', 'expected a Concurrency Lab export');
  });

  it('another format', () => expectRefused(doc([fresh()], { format: 'pytest-benchmark' }), 'format: expected "concurrency-lab", got "pytest-benchmark"'));

  it('a wrong version', () => expectRefused(doc([fresh()], { version: 2 }), 'version: this file is version 2; this Concurrency Lab reads version 1'));

  it('no runs', () => expectRefused(doc([]), 'runs: expected at least one run'));

  it('a trial missing a field, named by its path', () => {
    const run = fresh();
    delete run.trials[3].wallMs;
    expectRefused(doc([run]), 'runs[0].trials[3].wallMs: expected number');
  });

  it('a field of the wrong type', () => {
    const run = fresh();
    run.trials[1].spans[2].startMs = '12.5';
    expectRefused(doc([run]), 'runs[0].trials[1].spans[2].startMs: expected number, got string');
  });

  it('a value outside its set', () => {
    const run = fresh();
    run.trials[0].status = 'great';
    expectRefused(doc([run]), 'runs[0].trials[0].status: expected one of "ok", "failed", "timeout", "cancelled"');
  });

  it('a spec that fails the experiment schema, with the schema’s own message', () => {
    const run = fresh();
    run.experiment.concurrency = [0];
    expectRefused(doc([run]), 'runs[0].experiment.concurrency[0]: must be an integer from 1 to 512');
  });

  it('the same trial twice', () => {
    const run = fresh();
    run.trials[4].index = 2;
    expectRefused(doc([run]), 'runs[0].trials[4].index: trial 2 appears twice (also trials[2])');
  });

  it('the same run twice in one file', () => {
    expectRefused(doc([fresh(3), fresh(3)]), 'runs[1].runId: run-3-0000-4000-8000-000000000003 appears twice (also runs[0])');
  });

  it('a bad run anywhere: the good runs before it are not imported either (all or nothing)', () => {
    const bad = fresh(5);
    bad.machine.logicalCores = 'many';
    expectRefused(doc([fresh(4), bad]), 'runs[1].machine.logicalCores: expected number, got string');
    expect(() => store.getRun(fresh(4).runId)).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('a bare run result with a broken field, named from the run', () => {
    const run = fresh();
    delete run.trials[3].wallMs;
    expectRefused(JSON.stringify(run), /(^|\n)trials\[3\]\.wallMs: expected number/);
  });

  it('many problems: the first few, and how many more', () => {
    const run = fresh();
    for (const t of run.trials) delete t.cpuMs;
    expectRefused(doc([run]), /runs\[0\]\.trials\[0\]\.cpuMs: expected number\n[\s\S]*…and \d+ more/);
  });

  it('writes not a byte for a refused import (database and its WAL)', () => {
    const bytes = () => Buffer.concat([readFileSync(file), readFileSync(`${file}-wal`)]);
    const before = bytes();
    const run = fresh();
    delete run.runId;
    expect(() => store.importRuns(doc([run]))).toThrow(/runs\[0\]\.runId/);
    expect(bytes().equals(before)).toBe(true);
  });
});
