// Every write of a run: as it goes (start, each trial, utilisation, finish) and whole (import).
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ExperimentSpec } from '../../src-shared/experiment.ts';
import { modelsWithBaselines } from '../../src-shared/experiment.ts';
import { isSequential } from '../../src-shared/models.ts';
import type {
  Calibration,
  MachineInfo,
  RunResult,
  RunStatus,
  SummaryRow,
  TrialData,
  TrialResult,
  UtilizationSample,
} from '../../src-shared/result.ts';
import { SpanTable } from '../../src-shared/span-table.ts';
import type { RunOwner } from './run-owner.ts';
import { encodeColumns, encodeSpans } from './span-codec.ts';

export interface RunStart {
  runId: string;
  name: string;
  experiment: ExperimentSpec;
  machine: MachineInfo;
  startedAt: string;
  calibration?: Calibration;
}

export interface RunEnd {
  status: RunStatus;
  endedAt: string;
  summary: SummaryRow[];
  error?: string;
}

/** The best speedup of a run's concurrent cells (a baseline's own 1.0 is not a speedup). */
export function bestSpeedup(summary: readonly SummaryRow[]): number | null {
  let best: number | null = null;
  for (const row of summary) {
    if (isSequential(row.model) || row.speedup === null || !Number.isFinite(row.speedup)) continue;
    if (best === null || row.speedup > best) best = row.speedup;
  }
  return best;
}

function machineRow(m: MachineInfo) {
  return { fingerprint: m.fingerprint, cpuModel: m.cpuModel, logicalCores: m.logicalCores, memoryBytes: m.memoryBytes, os: m.os, info: JSON.stringify(m) };
}

export class RunWriter {
  private readonly upsertMachine: Database.Statement;
  private readonly insertMachineIfNew: Database.Statement;
  private readonly machineByFingerprint: Database.Statement;
  private readonly insertExperiment: Database.Statement;
  private readonly experimentId: Database.Statement;
  private readonly insertRunRow: Database.Statement;
  private readonly insertTrialRow: Database.Statement;
  private readonly insertSpans: Database.Statement;
  private readonly countTrial: Database.Statement;
  private readonly insertSample: Database.Statement;
  private readonly finishRow: Database.Statement;
  private readonly insertTag: Database.Statement;
  private readonly interruptRow: Database.Statement;

