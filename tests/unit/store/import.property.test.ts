// Import under fuzzing (fast-check, seeded): a valid export with one to four fields
// mutated (numbers made negative, huge, NaN or text; spans reversed; trials moved to
// models and levels the spec lacks; ids repeated; tags and notes past the limits;
// summaries falsified; machines forged). Whatever the file says, import either refuses
// with a message that names where (and changes nothing) or keeps a run whose every
// figure is possible, whose trials fit its spec and whose summary is that of its trials.
// `npm run fuzz` runs this with many more cases (see tests/unit/helpers/property.ts).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabStore, StoreError } from '../../../src-main/store/index.ts';
import { cellsOf } from '../../../src-shared/experiment.ts';
import { HISTORY_LIMITS } from '../../../src-shared/limits.ts';
import type { RunResult } from '../../../src-shared/result.ts';
import { summarize } from '../../../src-shared/summary.ts';
import { propertyParams } from '../helpers/property.ts';
import { makeMachine, makeRun, recordRun, tempDir } from './fixtures/make-run.ts';

const tmp = tempDir();
let store: LabStore;
const local = makeRun({ seed: 1 });
beforeAll(() => {
  store = LabStore.open(tmp.file('fuzz.db'));
  recordRun(store, local);
});
afterAll(() => {
  store.close();
  tmp.remove();
});

