// Built-in experiments: every resources/presets/*.json file, checked against the
// experiment schema when read, so a broken preset is reported by name instead of
// failing later as a run.
import { errorMessage } from '../../src-shared/errors.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Preset } from '../../src-shared/contract.ts';
import { describeIssues, validateExperiment, type ExperimentInput } from '../../src-shared/experiment.ts';
import { resourcesDir } from '../entries.ts';

/** The lesson's order; presets added by other parts (Python…) follow alphabetically. */
const FIRST = ['cpu-bound', 'io-bound', 'mixed', 'spawn-cost'];

const presetFile = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be lower-case letters, digits and dashes' }),
  title: z.string().min(1, { error: 'must not be empty' }),
  description: z.string().min(1, { error: 'must not be empty' }),
  spec: z.unknown(),
});

export class PresetError extends Error {}

export function presetsDir(): string {
  return join(resourcesDir(), 'presets');
}

function loadPreset(file: string): Preset {
  const where = join(presetsDir(), file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(where, 'utf8'));
  } catch (e) {
    throw new PresetError(`preset ${where}: ${errorMessage(e)}`);
  }
  const outer = presetFile.safeParse(raw);
  if (!outer.success) {
    const lines = outer.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new PresetError(`preset ${where}:\n${lines.join('\n')}`);
  }
  if (outer.data.name !== file.replace(/\.json$/, '')) {
    throw new PresetError(`preset ${where}: name "${outer.data.name}" does not match the file name`);
  }
  const spec = validateExperiment(outer.data.spec);
  if (!spec.ok) {
    const lines = describeIssues(spec.issues.map((i) => ({ ...i, path: i.path ? `spec.${i.path}` : 'spec' })));
    throw new PresetError(`preset ${where}:\n${lines}`);
  }
  return { ...outer.data, spec: outer.data.spec as ExperimentInput };
}

/** Every preset file, read afresh on each call (the folder is small, and this picks up added files). */
export function listPresets(): Preset[] {
  const files = readdirSync(presetsDir()).filter((f) => f.endsWith('.json'));
  const presets = files.map(loadPreset);
  const rank = (name: string) => {
    const i = FIRST.indexOf(name);
    return i < 0 ? FIRST.length : i;
  };
  return presets.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

export function getPreset(name: string): Preset | undefined {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) return undefined;
  try {
    return loadPreset(`${name}.json`);
  } catch (e) {
    // A missing file is "no such preset"; a broken one is a bug worth its message.
    if (e instanceof PresetError && /ENOENT/.test(e.message)) return undefined;
    throw e;
  }
}
