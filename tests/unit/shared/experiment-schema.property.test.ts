// The spec schema under fuzzing (fast-check, seeded): whatever arrives, validation
// answers (never throws) with either a spec or issues that each name a field and a
// reason; every spec inside the limits is accepted as written; and a spec with one
// field pushed out of its range is refused naming exactly that field.
// `npm run fuzz` runs these with many more cases (see tests/unit/helpers/property.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, MAX_ISSUES_LISTED, validateExperiment, type ExperimentInput } from '../../../src-shared/experiment.ts';
import { MODELS } from '../../../src-shared/models.ts';
import { propertyParams } from '../helpers/property.ts';

const int = (lo: number, hi: number) => fc.integer({ min: lo, max: hi });
const num = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });

const workload = fc.oneof(
  fc.record({ kind: fc.constant('primes' as const), n: int(2, LIMITS.primesN) }),
  fc.record({ kind: fc.constant('primes' as const), taskMs: num(0.1, LIMITS.taskMs) }),
  fc.record({ kind: fc.constant('hash' as const), bytes: int(1, LIMITS.hashBytes), rounds: int(1, LIMITS.hashRounds) }),
  fc.record({ kind: fc.constant('sleep' as const), ms: num(0, LIMITS.sleepMs) }),
  fc.record({ kind: fc.constant('http' as const), latencyMs: num(0, LIMITS.sleepMs), bytes: int(0, LIMITS.httpBytes) }, { requiredKeys: ['kind'] }),
  fc.record({ kind: fc.constant('file' as const), bytes: int(1, LIMITS.fileBytes) }),
  fc.record({ kind: fc.constant('mixed' as const), cpuMs: num(0, LIMITS.taskMs), waitMs: num(0, LIMITS.sleepMs) }),
);

/** Specs inside every limit the schema states. */
const validInput: fc.Arbitrary<ExperimentInput> = fc.record(
  {
    name: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
    workload,
    tasks: int(1, LIMITS.tasks),
    models: fc.uniqueArray(fc.constantFrom(...MODELS), { minLength: 1, maxLength: MODELS.length }),
    concurrency: fc.uniqueArray(int(1, LIMITS.concurrency), { minLength: 1, maxLength: 12 }),
    repetitions: int(1, LIMITS.repetitions),
    warmup: int(0, LIMITS.warmup),
    order: fc.constantFrom('interleaved' as const, 'grouped' as const),
    timeoutMs: int(1, LIMITS.timeoutMs),
    python: fc.record({ startMethod: fc.constantFrom('spawn' as const, 'fork' as const, 'forkserver' as const) }, { requiredKeys: [] }),
  },
  { requiredKeys: ['workload', 'tasks', 'models', 'concurrency'] },
);

/** A value no integer field accepts. */
const badNumber = fc.oneof(
  fc.constantFrom(Number.NaN, Infinity, -Infinity, 1e308, -1e308, 0.5, -1, '3', null, true, [], {}),
  fc.double({ min: -1e12, max: -1e-9, noNaN: true }),
);

/** Integer fields at the top of a spec, with a value out of their range. */
const topLevelMutation = fc.oneof(
  fc.tuple(fc.constant('tasks'), fc.oneof(badNumber, int(LIMITS.tasks + 1, 2 ** 40))),
  fc.tuple(fc.constant('repetitions'), fc.oneof(badNumber, int(LIMITS.repetitions + 1, 2 ** 40))),
  fc.tuple(fc.constant('timeoutMs'), fc.oneof(badNumber, int(LIMITS.timeoutMs + 1, 2 ** 40))),
  fc.tuple(fc.constant('warmup'), fc.oneof(badNumber, int(LIMITS.warmup + 1, 2 ** 40))),
);

describe('spec schema, fuzzed', () => {
  it('answers any JSON value with a spec or named issues, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), validInput.chain((s) => fc.constant({ ...s, extra: 1 }))), (input) => {
        const v = validateExperiment(input);
        if (v.ok) return;
        expect(v.issues.length).toBeGreaterThan(0);
        expect(v.issues.length).toBeLessThanOrEqual(MAX_ISSUES_LISTED + 1);
        for (const issue of v.issues) {
          expect(typeof issue.path).toBe('string');
          expect(issue.message.length).toBeGreaterThan(0);
        }
      }),
      propertyParams(300),
    );
  });

  it('accepts every spec inside the limits, as written', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        const v = validateExperiment(input);
        if (!v.ok) throw new Error(`refused: ${JSON.stringify(v.issues)}`);
        expect(v.value.tasks).toBe(input.tasks);
        expect(v.value.concurrency).toEqual(input.concurrency);
        expect(v.value.models).toEqual(input.models);
        // The spec as run validates to itself: storing and re-reading it changes nothing.
        expect(validateExperiment(v.value)).toEqual({ ok: true, value: v.value });
      }),
      propertyParams(300),
    );
  });

  it('refuses a spec with one field out of range, naming that field', () => {
    fc.assert(
      fc.property(validInput, topLevelMutation, (input, [field, bad]) => {
        const v = validateExperiment({ ...input, [field]: bad });
        expect(v.ok).toBe(false);
        if (!v.ok) expect(v.issues.map((i) => i.path)).toContain(field);
      }),
      propertyParams(300),
    );
  });

  it('refuses an out-of-range concurrency level, naming its index', () => {
    fc.assert(
      fc.property(validInput, fc.nat(), fc.oneof(badNumber, int(LIMITS.concurrency + 1, 2 ** 40)), (input, at, bad) => {
        const levels = [...input.concurrency];
        const i = at % levels.length;
        levels[i] = bad as number;
        const v = validateExperiment({ ...input, concurrency: levels });
        expect(v.ok).toBe(false);
        if (!v.ok) expect(v.issues.map((x) => x.path)).toContain(`concurrency[${i}]`);
      }),
      propertyParams(300),
    );
  });

  it('lists at most a few issues however many there are, and counts the rest', () => {
    fc.assert(
      fc.property(validInput, fc.integer({ min: MAX_ISSUES_LISTED + 2, max: 5000 }), (input, n) => {
        const v = validateExperiment({ ...input, concurrency: Array.from({ length: n }, (_, i) => -1 - i) });
        expect(v.ok).toBe(false);
        if (v.ok) return;
        expect(v.issues).toHaveLength(MAX_ISSUES_LISTED + 1);
        expect(v.issues.slice(0, MAX_ISSUES_LISTED).map((i) => i.path)).toEqual(Array.from({ length: MAX_ISSUES_LISTED }, (_, i) => `concurrency[${i}]`));
        expect(v.issues.at(-1)).toEqual({ path: '', message: `…and ${n - MAX_ISSUES_LISTED} more` });
      }),
      propertyParams(50),
    );
  });
});
