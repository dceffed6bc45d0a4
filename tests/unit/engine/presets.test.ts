import { describe, expect, it } from 'vitest';
import { NODE_MODELS } from '../../../src-shared/models.ts';
import { validateExperiment } from '../../../src-shared/experiment.ts';
import { getPreset, listPresets } from '../../../src-main/engine/presets.ts';
import { estimateRunMs } from '../../../src-shared/estimate.ts';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resourcesDir } from '../../../src-main/entries.ts';

describe('presets', () => {
  it('lists every file in resources/presets, the lesson’s four first', () => {
    const presets = listPresets();
    const files = readdirSync(join(resourcesDir(), 'presets')).filter((f) => f.endsWith('.json'));
    expect(presets).toHaveLength(files.length);
    expect(presets.slice(0, 4).map((p) => p.name)).toEqual(['cpu-bound', 'io-bound', 'mixed', 'spawn-cost']);
  });

  it('holds only specs that pass the schema, with a title and a description', () => {
    for (const p of listPresets()) {
      expect(validateExperiment(p.spec).ok, p.name).toBe(true);
      expect(p.title.length).toBeGreaterThan(0);
      expect(p.description.length).toBeGreaterThan(0);
    }
  });

  it('runs the four Node models at k = 1, 2, 4 in cpu-bound, io-bound and mixed', () => {
    const kinds: Record<string, string> = {};
    for (const name of ['cpu-bound', 'io-bound', 'mixed']) {
      const spec = getPreset(name)!.spec;
      expect(spec.models).toEqual([...NODE_MODELS]);
      expect(spec.concurrency).toEqual([1, 2, 4]);
      kinds[name] = spec.workload.kind;
    }
    expect(kinds['cpu-bound']).toMatch(/^(primes|hash)$/);
    expect(kinds['io-bound']).toMatch(/^(sleep|http|file)$/);
    expect(kinds['mixed']).toBe('mixed');
  });

  it('makes spawn-cost compare threads with processes on tiny tasks up to k = 8', () => {
    const spec = getPreset('spawn-cost')!.spec;
    expect(spec.models).toEqual(expect.arrayContaining(['threads', 'processes']));
    expect(Math.max(...spec.concurrency)).toBeGreaterThanOrEqual(8);
  });

  it('estimates a duration for each of the lesson’s presets on 2 cores', () => {
    for (const name of ['cpu-bound', 'io-bound', 'mixed', 'spawn-cost']) {
      const v = validateExperiment(getPreset(name)!.spec);
      if (!v.ok) throw new Error(name);
      const ms = estimateRunMs(v.value, 2);
      expect(ms, name).not.toBeNull();
      expect(ms!, name).toBeGreaterThan(0);
    }
  });

  it('makes switching run the shared workload across the cooperative, threaded and process models of both runtimes', () => {
    const v = validateExperiment(getPreset('switching')!.spec);
    if (!v.ok) throw new Error('switching');
    expect(v.value.workload).toMatchObject({ kind: 'shared', modes: ['unsafe', 'locked', 'atomic', 'yield-inside'] });
    expect(v.value.models).toEqual(['async', 'threads', 'processes', 'py-asyncio', 'py-threading', 'py-multiprocessing']);
    // More tasks in flight than cores, so threads and processes contend.
    expect(Math.min(...v.value.concurrency)).toBeGreaterThan(2);
    expect(estimateRunMs(v.value, 2)).toBeGreaterThan(0);
  });

  it('answers undefined for an unknown name, and never reads outside the folder', () => {
    expect(getPreset('no-such-preset')).toBeUndefined();
    expect(getPreset('../package')).toBeUndefined();
    expect(getPreset('cpu-bound')!.name).toBe('cpu-bound');
  });
});
