// How much disk a run's history takes, so a run that cannot be saved is refused before
// it starts rather than measured and lost.
import { planTrials, type ExperimentSpec } from '../../src-shared/experiment.ts';

/**
 * Bytes per span, generously: the span codec packs the engine's spans into 10 to 20
 * bytes (µs-exact times as 2-4 byte integers); 32 leaves room for spans that need f64.
 */
const BYTES_PER_SPAN = 32;
/** The trial row, its blob's row and record overhead, a utilisation batch. */
const BYTES_PER_TRIAL = 2048;
/** SQLite's write-ahead log grows to about 1,000 pages (4 MiB) between checkpoints, beside the file. */
const WAL_BYTES = 4 * 1024 * 1024;

/** About how many bytes saving this run adds to the history at its largest (file plus WAL). */
export function estimateRunBytes(spec: ExperimentSpec): number {
  const trials = planTrials(spec).filter((t) => !t.warmup).length;
  const perTrial = spec.tasks * BYTES_PER_SPAN + BYTES_PER_TRIAL;
  // One trial is one transaction: the WAL holds at least the largest one whole.
  return trials * perTrial + Math.max(WAL_BYTES, perTrial);
}
