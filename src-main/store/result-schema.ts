// The zod schema of the export document (and of one bare RunResult), used to check
// imports before a row is written. Measured values must be possible (finite, not
// negative, ends after starts); text obeys the limits of editing; the machine keeps
// fields this build does not know. The summary is not read: import recomputes it.
// What needs the whole run (trials against the spec) is in import.ts.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { experimentSchema } from '../../src-shared/experiment.ts';
import { MODELS } from '../../src-shared/models.ts';
import { HISTORY_LIMITS } from '../../src-shared/limits.ts';
import { RESULT_VERSION, RUN_STATUSES, TRIAL_STATUSES } from '../../src-shared/result.ts';
import { SHARED_MODES } from '../../src-shared/shared-state.ts';

/**
 * No measurement of the lab lasts this long (about 116 days: more than the longest
 * trial, LIMITS.timeoutMs, times the most repetitions): a figure beyond it is not a
 * measurement but a made-up number such as 1e308.
 */
export const MAX_MS = 1e10;
const int = (min = 0, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);
/** Time in ms: finite (zod refuses ±Infinity), never negative, never absurd. */
const ms = z
  .number()
  .min(0, { error: 'must not be negative' })
  .max(MAX_MS, { error: `must be at most ${MAX_MS} ms` });
/** A JSON export writes NaN as null: accept it back as "no value". */
const measured = ms.nullable().transform((v) => v ?? NaN);
const fraction = z.number().min(0).max(1).nullable().transform((v) => v ?? NaN);
const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { error: 'expected an ISO date-time' });

export const spanSchema = z
  .object({
    task: int(),
    worker: int(),
    startMs: ms,
    endMs: ms,
    pid: int().optional(),
    thread: z.number().optional(),
    cpu: int().optional(),
    runMs: ms.optional(),
    waitMs: ms.optional(),
    handoffInMs: ms.optional(),
    handoffOutMs: ms.optional(),
  })
  .refine((s) => s.endMs >= s.startMs, { error: 'ends before it starts (endMs < startMs)', path: ['endMs'] });

export const sharedPhaseSchema = z
  .object({
    mode: z.enum(SHARED_MODES),
    expected: int(),
    observed: int().nullable(),
    lost: z.number().int().nullable(),
    perProcess: z.array(int()).optional(),
    wallMs: z.number().min(0),
    switchIntervalMs: z.number().positive().optional(),
    contextSwitches: z.object({ voluntary: int(), involuntary: int() }).optional(),
    // Printed by the CLI: no control characters from a file reach a terminal.
    unavailable: z.string().regex(/^[^\p{Cc}]*$/u, { error: 'must not hold control characters' }).optional(),
  })
  .refine((p) => (p.observed === null ? p.lost === null : p.lost === p.expected - p.observed), {
    error: 'lost must be expected − observed (null where nothing is shared)',
  })
  // Each update adds one: a count above the updates made is not a measurement.
  .refine((p) => p.observed === null || p.observed <= p.expected, { error: 'observed must not exceed expected' });

const statesSchema = z.object({
  scope: z.enum(['tasks', 'loop']),
  runningMs: ms,
  waitingMs: ms.nullable(),
  blockedMs: ms,
  measuredSpans: int(),
  spans: int(),
  handoffMs: z.object({ median: ms, p95: ms }).optional(),
  contextSwitches: z.object({ voluntary: int(), involuntary: int() }).optional(),
  tailShare: z.number().min(0).max(1).optional(),
});

export const trialSchema = z.object({
  index: int(),
  model: z.enum(MODELS),
  concurrency: int(1),
  repetition: int(),
  status: z.enum(TRIAL_STATUSES),
  wallMs: measured,
  startupMs: measured,
  cpuMs: measured,
  peakRssBytes: z.number().min(0).max(2 ** 60).optional(),
  offsetMs: measured,
  error: z.string().max(HISTORY_LIMITS.notes).optional(),
  eventLoop: z
    .object({ delayP50Ms: measured, delayP99Ms: measured, delayMaxMs: measured, utilization: fraction })
    .optional(),
  shared: z.array(sharedPhaseSchema).optional(),
  states: statesSchema.optional(),
  spans: z.array(spanSchema),
});

