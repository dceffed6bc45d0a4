// The user's code as a run keeps it: the source read from its file when the spec names
// one, its SHA-256 beside it (so history, export and compare know exactly what ran), and
// a copy written to a temp folder that workers and the Python runner import by path.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { CODE_MAX_CHARS, type CodeWorkload } from '../../../src-shared/code-workload.ts';
import type { ExperimentSpec } from '../../../src-shared/experiment.ts';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A field-named problem with the code's source, before anything runs. */
export class CodeSourceError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.path = path;
  }
}

/**
 * The workload with its source in it (read from `file`, resolved against baseDir, when
 * the spec gave no source) and the source's SHA-256. The source wins over the file when
 * both are there: that is the spec as run, replayed.
 */
export async function resolveCodeSource(w: CodeWorkload, baseDir = process.cwd()): Promise<CodeWorkload> {
  let source = w.source;
  if (source === undefined) {
    const path = isAbsolute(w.file!) ? w.file! : resolve(baseDir, w.file!);
    try {
      source = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CodeSourceError('workload.file', `cannot read ${path}${code ? ` (${code})` : ''}`);
    }
    if (source.length > CODE_MAX_CHARS) throw new CodeSourceError('workload.file', `${path} is over ${CODE_MAX_CHARS} characters`);
    if (source.trim() === '') throw new CodeSourceError('workload.file', `${path} is empty`);
  }
  return { ...w, source, sha256: sha256Hex(source) };
}

/** The spec with its code workload's source resolved; other specs unchanged. */
export async function resolveSpecCode(spec: ExperimentSpec, baseDir?: string): Promise<ExperimentSpec> {
  if (spec.workload.kind !== 'code') return spec;
  return { ...spec, workload: await resolveCodeSource(spec.workload, baseDir) };
}

/**
 * Writes the source where it can be imported by path: task.mjs (an ES module whatever
 * the user's file was called) or task.py (importlib needs the suffix).
 */
export async function writeCodeModule(w: Pick<CodeWorkload, 'language' | 'source'>, dir: string): Promise<string> {
  const path = join(dir, w.language === 'python' ? 'task.py' : 'task.mjs');
  await writeFile(path, w.source ?? '', { encoding: 'utf8', mode: 0o600 });
  return path;
}
