// The contract's inputs other than the experiment spec, checked at the service edge with
// zod, giving field issues in the same shape and wording as validateExperiment does.
import { z } from 'zod';
import type { ApiError } from '../../src-shared/contract.ts';
import { capIssues, describeIssues, formatPath, type FieldIssue } from '../../src-shared/experiment.ts';
import { LIMITS } from '../../src-shared/experiment.ts';
import { HISTORY_LIMITS } from '../../src-shared/limits.ts';
import { CALIBRATABLE_KINDS, MODELS, WORKLOAD_KINDS } from '../../src-shared/models.ts';
import { RUN_STATUSES } from '../../src-shared/result.ts';
import { CODE_LANGUAGES, CODE_MAX_CHARS } from '../../src-shared/code-workload.ts';

function text(max: number, label = 'a string') {
  const message = `must be ${label} of at most ${max} characters`;
  return z.string({ error: message }).max(max, { error: message });
}

/** The smallest task a calibration sizes: below it the timer's resolution dominates. */
export const MIN_TASK_MS = 0.1;

function number(lo: number, hi: number) {
  const message = `must be a number from ${lo} to ${hi}`;
  return z.number({ error: message }).min(lo, { error: message }).max(hi, { error: message });
}

function int(lo: number, hi: number) {
  const message = `must be an integer from ${lo} to ${hi}`;
  return z.number({ error: message }).int({ error: message }).min(lo, { error: message }).max(hi, { error: message });
}

export const runIdSchema = z
  .string({ error: 'must be a run id' })
  .trim()
  .min(1, { error: 'must be a run id' })
  .max(200, { error: 'must be a run id' });

export const studyIdSchema = z
  .string({ error: 'must be a study id' })
  .trim()
  .min(1, { error: 'must be a study id' })
  .max(200, { error: 'must be a study id' });

export const studyExportRequestSchema = z.strictObject({
  studyId: studyIdSchema,
  format: z.enum(['json', 'csv', 'md'], { error: 'must be json, csv or md' }),
});

export const calibrateRequestSchema = z.strictObject({
  kind: z.enum(CALIBRATABLE_KINDS, { error: `must be one of ${CALIBRATABLE_KINDS.join(', ')}` }),
  taskMs: number(MIN_TASK_MS, LIMITS.taskMs),
  runtime: z.enum(['node', 'python'], { error: 'must be node or python' }).optional(),
  executable: z.string({ error: 'must be a path' }).trim().min(1, { error: 'must be a path' }).max(4096, { error: 'must be a path' }).optional(),
});

export const codeCheckRequestSchema = z.strictObject({
  language: z.enum(CODE_LANGUAGES, { error: 'must be python or javascript' }),
  source: z
    .string({ error: 'must be the source text' })
    .min(1, { error: 'must not be empty' })
    .max(CODE_MAX_CHARS, { error: `must be at most ${CODE_MAX_CHARS} characters` }),
  file: text(4096, 'a file name').optional(),
});

export const codeTryRequestSchema = codeCheckRequestSchema.extend({
  executable: z.string({ error: 'must be a path' }).trim().min(1, { error: 'must be a path' }).max(4096, { error: 'must be a path' }).optional(),
  timeoutMs: int(100, 600_000).optional(),
});

export const runFilterSchema = z.strictObject({
  text: text(500).optional(),
  workload: z.enum(WORKLOAD_KINDS, { error: `must be one of ${WORKLOAD_KINDS.join(', ')}` }).optional(),
  model: z.enum(MODELS, { error: `must be one of ${MODELS.join(', ')}` }).optional(),
  machine: text(200).optional(),
  tag: text(HISTORY_LIMITS.tag).optional(),
  status: z.enum(RUN_STATUSES, { error: `must be one of ${RUN_STATUSES.join(', ')}` }).optional(),
  limit: int(1, HISTORY_LIMITS.listPage).optional(),
  offset: int(0, Number.MAX_SAFE_INTEGER).optional(),
});

export const runPatchSchema = z.strictObject({
  name: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(HISTORY_LIMITS.name, { error: `must be at most ${HISTORY_LIMITS.name} characters` })
    .optional(),
  tags: z
    .array(
      z
        .string({ error: 'must be a string' })
        .trim()
        .min(1, { error: 'must not be empty' })
        .max(HISTORY_LIMITS.tag, { error: `must be at most ${HISTORY_LIMITS.tag} characters` }),
      { error: 'must be a list of tags' },
    )
    .max(HISTORY_LIMITS.tags, { error: `must have at most ${HISTORY_LIMITS.tags} tags` })
    .optional(),
  notes: text(HISTORY_LIMITS.notes).optional(),
});

export const compareIdsSchema = z
  .array(runIdSchema, { error: 'must be a list of run ids' })
  .min(2, { error: 'choose 2 to 4 runs' })
  .max(4, { error: 'choose 2 to 4 runs' });

export const exportRequestSchema = z
  .strictObject({
    runIds: z.array(runIdSchema, { error: 'must be a list of run ids' }).min(1, { error: 'choose at least one run' }),
    format: z.enum(['json', 'csv', 'trace'], { error: 'must be json, csv or trace' }),
    trialIndex: int(0, 10_000_000).optional(),
  })
  .refine((r) => r.format !== 'trace' || r.runIds.length === 1, { path: ['runIds'], error: 'a trace is of one run' });

const finiteMs = z.number({ error: 'must be a time in ms' }).refine(Number.isFinite, { error: 'must be a time in ms' });

export const spanWindowRequestSchema = z
  .strictObject({
    runId: runIdSchema,
    trialIndex: int(0, 10_000_000),
    startMs: finiteMs,
    endMs: finiteMs,
    pixels: int(1, 100_000),
  })
  .refine((r) => r.endMs > r.startMs, { path: ['endMs'], error: 'must be after startMs' });

export const importContentSchema = z.string({ error: 'must be the text of an exported file' }).min(1, { error: 'is empty' });

export type Checked<T> = { ok: true; value: T } | ApiError;

/**
 * Parses one argument. A scalar argument's issue is named after the argument
 * ("runId: must be a run id"); an object's issues are named by field, like the spec's.
 */
export function check<S extends z.ZodType>(schema: S, input: unknown, argument: string): Checked<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues: FieldIssue[] = parsed.error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => ({ path: formatPath([...i.path, key]), message: 'unknown field' }))
      : [{ path: formatPath(i.path) || argument, message: i.message }],
  );
  return invalidInput(issues);
}

export function invalidInput(issues: FieldIssue[]): ApiError {
  const listed = capIssues(issues);
  return { ok: false, code: 'invalid-input', message: describeIssues(listed), issues: listed };
}

export const startRunOptionsSchema = z
  .strictObject({ confirmed: z.boolean({ error: 'must be true or false' }).optional() }, { error: 'must be an object' })
  .optional();
