// Reads runs back into the result format, and turns an id or unique prefix into a run.
import type Database from 'better-sqlite3';
import type { ExperimentSpec } from '../../src-shared/experiment.ts';
import type { ModelName } from '../../src-shared/models.ts';
import type {
  Calibration,
  MachineInfo,
  RunOverview,
  RunResult,
  RunStatus,
  SharedPhase,
  SummaryRow,
  TrialFigures,
  TrialResult,
  TrialStates,
  TrialStatus,
  UtilizationSample,
} from '../../src-shared/result.ts';
import { RESULT_VERSION } from '../../src-shared/result.ts';
import { latenciesOf, latencyQuantiles, summarize, type SummaryTrial } from '../../src-shared/summary.ts';
import { StoreError } from './errors.ts';
import { decodeColumns, decodeSpans, encodeSpans, type SpanColumns } from './span-codec.ts';

export interface RunRef {
  id: number;
  runId: string;
  status: RunStatus;
}

interface RunRow {
  id: number;
  run_id: string;
  name: string;
  status: RunStatus;
  started_at: string;
  ended_at: string | null;
  spec: string;
  machine_info: string;
  calibration: string | null;
  summary: string | null;
  error: string | null;
  notes: string;
  tags: string;
}

interface TrialRow {
  idx: number;
  model: ModelName;
  concurrency: number;
  repetition: number;
  status: TrialStatus;
  wall_ms: number | null;
  startup_ms: number | null;
  cpu_ms: number | null;
  peak_rss_bytes: number | null;
  offset_ms: number | null;
  error: string | null;
  el_delay_p50_ms: number | null;
  el_delay_p99_ms: number | null;
  el_delay_max_ms: number | null;
  el_utilization: number | null;
  shared: string | null;
  states: string | null;
  columns: Uint8Array | null;
  span_count?: number | null;
}

