// The Python presets are valid experiments that teach what their titles say:
// the classic table's four Python models, and Node vs Python on one fixed workload.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYTHON_MODELS } from '../../../src-shared/models.ts';
import { validateExperiment } from '../../../src-shared/experiment.ts';
import { resourcesDir } from '../../../src-main/entries.ts';

function preset(name: string) {
  const raw = JSON.parse(readFileSync(join(resourcesDir(), 'presets', `${name}.json`), 'utf8')) as {
    name: string; title: string; description: string; spec: unknown;
  };
  const spec = validateExperiment(raw.spec);
  if (!spec.ok) throw new Error(`${name}: ${JSON.stringify(spec.issues)}`);
  return { ...raw, spec: spec.value };
}

describe('Python presets', () => {
  it.each(['python-seed', 'python-seed-io'])('%s runs every Python model', (name) => {
    const p = preset(name);
    expect(p.name).toBe(name);
    expect(p.spec.models).toEqual([...PYTHON_MODELS]);
  });

  it('python-seed is CPU-bound and python-seed-io IO-bound', () => {
    expect(preset('python-seed').spec.workload.kind).toBe('primes');
    expect(preset('python-seed-io').spec.workload.kind).toBe('http');
  });

  it('node-vs-python gives both runtimes the same fixed work under threads and processes', () => {
    const p = preset('node-vs-python');
    expect(p.spec.models).toEqual(['threads', 'processes', 'py-threading', 'py-multiprocessing']);
    // A fixed n, not taskMs: calibrating would size the work for one runtime only.
    expect(p.spec.workload).toMatchObject({ kind: 'primes', n: expect.any(Number) });
  });
});