const hostileNumber = fc.oneof(
  fc.constantFrom(-1, -1e308, 1e308, 0, null, Number.MAX_SAFE_INTEGER, 1e10 + 1, 0.5, 7),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
const hostileValue = fc.oneof(hostileNumber, fc.string({ maxLength: 12 }), fc.constant(undefined), fc.boolean());

type Data = Record<string, any>;
/** One change to a run (plain JSON data), chosen by fast-check. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('trial-number'), field: fc.constantFrom('wallMs', 'startupMs', 'cpuMs', 'offsetMs', 'peakRssBytes', 'index', 'repetition', 'concurrency'), value: hostileValue, at: fc.nat() }),
  fc.record({ kind: fc.constant('span-number'), field: fc.constantFrom('startMs', 'endMs', 'task', 'worker', 'pid', 'cpu'), value: hostileNumber, at: fc.nat(), span: fc.nat() }),
  fc.record({ kind: fc.constant('span-reversed'), at: fc.nat(), span: fc.nat() }),
  fc.record({ kind: fc.constant('trial-model'), value: fc.constantFrom('sequential', 'async', 'threads', 'processes', 'py-threading', 'nope'), at: fc.nat() }),
  fc.record({ kind: fc.constant('trial-duplicate'), at: fc.nat() }),
  fc.record({ kind: fc.constant('run-ended'), value: fc.constantFrom('2020-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z', 'yesterday') }),
  fc.record({ kind: fc.constant('tags'), count: fc.integer({ min: 0, max: 60 }), length: fc.integer({ min: 0, max: 80 }) }),
  fc.record({ kind: fc.constant('notes'), length: fc.constantFrom(0, 10, HISTORY_LIMITS.notes, HISTORY_LIMITS.notes + 1, 100_000) }),
  fc.record({ kind: fc.constant('summary'), field: fc.constantFrom('trials', 'speedup', 'throughput'), value: hostileNumber, at: fc.nat() }),
  fc.record({ kind: fc.constant('machine'), cpuModel: fc.constantFrom('Test CPU 9000', 'Fake CPU 9000'), logicalCores: fc.constantFrom(8, 64, 0, -1, 1e6) }),
  fc.record({ kind: fc.constant('utilization'), value: hostileNumber, at: fc.nat() }),
);

function apply(run: Data, m: Data): void {
  const trial = run.trials[m.at % run.trials.length];
  switch (m.kind) {
    case 'trial-number':
      trial[m.field] = m.value;
      break;
    case 'span-number':
      trial.spans[m.span % trial.spans.length][m.field] = m.value;
      break;
    case 'span-reversed': {
      const s = trial.spans[m.span % trial.spans.length];
      [s.startMs, s.endMs] = [s.endMs + 1, s.startMs];
      break;
    }
    case 'trial-model':
      trial.model = m.value;
      break;
    case 'trial-duplicate':
      run.trials.push({ ...trial, index: run.trials.length + 100 });
      break;
    case 'run-ended':
      run.endedAt = m.value;
      break;
    case 'tags':
      run.tags = Array.from({ length: m.count }, (_, i) => `${i}`.padEnd(m.length, 't'));
      break;
    case 'notes':
      run.notes = 'n'.repeat(m.length);
      break;
    case 'summary':
      if (run.summary.length) run.summary[m.at % run.summary.length][m.field] = m.value;
      break;
    case 'machine':
      run.machine = { ...run.machine, cpuModel: m.cpuModel, logicalCores: m.logicalCores };
      break;
    case 'utilization':
      run.utilization[m.at % run.utilization.length].cores[0] = m.value;
      break;
  }
}

const possible = (x: number) => Number.isNaN(x) || (Number.isFinite(x) && x >= 0 && x <= 1e10);

/** What a kept run must be, whatever its file said. */
function expectSound(run: RunResult): void {
  const cells = new Set(cellsOf(run.experiment).map((c) => `${c.model}@${c.concurrency}`));
  const seen = new Set<string>();
  for (const t of run.trials) {
    expect(cells.has(`${t.model}@${t.concurrency}`)).toBe(true);
    expect(t.repetition).toBeLessThan(run.experiment.repetitions);
    const key = `${t.model}@${t.concurrency}#${t.repetition}`;
    expect(seen.has(key)).toBe(false);
    seen.add(key);
    for (const x of [t.wallMs, t.startupMs, t.cpuMs, t.offsetMs]) expect(possible(x)).toBe(true);
    for (const s of t.spans) {
      expect(possible(s.startMs) && possible(s.endMs) && s.endMs >= s.startMs).toBe(true);
      expect(s.task).toBeLessThan(run.experiment.tasks);
    }
  }
  expect(run.summary).toEqual(summarize(run.trials, run.machine.logicalCores));
  expect(run.tags!.length).toBeLessThanOrEqual(HISTORY_LIMITS.tags);
  expect(run.tags!.every((t) => t.length <= HISTORY_LIMITS.tag)).toBe(true);
  expect(run.notes!.length).toBeLessThanOrEqual(HISTORY_LIMITS.notes);
  if (run.endedAt) expect(Date.parse(run.endedAt)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
  for (const u of run.utilization) expect(u.cores.every((c) => c >= 0 && c <= 1)).toBe(true);
}

let cases = 0;
let kept = 0;
describe('import of a mutated export', () => {
  it('refuses, naming where and changing nothing, or keeps a run that is sound', () => {
    const localBefore = store.getRun(local.runId);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 1_000_000 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, mutations) => {
        cases++;
        const run = JSON.parse(JSON.stringify(makeRun({ seed, machine: makeMachine() }))) as Data;
        run.runId = `fuzz-${cases}-${seed}`;
        for (const m of mutations) apply(run, m);
        const content = JSON.stringify({ format: 'concurrency-lab', version: 1, runs: [run] });
        const total = store.listRuns().total;
        let imported = false;
        try {
          imported = store.importRuns(content).imported.length === 1;
        } catch (error) {
          expect(error).toBeInstanceOf(StoreError);
          expect((error as StoreError).code).toBe('import-failed');
          // Every problem line names a field: "runs[0].trials[3].wallMs: …".
          for (const line of (error as Error).message.split('\n').slice(1)) expect(line).toMatch(/^(runs\[0\]|…and \d+ more)/);
          expect(store.listRuns().total).toBe(total);
        }
        if (imported) {
          kept++;
          expectSound(store.getRun(run.runId));
        }
        // Nothing a file says changes how a local run appears.
        expect(store.getRun(local.runId)).toEqual(localBefore);
      }),
      propertyParams(300),
    );
    console.log(`import property: ${cases} cases, ${kept} kept, ${cases - kept} refused`);
    // Both answers happen: the property is not only ever refusing (or only accepting).
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(cases);
  });
});
