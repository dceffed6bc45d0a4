// The code workload in the one schema: what it accepts, and a field-named reason for what it refuses.
import { describe, expect, it } from 'vitest';
import { validateExperiment, type ExperimentInput } from '../../../src-shared/experiment.ts';
import { codeFileName } from '../../../src-shared/code-workload.ts';

const base = { tasks: 4, concurrency: [2] };

function issues(input: unknown) {
  const v = validateExperiment(input);
  return v.ok ? [] : v.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('the code workload', () => {
  it('accepts source or a file, in Python or JavaScript', () => {
    const specs: ExperimentInput[] = [
      { ...base, models: ['py-threading'], workload: { kind: 'code', language: 'python', source: 'def task(i):\n    pass\n' } },
      { ...base, models: ['threads'], workload: { kind: 'code', language: 'javascript', file: 'task.mjs' } },
    ];
    for (const s of specs) expect(issues(s)).toEqual([]);
  });

  it('names the field and the reason for each mistake', () => {
    expect(issues({ ...base, models: ['threads'], workload: { kind: 'code', language: 'javascript' } })).toEqual([
      'workload.source: give source (the code itself) or file (a path to it)',
    ]);
    expect(issues({ ...base, models: ['threads'], workload: { kind: 'code', language: 'ruby', source: 'x' } })).toEqual([
      'workload.language: must be python or javascript',
    ]);
    expect(issues({ ...base, models: ['threads'], workload: { kind: 'code', language: 'javascript', source: '  \n' } })).toEqual([
      'workload.source: must not be empty',
    ]);
    expect(issues({ ...base, models: ['threads'], workload: { kind: 'code', language: 'javascript', source: 'x', sha256: 'abc' } })).toEqual([
      'workload.sha256: must be 64 lowercase hex digits',
    ]);
    expect(issues({ ...base, models: ['threads'], workload: { kind: 'code', language: 'javascript', source: 'x', entry: 'main' } })).toEqual([
      'workload.entry: unknown field',
    ]);
  });

  it('refuses a model of the other runtime, naming it', () => {
    expect(issues({ ...base, models: ['sequential', 'py-threading'], workload: { kind: 'code', language: 'javascript', source: 'x' } })).toEqual([
      'models[1]: py-threading runs Python; this code is JavaScript',
    ]);
    expect(issues({ ...base, models: ['processes'], workload: { kind: 'code', language: 'python', source: 'x' } })).toEqual([
      'models[0]: processes runs JavaScript; this code is Python',
    ]);
  });

  it('shows code by the name the user knows it by', () => {
    expect(codeFileName({ language: 'python', file: '/home/me/work/task.py' })).toBe('task.py');
    expect(codeFileName({ language: 'javascript' })).toBe('task.mjs');
  });
});
