// The zod schema of the export document (and of one bare RunResult), used to check
// imports before a row is written. Measured fields are strict; the summary and the
// machine keep fields this build does not know, so a newer file loses nothing it can store.
import { z } from 'zod';
import { experimentSchema } from '../../src-shared/experiment.ts';
import { MODELS } from '../../src-shared/models.ts';
import { RESULT_VERSION, RUN_STATUSES, TRIAL_STATUSES } from '../../src-shared/result.ts';
import { SHARED_MODES } from '../../src-shared/shared-state.ts';

const int = (min = 0) => z.number().int().min(min);
/** A JSON export writes NaN as null: accept it back as "no value". */
const measured = z.number().nullable().transform((v) => v ?? NaN);
const stat = z.number().nullable();
const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { error: 'expected an ISO date-time' });

export const spanSchema = z.object({
  task: int(),
  worker: int(),
  startMs: z.number(),
  endMs: z.number(),
  pid: int().optional(),
  thread: z.number().optional(),
  cpu: int().optional(),
});

export const sharedPhaseSchema = z
  .object({
    mode: z.enum(SHARED_MODES),
    expected: int(),
    observed: int().nullable(),
    lost: z.number().int().nullable(),
    perProcess: z.array(int()).optional(),
    wallMs: z.number().min(0),
    switchIntervalMs: z.number().positive().optional(),
    // Printed by the CLI: no control characters from a file reach a terminal.
    unavailable: z.string().regex(/^[^\p{Cc}]*$/u, { error: 'must not hold control characters' }).optional(),
  })
  .refine((p) => (p.observed === null ? p.lost === null : p.lost === p.expected - p.observed), {
    error: 'lost must be expected − observed (null where nothing is shared)',
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
  peakRssBytes: z.number().min(0).optional(),
  offsetMs: measured,
  error: z.string().optional(),
  eventLoop: z
    .object({ delayP50Ms: measured, delayP99Ms: measured, delayMaxMs: measured, utilization: measured })
    .optional(),
  shared: z.array(sharedPhaseSchema).optional(),
  spans: z.array(spanSchema),
});

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
  logicalCores: int(1),
  memoryBytes: z.number().min(0),
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

export const runResultSchema = z.object({
  version: z.literal(RESULT_VERSION),
  // Used in file names and URLs: no path separators or spaces.
  runId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { error: 'expected a run id (letters, digits, . _ -)' }),
  name: z.string().max(500),
  experiment: experimentSchema,
  machine: machineSchema,
  status: z.enum(RUN_STATUSES),
  startedAt: isoTime,
  endedAt: isoTime.optional(),
  calibration: z.looseObject({ params: z.record(z.string(), z.number()), measuredMs: z.number() }).optional(),
  trials: z.array(trialSchema),
  summary: z.array(summaryRowSchema),
  utilization: z.array(z.object({ tMs: z.number(), cores: z.array(z.number()) })).default([]),
  error: z.string().optional(),
  tags: z.array(z.string()).optional(),
  notes: z.string().optional(),
});

export const exportDocumentSchema = z.object({
  format: z.literal('concurrency-lab'),
  version: z.literal(1),
  exportedAt: isoTime.optional(),
  runs: z.array(runResultSchema).min(1, { error: 'expected at least one run' }),
});