/** Escapes LIKE's wildcards so user text matches literally (with ESCAPE '\'). */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export class RunReader {
  private readonly exact: Database.Statement;
  private readonly byPrefix: Database.Statement;
  private readonly runRow: Database.Statement;
  private readonly trialRows: Database.Statement;
  private readonly trialRowsNoSpans: Database.Statement;
  private readonly samples: Database.Statement;
  private readonly oneTrial: Database.Statement;
  private readonly runIdOf: Database.Statement;
  private readonly trialFigures: Database.Statement;
  private readonly oneTrialFigures: Database.Statement;
  private readonly trialBlob: Database.Statement;

  constructor(db: Database.Database) {
    this.exact = db.prepare('SELECT id, run_id AS runId, status FROM runs WHERE run_id = ?');
    this.byPrefix = db.prepare(
      "SELECT id, run_id AS runId, status FROM runs WHERE run_id LIKE ? ESCAPE '\\' ORDER BY started_at DESC LIMIT 6",
    );
    this.runRow = db.prepare(`
      SELECT r.id, r.run_id, r.name, r.status, r.started_at, r.ended_at, e.spec, r.machine_info, r.calibration,
             r.summary, r.error, r.notes, r.tags
      FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id = ?`);
    const trialColumns = `t.idx, t.model, t.concurrency, t.repetition, t.status, t.wall_ms, t.startup_ms, t.cpu_ms,
      t.peak_rss_bytes, t.offset_ms, t.error, t.el_delay_p50_ms, t.el_delay_p99_ms, t.el_delay_max_ms, t.el_utilization, t.shared,
      t.states`;
    this.trialRows = db.prepare(`
      SELECT ${trialColumns}, s.columns FROM trials t LEFT JOIN trial_spans s ON s.trial = t.id
      WHERE t.run = ? ORDER BY t.idx`);
    this.trialRowsNoSpans = db.prepare(`SELECT ${trialColumns}, NULL AS columns FROM trials t WHERE t.run = ? ORDER BY t.idx`);
    this.oneTrial = db.prepare(`
      SELECT ${trialColumns}, s.columns FROM trials t LEFT JOIN trial_spans s ON s.trial = t.id
      WHERE t.run = ? AND t.idx = ?`);
    this.runIdOf = db.prepare('SELECT run_id FROM runs WHERE id = ?').pluck();
    this.trialFigures = db.prepare(`
      SELECT ${trialColumns}, NULL AS columns, s.count AS span_count FROM trials t LEFT JOIN trial_spans s ON s.trial = t.id
      WHERE t.run = ? ORDER BY t.idx`);
    this.oneTrialFigures = db.prepare(`
      SELECT ${trialColumns}, NULL AS columns, s.count AS span_count FROM trials t LEFT JOIN trial_spans s ON s.trial = t.id
      WHERE t.run = ? AND t.idx = ?`);
    this.trialBlob = db.prepare('SELECT s.columns FROM trials t JOIN trial_spans s ON s.trial = t.id WHERE t.run = ? AND t.idx = ?').pluck();
    this.samples = db.prepare('SELECT t_ms, cores FROM utilization WHERE run = ? ORDER BY t_ms, rowid');
  }

  /** A full run id, or a prefix that names exactly one run. */
  resolve(idOrPrefix: string): RunRef {
    const id = String(idOrPrefix ?? '').trim();
    if (!id) throw new StoreError('invalid-input', 'give a run id');
    const exact = this.exact.get(id) as RunRef | undefined;
    if (exact) return exact;
    const matches = this.byPrefix.all(`${likeLiteral(id)}%`) as RunRef[];
    if (matches.length === 1) return matches[0];
    if (matches.length === 0) throw new StoreError('not-found', `no run with id ${id}`);
    const shown = matches.slice(0, 5).map((m) => `${m.runId.slice(0, id.length + 4)}…`);
    throw new StoreError(
      'invalid-input',
      `run id ${id} is ambiguous: it matches ${matches.length > 5 ? 'more than 5' : matches.length} runs ` +
        `(${shown.join(', ')}); give more of it`,
    );
  }

  /** One trial of a run, spans included; undefined when the run has no trial with that index. */
  readTrial(rowId: number, index: number): TrialResult | undefined {
    const row = this.trialRow(rowId, index);
    return row && this.toTrial(rowId, row);
  }

  private trialRow(rowId: number, index: number): TrialRow | undefined {
    try {
      return this.oneTrial.get(rowId, index) as TrialRow | undefined;
    } catch (error) {
      throw this.unreadable(rowId, index, error);
    }
  }

  /**
   * All trials of a run. When SQLite cannot read them (a damaged page), each is read on
   * its own to name the one that fails.
   */
  private trials(rowId: number, spans: boolean): TrialResult[] {
    const stmt = spans ? this.trialRows : this.trialRowsNoSpans;
    let rows: TrialRow[];
    try {
      rows = stmt.all(rowId) as TrialRow[];
    } catch (error) {
      if (!spans) throw error;
      const indexes = (this.trialRowsNoSpans.all(rowId) as TrialRow[]).map((r) => r.idx);
      for (const idx of indexes) this.trialRow(rowId, idx);
      throw error;
    }
    return rows.map((row) => this.toTrial(rowId, row));
  }

  private toTrial(rowId: number, row: TrialRow): TrialResult {
    try {
      return toTrial(row);
    } catch (error) {
      throw this.unreadable(rowId, row.idx, error);
    }
  }

  /** One trial's figures (no spans); undefined when the run has no trial with that index. */
  readTrialFigures(rowId: number, index: number): TrialFigures | undefined {
    const row = this.oneTrialFigures.get(rowId, index) as TrialRow | undefined;
    return row && toFigures(row);
  }

  /** One trial's spans as columns (none when the trial saved none); a damaged blob is named by run and trial. */
  readSpanColumns(rowId: number, index: number): SpanColumns {
    try {
      const blob = this.trialBlob.get(rowId, index) as Uint8Array | undefined;
      return decodeColumns(blob ?? EMPTY_SPANS);
    } catch (error) {
      throw this.unreadable(rowId, index, error);
    }
  }

  /** One trial's spans as span objects (for an export of the trial). */
  readSpans(rowId: number, index: number): TrialResult['spans'] {
    try {
      const blob = this.trialBlob.get(rowId, index) as Uint8Array | undefined;
      return blob ? decodeSpans(blob) : [];
    } catch (error) {
      throw this.unreadable(rowId, index, error);
    }
  }

  /**
   * One run without its spans: every trial's figures and span count. A run without a stored
   * summary gets one computed from its trials, reading one trial's latencies at a time.
   */
  readOverview(rowId: number): RunOverview {
    const head = this.readHead(rowId);
    const trials = (this.trialFigures.all(rowId) as TrialRow[]).map(toFigures);
    const summary = head.summary ?? this.summaryFromSpans(rowId, trials, head.machine.logicalCores);
    return { ...head.run(trials), summary };
  }

  /** The summary of a run's trials computed from their saved spans (a run still going, or interrupted). */
  summaryFromSpans(rowId: number, trials: readonly Omit<TrialResult, 'spans'>[], logicalCores: number): SummaryRow[] {
    const withLatencies: SummaryTrial[] = trials.map((t) => {
      const c = this.readSpanColumns(rowId, t.index);
      return { ...t, spanCount: c.count, taskLatencyMs: latencyQuantiles(latenciesOf(c)) };
    });
    return summarize(withLatencies, logicalCores);
  }

  private readHead(rowId: number) {
    const row = this.runRow.get(rowId) as RunRow | undefined;
    if (!row) throw new StoreError('not-found', `no run with row id ${rowId}`);
    const machine = JSON.parse(row.machine_info) as MachineInfo;
    const samples = this.samples.all(rowId) as { t_ms: number; cores: string }[];
    return {
      machine,
      // A summary saved before the ideal speedup existed (efficiency against min(k, cores)) is
      // recomputed from the trials, like one never saved.
      summary: storedSummary(row.summary),
      // Keys in the order of the result format, so an export reads like the CLI's --json.
      run: <T>(trials: T[]) => ({
        version: RESULT_VERSION as typeof RESULT_VERSION,
        runId: row.run_id,
        name: row.name,
        experiment: JSON.parse(row.spec) as ExperimentSpec,
        machine,
        status: row.status,
        startedAt: row.started_at,
        ...(row.ended_at !== null && { endedAt: row.ended_at }),
        ...(row.calibration !== null && { calibration: JSON.parse(row.calibration) as Calibration }),
        trials,
        summary: [] as SummaryRow[],
        utilization: samples.map((s): UtilizationSample => ({ tMs: s.t_ms, cores: JSON.parse(s.cores) as number[] })),
        ...(row.error !== null && { error: row.error }),
        tags: JSON.parse(row.tags) as string[],
        notes: row.notes,
      }),
    };
  }

  /** A trial that cannot be read, named by run and trial, so the rest of the history stays usable. */
  private unreadable(rowId: number, index: number, error: unknown): StoreError {
    const runId = (this.runIdOf.get(rowId) as string | undefined) ?? `#${rowId}`;
    return new StoreError(
      'store-error',
      `run ${runId}, trial ${index}: its task spans cannot be read (${(error as Error).message}); the file may be damaged`,
      { cause: error },
    );
  }

  /**
   * One run as the result format. Without spans (for comparisons) trials carry `spans: []`.
   * A run without a stored summary (still running, or interrupted) gets one computed from its trials.
   */
  read(rowId: number, options: { spans: boolean } = { spans: true }): RunResult {
    const head = this.readHead(rowId);
    const trials = this.trials(rowId, options.spans);
    let summary: SummaryRow[];
    if (head.summary !== null) summary = head.summary;
    else if (options.spans) summary = summarize(trials, head.machine.logicalCores);
    else summary = this.summaryFromSpans(rowId, trials, head.machine.logicalCores);
    return { ...head.run(trials), summary };
  }
}

