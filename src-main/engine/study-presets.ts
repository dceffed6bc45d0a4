// Built-in studies (issue 13): every resources/studies/*.json file, checked against the
// study schema when read, so a broken preset is reported by name, not as a failed study.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { errorMessage } from '../../src-shared/errors.ts';
import { describeIssues } from '../../src-shared/experiment.ts';
import { planStudy, type StudyInput } from '../../src-shared/study.ts';
import { resourcesDir } from '../entries.ts';
import { PresetError } from './presets.ts';

export interface StudyPresetFile {
  name: string;
  title: string;
  description: string;
  study: StudyInput;
}

/** The classic tables first, then break-even, then CPU share: the order of the lesson. */
const FIRST = ['classic-table-node', 'classic-table-python', 'break-even-node', 'break-even-python', 'cpu-share-python'];

const presetFile = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be lower-case letters, digits and dashes' }),
  title: z.string().min(1, { error: 'must not be empty' }),
  description: z.string().min(1, { error: 'must not be empty' }),
  study: z.unknown(),
});

export function studyPresetsDir(): string {
  return join(resourcesDir(), 'studies');
}

function load(file: string): StudyPresetFile {
  const where = join(studyPresetsDir(), file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(where, 'utf8'));
  } catch (e) {
    throw new PresetError(`study preset ${where}: ${errorMessage(e)}`);
  }
  const outer = presetFile.safeParse(raw);
  if (!outer.success) {
    throw new PresetError(`study preset ${where}:\n${outer.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('\n')}`);
  }
  if (outer.data.name !== file.replace(/\.json$/, '')) {
    throw new PresetError(`study preset ${where}: name "${outer.data.name}" does not match the file name`);
  }
  const plan = planStudy(outer.data.study);
  if (!plan.ok) {
    throw new PresetError(`study preset ${where}:\n${describeIssues(plan.issues.map((i) => ({ ...i, path: i.path ? `study.${i.path}` : 'study' })))}`);
  }
  return { ...outer.data, study: outer.data.study as StudyInput };
}

export function listStudyPresets(): StudyPresetFile[] {
  const rank = (name: string) => (FIRST.includes(name) ? FIRST.indexOf(name) : FIRST.length);
  return readdirSync(studyPresetsDir())
    .filter((f) => f.endsWith('.json'))
    .map(load)
    .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

export function getStudyPreset(name: string): StudyPresetFile | undefined {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) return undefined;
  try {
    return load(`${name}.json`);
  } catch (e) {
    if (e instanceof PresetError && /ENOENT/.test(e.message)) return undefined;
    throw e;
  }
}
