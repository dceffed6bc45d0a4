// Before a code run starts: its source read (from its file when the spec names one),
// compiled, and every model able to call it. Problems come back as field issues, with the
// file, line and column, so the service answers invalid-input and the CLI exits 2 —
// and nothing has started.
import { codeFileName, codeModelGap } from '../../../src-shared/code-workload.ts';
import type { ExperimentSpec, FieldIssue } from '../../../src-shared/experiment.ts';
import { checkCode, describeProblems } from './check-code.ts';
import { CodeSourceError, resolveSpecCode } from './code-source.ts';

export interface PreflightOptions {
  /** Where a relative workload.file is found (the spec file's folder for the CLI); the cwd by default. */
  baseDir?: string;
  /** The interpreter to compile Python with. */
  executable?: string;
}

export type Preflight = { ok: true; spec: ExperimentSpec; taskIsAsync?: boolean } | { ok: false; issues: FieldIssue[] };

export async function preflightCode(spec: ExperimentSpec, options: PreflightOptions = {}): Promise<Preflight> {
  if (spec.workload.kind !== 'code') return { ok: true, spec };
  let resolved: ExperimentSpec;
  try {
    resolved = await resolveSpecCode(spec, options.baseDir);
  } catch (error) {
    if (error instanceof CodeSourceError) return { ok: false, issues: [{ path: error.path, message: error.message.slice(error.path.length + 2) }] };
    throw error;
  }
  const w = resolved.workload as Extract<ExperimentSpec['workload'], { kind: 'code' }>;
  const checked = await checkCode({ language: w.language, source: w.source!, ...(w.file ? { file: w.file } : {}) }, { executable: options.executable });
  // The source is where a problem lies, unless the user gave only a file.
  const where = spec.workload.kind === 'code' && spec.workload.source === undefined ? 'workload.file' : 'workload.source';
  const name = codeFileName(w);
  const issues: FieldIssue[] = checked.problems.map((p) => ({ path: where, message: describeProblems(name, [p]) }));
  if (checked.ok) {
    resolved.models.forEach((model, i) => {
      const gap = codeModelGap(model, checked);
      if (gap) issues.push({ path: `models[${i}]`, message: gap.replace('this code', name) });
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, spec: resolved, ...(checked.taskIsAsync !== undefined ? { taskIsAsync: checked.taskIsAsync } : {}) };
}