const stat = z.number().nullable();
export const summaryRowSchema = z.looseObject({
  model: z.enum(MODELS),
  runtime: z.enum(['node', 'python']),
  concurrency: int(1),
  trials: int(),
  failed: int(),
  wallMs: z.looseObject({
    median: stat,
    mean: stat,
    ci95: z.object({ low: stat, high: stat }),
    min: stat,
    max: stat,
    stdev: stat,
  }),
  startupMs: z.looseObject({ median: stat }),
  cpuMs: z.looseObject({ median: stat }),
  speedup: stat,
  // Absent in results saved before efficiency was measured against the ideal: recomputed on read.
  cpuShare: stat.optional(),
  idealSpeedup: stat.optional(),
  efficiency: stat,
  throughput: stat,
  latencyMs: z.looseObject({ p50: stat, p95: stat }),
  noisy: z.boolean(),
});

export const machineSchema = z.looseObject({
  fingerprint: z.string().min(1),
  hostname: z.string(),
  cpuModel: z.string(),
  logicalCores: int(1, 65_536),
  memoryBytes: z.number().min(0).max(2 ** 60),
  os: z.string(),
  platform: z.string(),
  arch: z.string(),
  kernel: z.string(),
  node: z.string(),
  electron: z.string().optional(),
  python: z
    .looseObject({
      executable: z.string(),
      version: z.string(),
      implementation: z.string(),
      gilEnabled: z.boolean().nullable(),
      freeThreaded: z.boolean(),
    })
    .optional(),
});

export const runResultSchema = z
  .object({
    version: z.literal(RESULT_VERSION),
    // Used in file names and URLs: no path separators or spaces.
    runId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { error: 'expected a run id (letters, digits, . _ -)' }),
    // The limits of editing: an import keeps nothing `edit` would refuse.
    name: z.string().max(HISTORY_LIMITS.name, { error: `must be at most ${HISTORY_LIMITS.name} characters` }),
    experiment: experimentSchema.superRefine((spec, ctx) => {
      // A run keeps exactly the code it ran: an imported source must be the one its hash names.
      const w = spec.workload;
      if (w.kind === 'code' && w.source !== undefined && w.sha256 !== undefined) {
        if (createHash('sha256').update(w.source, 'utf8').digest('hex') !== w.sha256) {
          ctx.addIssue({ code: 'custom', path: ['workload', 'sha256'], message: 'does not match the source: the code was changed after it ran' });
        }
      }
    }),
    machine: machineSchema,
    status: z.enum(RUN_STATUSES),
    startedAt: isoTime,
    endedAt: isoTime.optional(),
    calibration: z.looseObject({ params: z.record(z.string(), z.number()), measuredMs: ms }).optional(),
    trials: z.array(trialSchema),
    // Recomputed from the trials on import; only its shape is checked, for a clear error.
    summary: z.array(summaryRowSchema),
    utilization: z.array(z.object({ tMs: ms, cores: z.array(z.number().min(0).max(1)) })).default([]),
    error: z.string().max(HISTORY_LIMITS.notes, { error: `must be at most ${HISTORY_LIMITS.notes} characters` }).optional(),
    tags: z
      .array(z.string().max(HISTORY_LIMITS.tag, { error: `must be at most ${HISTORY_LIMITS.tag} characters` }))
      .max(HISTORY_LIMITS.tags, { error: `must have at most ${HISTORY_LIMITS.tags} tags` })
      .optional(),
    notes: z.string().max(HISTORY_LIMITS.notes, { error: `must be at most ${HISTORY_LIMITS.notes} characters` }).optional(),
  })
  .refine((r) => r.endedAt === undefined || Date.parse(r.endedAt) >= Date.parse(r.startedAt), {
    error: 'ends before it starts (endedAt is before startedAt)',
    path: ['endedAt'],
  });

export const exportDocumentSchema = z.object({
  format: z.literal('concurrency-lab'),
  version: z.literal(1),
  exportedAt: isoTime.optional(),
  runs: z.array(runResultSchema).min(1, { error: 'expected at least one run' }),
});
