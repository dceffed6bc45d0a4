// runner.py keeps to Python 3.9: where this machine has other interpreters (pyenv),
// every model runs on the oldest supported one and on the newest present.
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPythonTrialWith } from '../../../src-main/engine/python/python-runner.ts';
import { PY_MODELS, pyTrial, spanProblems } from './helpers.ts';

const versions = join(homedir(), '.pyenv', 'versions');
const installed = existsSync(versions) ? readdirSync(versions).filter((v) => /^3\.\d+\.\d+$/.test(v)) : [];
const minor = (v: string) => Number(v.split('.')[1]);
const oldest = installed.filter((v) => minor(v) === 9)[0];
const newest = installed.filter((v) => minor(v) >= 9).sort((a, b) => minor(b) - minor(a))[0];
const targets = [...new Set([oldest, newest].filter((v): v is string => v !== undefined))];

// Without pyenv there is nothing to try: say so rather than leave an empty file.
if (targets.length === 0) it.skip('needs Python versions under ~/.pyenv/versions', () => {});

describe.each(targets)('Python %s', (version) => {
  const executable = join(versions, version, 'bin', 'python3');
  it.each(PY_MODELS)('runs %s', async (model) => {
    const ctx = pyTrial(model, { kind: 'mixed', cpuMs: 1, waitMs: 1, n: 500 }, { tasks: 4, concurrency: 2, python: { executable } });
    let seen = '';
    const outcome = await runPythonTrialWith(ctx, { onReady: (r) => (seen = r.version) });
    ctx.cleanup();
    expect(outcome.error).toBeUndefined();
    expect(seen).toBe(version);
    expect(spanProblems(outcome, 4, model === 'py-sequential' ? 1 : 2)).toEqual([]);
    expect(outcome.spans.toSpans()).toHaveLength(4);
  });
});