  constructor(db: Database.Database) {
    this.upsertMachine = db.prepare(`
      INSERT INTO machines (fingerprint, cpu_model, logical_cores, memory_bytes, os, info)
      VALUES (@fingerprint, @cpuModel, @logicalCores, @memoryBytes, @os, @info)
      ON CONFLICT (fingerprint) DO UPDATE SET
        cpu_model = excluded.cpu_model, logical_cores = excluded.logical_cores,
        memory_bytes = excluded.memory_bytes, os = excluded.os, info = excluded.info`);
    this.insertMachineIfNew = db.prepare(`
      INSERT INTO machines (fingerprint, cpu_model, logical_cores, memory_bytes, os, info)
      VALUES (@fingerprint, @cpuModel, @logicalCores, @memoryBytes, @os, @info)
      ON CONFLICT (fingerprint) DO NOTHING`);
    this.machineByFingerprint = db.prepare(
      'SELECT cpu_model AS cpuModel, logical_cores AS logicalCores, memory_bytes AS memoryBytes, os FROM machines WHERE fingerprint = ?',
    );
    this.insertExperiment = db.prepare(
      'INSERT INTO experiments (spec, workload, tasks) VALUES (?, ?, ?) ON CONFLICT (spec) DO NOTHING',
    );
    this.experimentId = db.prepare('SELECT id FROM experiments WHERE spec = ?').pluck();
    this.insertRunRow = db.prepare(`
      INSERT INTO runs (run_id, name, status, started_at, ended_at, experiment_id, machine, machine_info, hostname,
                        workload, tasks, models, concurrency, calibration, summary, best_speedup, error, notes, tags,
                        owner_pid, owner_host, owner_start)
      VALUES (@runId, @name, @status, @startedAt, @endedAt, @experimentId, @fingerprint, @machineInfo, @hostname,
              @workload, @tasks, @models, @concurrency, @calibration, @summary, @bestSpeedup, @error, @notes, @tags,
              @ownerPid, @ownerHost, @ownerStart)`);
    this.insertTrialRow = db.prepare(`
      INSERT INTO trials (run, idx, model, concurrency, repetition, status, wall_ms, startup_ms, cpu_ms,
                          peak_rss_bytes, offset_ms, error, el_delay_p50_ms, el_delay_p99_ms, el_delay_max_ms,
                          el_utilization, shared, states)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertSpans = db.prepare('INSERT INTO trial_spans (trial, count, columns) VALUES (?, ?, ?)');
    this.countTrial = db.prepare('UPDATE runs SET trial_count = trial_count + 1 WHERE id = ?');
    this.insertSample = db.prepare('INSERT INTO utilization (run, t_ms, cores) VALUES (?, ?, ?)');
    this.finishRow = db.prepare(`
      UPDATE runs SET status = @status, ended_at = @endedAt, summary = @summary, best_speedup = @bestSpeedup,
                      error = @error, owner_pid = NULL, owner_host = NULL, owner_start = NULL
      WHERE id = @id`);
    this.insertTag = db.prepare('INSERT OR IGNORE INTO run_tags (tag, run) VALUES (?, ?)');
    this.interruptRow = db.prepare(`
      UPDATE runs SET status = 'interrupted', summary = @summary, best_speedup = @bestSpeedup, error = @error,
                      owner_pid = NULL, owner_host = NULL, owner_start = NULL
      WHERE id = @id AND status = 'running'`);
  }

  /**
   * Inserts the run row (no transaction of its own); returns its row id. A run recorded
   * here brings this machine's latest record; an imported one (`imported`) never
   * changes a machine already here.
   */
  insertRun(
    run: RunStart & { status: RunStatus; endedAt?: string; summary?: SummaryRow[]; error?: string; tags?: string[]; notes?: string },
    owner: RunOwner | null,
    imported = false,
  ): number {
    let m = run.machine;
    if (imported) m = this.importedMachine(m);
    else this.upsertMachine.run(machineRow(m));
    const spec = JSON.stringify(run.experiment);
    this.insertExperiment.run(spec, run.experiment.workload.kind, run.experiment.tasks);
    const experimentId = this.experimentId.get(spec) as number;
    const tags = run.tags ?? [];
    const result = this.insertRunRow.run({
      runId: run.runId,
      name: run.name,
      status: run.status,
      startedAt: run.startedAt,
      endedAt: run.endedAt ?? null,
      experimentId,
      fingerprint: m.fingerprint,
      machineInfo: JSON.stringify(m),
      hostname: m.hostname,
      workload: run.experiment.workload.kind,
      tasks: run.experiment.tasks,
      models: `,${modelsWithBaselines(run.experiment.models).join(',')},`,
      concurrency: JSON.stringify(run.experiment.concurrency),
      calibration: run.calibration ? JSON.stringify(run.calibration) : null,
      summary: run.summary ? JSON.stringify(run.summary) : null,
      bestSpeedup: run.summary ? bestSpeedup(run.summary) : null,
      error: run.error ?? null,
      notes: run.notes ?? '',
      tags: JSON.stringify(tags),
      ownerPid: owner?.pid ?? null,
      ownerHost: owner?.host ?? null,
      ownerStart: owner?.start ?? null,
    });
    const id = Number(result.lastInsertRowid);
    for (const tag of tags) this.insertTag.run(tag, id);
    return id;
  }

  /** Inserts one trial and its spans (no transaction of its own): the engine's columns are encoded as they are. */
  insertTrial(runRow: number, t: TrialResult | TrialData): void {
    const el = t.eventLoop;
    const result = this.insertTrialRow.run(
      runRow,
      t.index,
      t.model,
      t.concurrency,
      t.repetition,
      t.status,
      t.wallMs,
      t.startupMs,
      t.cpuMs,
      t.peakRssBytes ?? null,
      t.offsetMs,
      t.error ?? null,
      el?.delayP50Ms ?? null,
      el?.delayP99Ms ?? null,
      el?.delayMaxMs ?? null,
      el?.utilization ?? null,
      t.shared ? JSON.stringify(t.shared) : null,
      t.states ? JSON.stringify(t.states) : null,
    );
    const blob = t.spans instanceof SpanTable ? encodeColumns(t.spans.columns()) : encodeSpans(t.spans);
    this.insertSpans.run(result.lastInsertRowid, t.spans.length, blob);
    this.countTrial.run(runRow);
  }

  insertSamples(runRow: number, samples: readonly UtilizationSample[]): void {
    for (const s of samples) this.insertSample.run(runRow, s.tMs, JSON.stringify(s.cores));
  }

  finish(runRow: number, end: RunEnd): void {
    this.finishRow.run({
      id: runRow,
      status: end.status,
      endedAt: end.endedAt,
      summary: JSON.stringify(end.summary),
      bestSpeedup: bestSpeedup(end.summary),
      error: end.error ?? null,
    });
  }

  /**
   * The machine of an imported run. The same fingerprint with other hardware is not this
   * machine (a file can claim any fingerprint): that record gets an identity of its own,
   * so runs already here keep showing the machine they ran on.
   */
  private importedMachine(m: MachineInfo): MachineInfo {
    const here = this.machineByFingerprint.get(m.fingerprint) as Pick<MachineInfo, 'cpuModel' | 'logicalCores' | 'memoryBytes' | 'os'> | undefined;
    const same = (h: typeof here) => !h || (h.cpuModel === m.cpuModel && h.logicalCores === m.logicalCores && h.memoryBytes === m.memoryBytes && h.os === m.os);
    let machine = m;
    if (!same(here)) {
      const digest = createHash('sha256').update(JSON.stringify([m.cpuModel, m.logicalCores, m.memoryBytes, m.os])).digest('hex');
      machine = { ...m, fingerprint: `${m.fingerprint}~${digest.slice(0, 12)}` };
    }
    this.insertMachineIfNew.run(machineRow(machine));
    return machine;
  }

  /** Inserts a whole run (import); the caller holds the transaction. */
  insertWhole(run: RunResult): void {
    const id = this.insertRun(run, null, true);
    for (const t of run.trials) this.insertTrial(id, t);
    this.insertSamples(id, run.utilization);
  }

  /** A running run whose recorder is gone: keep its trials, summarise them, close it. */
  interrupt(runRow: number, summary: SummaryRow[], error: string): void {
    this.interruptRow.run({ id: runRow, summary: JSON.stringify(summary), bestSpeedup: bestSpeedup(summary), error });
  }
}
