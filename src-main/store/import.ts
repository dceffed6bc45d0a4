// Reads an import file into runs, or says precisely what is wrong with it
// ("runs[0].trials[3].wallMs: expected number"). Nothing here touches the database.
import type { z } from 'zod';
import { cellsOf, formatPath, modelsWithBaselines } from '../../src-shared/experiment.ts';
import type { RunResult } from '../../src-shared/result.ts';
import { tasksPerTrial } from '../../src-shared/shared-state.ts';
import { StoreError } from './errors.ts';
import { EXPORT_FORMAT, EXPORT_VERSION } from './export-json.ts';
import { exportDocumentSchema, runResultSchema } from './result-schema.ts';

/** Enough lines to fix a file; a thousand identical ones help nobody. */
const MAX_PROBLEMS = 8;

export function parseImport(content: string): RunResult[] {
  if (typeof content !== 'string' || content.trim() === '') fail(['the file is empty']);
  let data: unknown;
  try {
    // A byte-order mark is how some editors start a UTF-8 file; it is not part of the JSON.
    data = JSON.parse(content.charCodeAt(0) === 0xfeff ? content.slice(1) : content);
  } catch (error) {
    fail([`not valid JSON (${(error as Error).message}); is the file complete?`]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    fail(['expected a Concurrency Lab export: an object with format, version and runs']);
  }
  const obj = data as Record<string, unknown>;
  // A bare RunResult (the CLI's `run --json` file) is accepted as well as the export document.
  const bare = !('format' in obj) && !('runs' in obj) && 'runId' in obj;
  if (!bare) {
    if (obj.format !== EXPORT_FORMAT) {
      fail([`format: expected "${EXPORT_FORMAT}", got ${JSON.stringify(obj.format) ?? 'nothing'}; is this a Concurrency Lab export?`]);
    }
    if (obj.version !== EXPORT_VERSION) {
      fail([`version: this file is version ${JSON.stringify(obj.version) ?? '(none)'}; this Concurrency Lab reads version ${EXPORT_VERSION}`]);
    }
  }
  const parsed = bare
    ? runResultSchema.safeParse(data, { error: describeIssue })
    : exportDocumentSchema.safeParse(data, { error: describeIssue });
  if (!parsed.success) fail(issueLines(parsed.error));
  const runs = (bare ? [parsed.data] : (parsed.data as { runs: unknown[] }).runs) as RunResult[];
  const problems = consistencyProblems(runs, bare ? '' : 'runs');
  if (problems.length) fail(problems);
  return runs;
}

function fail(problems: string[]): never {
  const shown = problems.slice(0, MAX_PROBLEMS);
  if (problems.length > shown.length) shown.push(`…and ${problems.length - shown.length} more`);
  throw new StoreError('import-failed', `import failed, nothing was changed:\n${shown.join('\n')}`);
}

function issueLines(error: z.ZodError): string[] {
  return error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => `${formatPath([...i.path, key])}: unknown field`)
      : [i.path.length ? `${formatPath(i.path)}: ${i.message}` : i.message],
  );
}

/** Short messages for the common cases; zod's own for the rest. Schema-level messages still win. */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    return issue.input === undefined ? `expected ${issue.expected}` : `expected ${issue.expected}, got ${kind(issue.input)}`;
  }
  if (issue.code === 'invalid_value') {
    const values = issue.values.map((v) => JSON.stringify(v));
    return values.length === 1 ? `expected ${values[0]}` : `expected one of ${values.join(', ')}`;
  }
  return undefined;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value;
}

/**
 * What the schema cannot see: repeated ids, and trials the run's own spec could not have
 * produced (a model it does not name, a level it does not list, a repetition past its
 * count, more spans than it has tasks).
 */
function consistencyProblems(runs: readonly RunResult[], base: string): string[] {
  const problems: string[] = [];
  const at = (i: number) => (base ? `${base}[${i}]` : '');
  const join = (prefix: string, rest: string) => (prefix ? `${prefix}.${rest}` : rest);
  const ids = new Map<string, number>();
  runs.forEach((run, r) => {
    const first = ids.get(run.runId);
    if (first !== undefined) problems.push(`${join(at(r), 'runId')}: ${run.runId} appears twice (also ${at(first)})`);
    else ids.set(run.runId, r);

    const spec = run.experiment;
    const cells = new Set(cellsOf(spec).map((c) => `${c.model}@${c.concurrency}`));
    const indexes = new Map<number, number>();
    const repetitions = new Map<string, number>();
    run.trials.forEach((t, i) => {
      const here = join(at(r), `trials[${i}]`);
      const before = indexes.get(t.index);
      if (before !== undefined) problems.push(`${here}.index: trial ${t.index} appears twice (also trials[${before}])`);
      else indexes.set(t.index, i);
      if (!modelsWithBaselines(spec.models).includes(t.model)) {
        problems.push(`${here}.model: ${t.model} is not a model of this run's experiment (${spec.models.join(', ')})`);
      } else if (!cells.has(`${t.model}@${t.concurrency}`)) {
        problems.push(`${here}.concurrency: ${t.model} at k = ${t.concurrency} is not a cell of this run's experiment`);
      }
      if (t.repetition >= spec.repetitions) {
        problems.push(`${here}.repetition: ${t.repetition} is past the experiment's ${spec.repetitions} repetitions`);
      }
      const rep = `${t.model}@${t.concurrency}#${t.repetition}`;
      const same = repetitions.get(rep);
      if (same !== undefined) problems.push(`${here}: repeats trials[${same}] (${t.model} k = ${t.concurrency}, repetition ${t.repetition})`);
      else repetitions.set(rep, i);
      // A shared trial runs its tasks once per mode, numbered on.
      const perTrial = tasksPerTrial(spec.workload, spec.tasks);
      if (t.spans.length > perTrial) {
        problems.push(`${here}.spans: ${t.spans.length} spans, but the experiment has ${perTrial} tasks per trial`);
      }
      const stray = t.spans.findIndex((span) => span.task >= perTrial);
      if (stray >= 0) problems.push(`${here}.spans[${stray}].task: ${t.spans[stray].task} is past the experiment's ${perTrial} tasks`);
      const w = spec.workload;
      t.shared?.forEach((p, j) => {
        if (w.kind !== 'shared') problems.push(`${here}.shared: figures of the shared workload in a ${w.kind} run`);
        else if (p.expected !== spec.tasks * w.ops) {
          problems.push(`${here}.shared[${j}].expected: ${p.expected}, but tasks × ops is ${spec.tasks * w.ops}`);
        }
      });
    });
  });
  return problems;
}