const EMPTY_SPANS = encodeSpans([]);

function storedSummary(json: string | null): SummaryRow[] | null {
  const stored = json === null ? null : (JSON.parse(json) as SummaryRow[]);
  return stored !== null && stored.every((r) => 'idealSpeedup' in r) ? stored : null;
}

function toFigures(r: TrialRow): TrialFigures {
  const { spans: _, ...figures } = toTrial({ ...r, columns: null });
  return { ...figures, spanCount: r.span_count ?? 0 };
}

function toTrial(r: TrialRow): TrialResult {
  const eventLoop =
    r.el_utilization !== null || r.el_delay_p50_ms !== null
      ? {
          delayP50Ms: r.el_delay_p50_ms ?? NaN,
          delayP99Ms: r.el_delay_p99_ms ?? NaN,
          delayMaxMs: r.el_delay_max_ms ?? NaN,
          utilization: r.el_utilization ?? NaN,
        }
      : null;
  return {
    index: r.idx,
    model: r.model,
    concurrency: r.concurrency,
    repetition: r.repetition,
    status: r.status,
    wallMs: r.wall_ms ?? NaN,
    startupMs: r.startup_ms ?? NaN,
    cpuMs: r.cpu_ms ?? NaN,
    ...(r.peak_rss_bytes !== null && { peakRssBytes: r.peak_rss_bytes }),
    offsetMs: r.offset_ms ?? NaN,
    ...(r.error !== null && { error: r.error }),
    ...(eventLoop !== null && { eventLoop }),
    ...(r.shared !== null && { shared: JSON.parse(r.shared) as SharedPhase[] }),
    ...(r.states !== null && { states: JSON.parse(r.states) as TrialStates }),
    spans: r.columns ? decodeSpans(r.columns) : [],
  };
}
