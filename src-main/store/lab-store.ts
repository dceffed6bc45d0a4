// The run history: one SQLite database opened by the main process or the CLI
// (never the renderer). Every public method is synchronous (better-sqlite3) and
// throws only StoreError.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, extname } from 'node:path';
import Database from 'better-sqlite3';
import type { Comparison, ExportPayload, ImportSummary, RunFilter, RunListItem, RunPage, RunPatch, SpanWindow, SpanWindowRequest } from '../../src-shared/contract.ts';
import type { RunOverview, RunResult, UtilizationSample, TrialData, TrialResult } from '../../src-shared/result.ts';
import { explainRun } from '../../src-shared/explain-run.ts';
import { summarize } from '../../src-shared/summary.ts';
import { compareRunResults } from '../../src-shared/compare.ts';
import { HISTORY_LIMITS } from '../../src-shared/limits.ts';
import { StoreError } from './errors.ts';
import { exportCsv } from './export-csv.ts';
import { writeExportDocument, type LazyRun } from './export-json.ts';
import { exportBaseName } from './export-names.ts';
import { traceFileName, writeTrace } from './export-trace.ts';
import { FileSink, LazyArray, StringSink, type TextSink } from './json-writer.ts';
import { parseImport } from './import.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import { quickCheckAll, readability, type Readability } from './health-check.ts';
import {
  damagedReason,
  describeWriteFailure,
  freeBytes,
  isWriteFailure,
  openDatabase,
  writeBlocker,
  type OpenedDatabase,
} from './open-database.ts';
import { freshPathBeside } from './paths.ts';
import { currentOwner, isOwnerAlive, type RunOwner } from './run-owner.ts';
import { RunList } from './run-list.ts';
import { RunReader, type RunRef } from './run-reader.ts';
import { RunWriter, type RunEnd, type RunStart } from './run-writer.ts';
import { StudyRecords, type StudyStart } from './study-records.ts';
import type { StudyListItem, StudyResult, StudyStatus } from '../../src-shared/study-result.ts';
import { SpanLaneCache, spanWindow } from './span-window.ts';

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const SWEEP_EVERY_MS = 2000;
/** What a patch may hold: the limits the service's schema checks too (src-shared/limits.ts). */
export const PATCH_LIMITS = HISTORY_LIMITS;

export interface StoreHealth {
  path: string;
  writable: boolean;
  /** Why it cannot be written (read-only file, folder or file system, full disk, damaged). */
  readOnly?: string;
  damaged: boolean;
  /** SQLite's findings, when damaged. */
  problems?: string[];
  /** Which runs can still be read, when damaged and asked for. */
  readability?: Readability;
}

export class LabStore {
  readonly path: string;
  private db!: Database.Database;
  private writer!: RunWriter;
  private reader!: RunReader;
  private lister!: RunList;
  private studies!: StudyRecords;
  private readonly lanes = new SpanLaneCache();
  private readonly owner: RunOwner;
  /** Why this file cannot be written now (read-only, full, damaged); null when it can. */
  private readOnly: string | null;
  /** What SQLite's check found wrong with the file; a damaged file is never written. */
  private damage: string[];
  /** Whether the whole file has passed quick_check (done once, before the first write). */
  private fullyChecked = false;
  /** Which runs of a damaged file can be read; worked out once, when a write is first refused. */
  private readable?: Readability;
  /** Runs this store is recording: run id -> row id. */
  private readonly live = new Map<string, number>();
  /** Studies this store is recording: study id -> row id. */
  private readonly liveStudies = new Map<string, number>();
  private lastSweep = 0;

  /**
   * Opens (creating folders and file as needed) and migrates the database. A file that is
   * not a usable Concurrency Lab database is left untouched: StoreError('store-error')
   * naming it, with `file` set, so the app can offer `openFresh` beside it. A file that
   * can be read but not written, or that fails SQLite's check, opens for reading only:
   * see `health()`.
   */
  static open(file: string, options: { write?: boolean } = {}): LabStore {
    const store = new LabStore(file, openDatabase(file, options));
    // Runs whose recorder died become interrupted, when the file can be written.
    store.recoverInterrupted();
    return store;
  }

  /** A new, empty database next to `file` (which stays as it was), e.g. after `open` refused it. */
  static openFresh(file: string, now: Date = new Date()): LabStore {
    const first = freshPathBeside(file, now);
    const ext = extname(first);
    let fresh = first;
    for (let n = 2; existsSync(fresh); n++) fresh = `${first.slice(0, first.length - ext.length)}-${n}${ext}`;
    return LabStore.open(fresh);
  }

  private constructor(file: string, opened: OpenedDatabase) {
    this.path = file;
    this.owner = currentOwner();
    this.readOnly = opened.readOnly;
    this.damage = opened.damage;
    this.connect(opened.db);
  }

  private connect(db: Database.Database): void {
    this.db = db;
    this.writer = new RunWriter(db);
    this.reader = new RunReader(db);
    this.lister = new RunList(db);
    this.studies = new StudyRecords(db, this.reader);
  }

  /**
   * Whether the file can be written, and if not why; for a damaged file, which runs can
   * still be read (this reads every run, so only ask when `damaged`).
   */
  health(options: { readability?: boolean } = {}): StoreHealth {
    const h: StoreHealth = { path: this.path, writable: this.readOnly === null, damaged: this.damage.length > 0 };
    if (this.readOnly !== null) h.readOnly = this.readOnly;
    if (h.damaged) {
      h.problems = [...this.damage];
      if (options.readability) {
        const ids = this.db.prepare('SELECT run_id FROM runs ORDER BY started_at DESC').pluck().all() as string[];
        h.readability = readability(ids, (id) => this.getRun(id));
      }
    }
    return h;
  }

  /**
   * Throws, naming the file and the reason, unless the history can be written now: it
   * is not read-only, the disk has room for `needBytes` more, SQLite's check passes, and
   * a real write goes through. A store opened read-only tries again, so freeing the disk
   * or fixing permissions is enough. Nothing of the history changes.
   */
  ensureWritable(needBytes = 0): void {
    if (this.damage.length) throw this.cannotWrite();
    if (this.readOnly !== null) this.reopenForWriting();
    if (!this.fullyChecked) {
      const problems = this.guard(() => quickCheckAll(this.db));
      this.fullyChecked = true;
      if (problems.length) {
        this.damage = problems;
        this.readOnly = damagedReason(problems);
        this.db.pragma('query_only = ON');
        throw this.cannotWrite();
      }
    }
    if (needBytes > 0) {
      const free = freeBytes(dirname(this.path));
      if (free !== null && free < needBytes) {
        throw new StoreError(
          'store-error',
          `${this.path} cannot take this run: it needs about ${mib(needBytes)} and the disk has ${mib(free)} free. ` +
            'Nothing was started; free some space or use another database.',
          { file: this.path },
        );
      }
    }
    try {
      // A real write that changes nothing: rewrites the schema version with its own value.
      this.db.transaction(() => this.db.pragma(`user_version = ${SCHEMA_VERSION}`)).immediate();
    } catch (error) {
      if (!isWriteFailure(error)) throw this.asStoreError(error);
      this.readOnly = describeWriteFailure(error as InstanceType<typeof Database.SqliteError>);
      throw this.cannotWrite();
    }
  }

  private reopenForWriting(): void {
    const blocker = writeBlocker(this.path);
    if (blocker !== null) {
      this.readOnly = blocker;
      throw this.cannotWrite();
    }
    let opened: OpenedDatabase;
    try {
      opened = openDatabase(this.path);
    } catch (error) {
      throw this.asStoreError(error);
    }
    if (opened.readOnly !== null) {
      opened.db.close();
      this.readOnly = opened.readOnly;
      this.damage = opened.damage;
      throw this.cannotWrite();
    }
    this.db.close();
    this.connect(opened.db);
    this.readOnly = null;
    this.fullyChecked = false;
  }

  private cannotWrite(): StoreError {
    let message = `${this.path} cannot be written: ${this.readOnly ?? 'unknown reason'}. Nothing was changed.`;
    if (this.damage.length) {
      this.readable ??= this.health({ readability: true }).readability!;
      const { readable, unreadable } = this.readable;
      const total = readable.length + unreadable.length;
      message += ` ${readable.length} of ${total} runs can still be read and exported`;
      message += unreadable.length
        ? `; these cannot:\n${unreadable.map((u) => `  ${u.runId}: ${u.why}`).join('\n')}`
        : '.';
    }
    return new StoreError('store-error', message, { file: this.path });
  }

  /** Runs still being recorded here end as interrupted: nobody is left to finish them. */
  close(): void {
    if (!this.db.open) return;
    try {
      if (this.readOnly === null) {
        for (const row of this.live.values()) {
          try {
            this.interrupt(row, 'the history was closed before the run finished');
          } catch {
            // Unwritable now: the next open that can write finds the run's recorder gone.
          }
        }
        for (const row of this.liveStudies.values()) {
          try {
            this.studies.finish(row, { status: 'interrupted', endedAt: new Date().toISOString(), error: 'the history was closed before the study finished' });
          } catch {
            // As for runs: the next open that can write finds the study's owner gone.
          }
        }
        try {
          // Keeps the query planner's statistics fresh; cheap when there is nothing to do.
          this.db.pragma('optimize');
        } catch {
          // A statistics refresh is not worth failing a close over (a full disk, a lock).
        }
      }
    } finally {
      this.live.clear();
      this.liveStudies.clear();
      this.db.close();
    }
  }

  // ---- recording a run as it goes ----

  startRun(init: RunStart): void {
    if (typeof init?.runId !== 'string' || !RUN_ID.test(init.runId)) {
      throw new StoreError('invalid-input', `runId: expected letters, digits, . _ - (got ${JSON.stringify(init?.runId)})`);
    }
    this.beforeWrite();
    this.guard(() => {
      const id = this.db
        .transaction(() => this.writer.insertRun({ ...init, status: 'running' }, this.owner))
        .immediate();
      this.live.set(init.runId, id);
    }, `run ${init.runId} is already in the history`);
  }

  /** One transaction per trial, spans included (the engine's columns, or span objects): a crash loses at most the trial in flight. */
  saveTrial(runId: string, trial: TrialResult | TrialData): void {
    this.beforeWrite();
    const row = this.liveRow(runId);
    this.guard(
      () => this.db.transaction(() => this.writer.insertTrial(row, trial)).immediate(),
      `run ${runId} already has a trial ${trial.index}`,
    );
  }

  saveUtilization(runId: string, samples: UtilizationSample[]): void {
    if (samples.length === 0) return;
    this.beforeWrite();
    const row = this.liveRow(runId);
    this.guard(() => this.db.transaction(() => this.writer.insertSamples(row, samples)).immediate());
  }

  finishRun(runId: string, end: RunEnd): void {
    this.beforeWrite();
    const row = this.liveRow(runId);
    this.guard(() => this.db.transaction(() => this.writer.finish(row, end)).immediate());
    this.live.delete(runId);
  }

  // ---- browsing ----

  listRuns(filter?: RunFilter): RunPage {
    // The app keeps its store open for days: a CLI run killed meanwhile should not stay
    // `running` in its history until the next start. Checking is a few pids, so at most
    // every few seconds.
    if (Date.now() - this.lastSweep > SWEEP_EVERY_MS) {
      this.lastSweep = Date.now();
      this.recoverInterrupted();
    }
    return this.guard(() => this.lister.list(filter));
  }

  getRun(idOrPrefix: string): RunResult {
    // One read transaction: a writer in another process cannot commit between the queries.
    return this.guard(() => this.db.transaction(() => this.reader.read(this.reader.resolve(idOrPrefix).id))());
  }

  /** One run without its spans (what the Results view opens with): trials' figures and span counts, summary. */
  getRunOverview(idOrPrefix: string): RunOverview {
    return this.guard(() => this.db.transaction(() => this.reader.readOverview(this.reader.resolve(idOrPrefix).id))());
  }

  /**
   * One trial's spans in a time window, at the detail `pixels` columns can show: spans
   * narrower than a column merged per lane (span-window.ts). A saved trial never changes,
   * so its lanes are laid out once and kept for the next zoom or pan (the last two trials).
   */
  getTrialSpans(req: SpanWindowRequest): SpanWindow {
    return this.guard(() =>
      this.db.transaction(() => {
        const ref = this.reader.resolve(req.runId);
        const figures = this.reader.readTrialFigures(ref.id, req.trialIndex);
        if (!figures) throw new StoreError('not-found', `run ${ref.runId} has no trial ${req.trialIndex}`);
        const lanes = this.lanes.get(ref.runId, req.trialIndex, figures.spanCount, () => this.reader.readSpanColumns(ref.id, req.trialIndex));
        return spanWindow(lanes, { ...req, runId: ref.runId });
      })(),
    );
  }

  /** The list entry of one run (no trials read): to confirm what an id or prefix names. */
  findRun(idOrPrefix: string): RunListItem {
    return this.guard(() => this.db.transaction(() => this.lister.item(this.reader.resolve(idOrPrefix).id))());
  }

  updateRun(idOrPrefix: string, patch: RunPatch): RunListItem {
    const p = checkPatch(patch);
    this.beforeWrite();
    return this.guard(() =>
      this.db
        .transaction(() => {
          const ref = this.reader.resolve(idOrPrefix);
          if (p.name !== undefined) this.db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(p.name, ref.id);
          if (p.notes !== undefined) this.db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run(p.notes, ref.id);
          if (p.tags !== undefined) {
            this.db.prepare('UPDATE runs SET tags = ? WHERE id = ?').run(JSON.stringify(p.tags), ref.id);
            this.db.prepare('DELETE FROM run_tags WHERE run = ?').run(ref.id);
            const add = this.db.prepare('INSERT INTO run_tags (tag, run) VALUES (?, ?)');
            for (const tag of p.tags) add.run(tag, ref.id);
          }
          return this.lister.item(ref.id);
        })
        .immediate(),
    );
  }

  /** Deletes the run with its trials, spans and samples; false when there is no such run. */
  deleteRun(idOrPrefix: string): boolean {
    this.beforeWrite();
    return this.guard(() =>
      this.db
        .transaction(() => {
          let ref: RunRef;
          try {
            ref = this.reader.resolve(idOrPrefix);
          } catch (error) {
            if (error instanceof StoreError && error.code === 'not-found') return false;
            throw error;
          }
          if (ref.status === 'running' && (this.live.has(ref.runId) || this.ownerAlive(ref.id))) {
            throw new StoreError('invalid-input', `run ${ref.runId} is still running; cancel it before deleting it`);
          }
          this.removeRun(ref.id);
          return true;
        })
        .immediate(),
    );
  }

  compareRuns(ids: string[]): Comparison {
    if (!Array.isArray(ids) || ids.length < 2 || ids.length > 4) {
      throw new StoreError('invalid-input', 'compare 2 to 4 runs');
    }
    return this.guard(() => compareRunResults(this.readMany(ids, { spans: false })));
  }

  // ---- exchange ----

  /** Runs as the export document (json) or CSV, in one string (the UI's download). */
  exportRuns(ids: string[], format: 'json' | 'csv'): ExportPayload {
    const sink = new StringSink();
    const meta = this.writeExport(ids, format, sink);
    return { ...meta, content: sink.toString() };
  }

  /**
   * Runs as the export document (json) or CSV, streamed to a file (`file` picks the path from
   * the proposed name): one trial's spans in memory at a time, and the file appears whole or not at all.
   */
  exportRunsTo(ids: string[], format: 'json' | 'csv', file: (fileName: string) => string): { file: string; bytes: number } {
    return this.toFile((sink) => this.writeExport(ids, format, sink), this.exportName(ids, format), file);
  }

  /** One trial's spans as Chrome trace-event JSON (Perfetto, chrome://tracing), in one string. */
  exportTrace(id: string, trialIndex: number): ExportPayload {
    const sink = new StringSink();
    const meta = this.writeTraceOf(id, trialIndex, sink);
    return { ...meta, content: sink.toString() };
  }

  /** One trial as a Chrome trace, streamed to a file, event by event. */
  exportTraceTo(id: string, trialIndex: number, file: (fileName: string) => string): { file: string; bytes: number } {
    checkTrialIndex(trialIndex);
    const name = this.guard(() => {
      const ref = this.reader.resolve(id);
      return traceFileName(this.lister.item(ref.id), { index: trialIndex });
    });
    return this.toFile((sink) => this.writeTraceOf(id, trialIndex, sink), name, file);
  }

  private exportName(ids: string[], format: 'json' | 'csv'): string {
    checkExport(ids, format);
    const runs = this.guard(() => ids.map((id) => this.lister.item(this.reader.resolve(id).id)));
    return `${exportBaseName(runs)}.${format}`;
  }

  private toFile(write: (sink: TextSink) => unknown, fileName: string, pick: (fileName: string) => string): { file: string; bytes: number } {
    const sink = new FileSink(pick(fileName));
    try {
      write(sink);
      return { file: sink.file, bytes: sink.commit() };
    } catch (error) {
      sink.abort();
      throw error;
    }
  }

  private writeExport(ids: string[], format: 'json' | 'csv', sink: TextSink): Omit<ExportPayload, 'content'> {
    checkExport(ids, format);
    return this.guard(() =>
      this.db.transaction(() => {
        const refs = this.resolveMany(ids);
        if (format === 'csv') {
          const runs = refs.map((ref) => this.reader.readOverview(ref.id));
          const payload = exportCsv(runs);
          sink.write(payload.content);
          return { fileName: payload.fileName, mimeType: payload.mimeType };
        }
        // Each run's trials are read, spans and all, only when the writer reaches them.
        const runs = refs.map((ref): LazyRun => {
          const overview = this.reader.readOverview(ref.id);
          const trials = new LazyArray(overview.trials.length, (i): TrialResult => {
            const { spanCount: _, ...figures } = overview.trials[i];
            return { ...figures, spans: this.reader.readSpans(ref.id, figures.index) };
          });
          return { ...overview, trials, verdicts: explainRun(overview) };
        });
        writeExportDocument(sink, runs);
        return { fileName: `${exportBaseName(runs)}.json`, mimeType: 'application/json' };
      })(),
    );
  }

  private writeTraceOf(id: string, trialIndex: number, sink: TextSink): Omit<ExportPayload, 'content'> {
    checkTrialIndex(trialIndex);
    return this.guard(() =>
      this.db.transaction(() => {
        const ref = this.reader.resolve(id);
        const trial = this.reader.readTrialFigures(ref.id, trialIndex);
        if (!trial) throw new StoreError('not-found', `run ${ref.runId} has no trial ${trialIndex}`);
        const run = this.lister.item(ref.id);
        writeTrace(sink, run, trial, this.reader.readSpanColumns(ref.id, trialIndex));
        return { fileName: traceFileName(run, trial), mimeType: 'application/json' };
      })(),
    );
  }

  /**
   * Imports an export document (or one bare RunResult): checked in full first, then
   * written in one transaction, so a bad file changes nothing. Runs already here are skipped.
   */
  importRuns(content: string): ImportSummary {
    const runs = parseImport(content);
    this.beforeWrite();
    const summary: ImportSummary = { imported: [], skipped: [] };
    try {
      this.db
        .transaction(() => {
          const exists = this.db.prepare('SELECT 1 FROM runs WHERE run_id = ?').pluck();
          for (const run of runs) {
            if (exists.get(run.runId)) {
              summary.skipped.push(run.runId);
              continue;
            }
            // A run exported while running has no recorder here to finish it.
            const status = run.status === 'running' ? 'interrupted' : run.status;
            // The file's summary is not trusted: the figures shown are always those of the trials kept.
            const rows = summarize(run.trials, run.machine.logicalCores);
            this.writer.insertWhole({ ...run, status, summary: rows, tags: normaliseTags(run.tags ?? []) });
            summary.imported.push(run.runId);
          }
        })
        .immediate();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError('import-failed', `import failed, nothing was changed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return summary;
  }

  // ---- studies (issue 13) ----

  startStudy(init: StudyStart): void {
    if (typeof init?.studyId !== 'string' || !RUN_ID.test(init.studyId)) {
      throw new StoreError('invalid-input', `studyId: expected letters, digits, . _ - (got ${JSON.stringify(init?.studyId)})`);
    }
    this.beforeWrite();
    this.guard(() => {
      const id = this.db.transaction(() => this.studies.insert(init, this.owner)).immediate();
      this.liveStudies.set(init.studyId, id);
    }, `study ${init.studyId} is already in the history`);
  }

  /** Links a run saved by this store to a study it is recording, at its place on the axis. */
  addRunToStudy(studyId: string, runId: string, index: number): void {
    const row = this.liveStudies.get(studyId);
    if (row === undefined) throw new StoreError('not-found', `no running study ${studyId} to add a run to`);
    this.beforeWrite();
    this.guard(() => this.db.transaction(() => this.studies.attach(row, runId, index)).immediate());
  }

  finishStudy(studyId: string, end: { status: Exclude<StudyStatus, 'running'>; endedAt: string; error?: string }): void {
    const row = this.liveStudies.get(studyId);
    if (row === undefined) throw new StoreError('not-found', `no running study ${studyId} to finish`);
    this.beforeWrite();
    this.guard(() => this.db.transaction(() => this.studies.finish(row, end)).immediate());
    this.liveStudies.delete(studyId);
  }

  listStudies(): StudyListItem[] {
    return this.guard(() => this.db.transaction(() => this.studies.list())());
  }

  getStudy(idOrPrefix: string): StudyResult {
    return this.guard(() => this.db.transaction(() => this.studies.read(this.studies.resolve(idOrPrefix).id))());
  }

  updateStudy(idOrPrefix: string, patch: RunPatch): StudyResult {
    const p = checkPatch(patch);
    this.beforeWrite();
    return this.guard(() =>
      this.db
        .transaction(() => {
          const ref = this.studies.resolve(idOrPrefix);
          this.studies.update(ref.id, p);
          return this.studies.read(ref.id);
        })
        .immediate(),
    );
  }

  /** Deletes a study with all its runs (trials, spans, samples); refused while it runs. */
  deleteStudy(idOrPrefix: string): { studyId: string; runs: number } {
    this.beforeWrite();
    return this.guard(() =>
      this.db
        .transaction(() => {
          const ref = this.studies.resolve(idOrPrefix);
          const owner = this.studies.running().find((r) => r.id === ref.id);
          if (ref.status === 'running' && (this.liveStudies.has(ref.studyId) || (owner !== undefined && isOwnerAlive(owner)))) {
            throw new StoreError('invalid-input', `study ${ref.studyId} is still running; cancel it before deleting it`);
          }
          const rows = this.studies.runRows(ref.id);
          for (const row of rows) this.removeRun(row);
          this.studies.remove(ref.id);
          return { studyId: ref.studyId, runs: rows.length };
        })
        .immediate(),
    );
  }

  // ---- internals ----

  /** Deletes a run row (its trials, spans and samples cascade) and its spec unless another run shares it. */
  private removeRun(rowId: number): void {
    const experiment = this.db.prepare('SELECT experiment_id FROM runs WHERE id = ?').pluck().get(rowId);
    this.db.prepare('DELETE FROM runs WHERE id = ?').run(rowId);
    // The spec goes too unless another run shares it: "delete" should leave nothing of the run behind.
    this.db
      .prepare('DELETE FROM experiments WHERE id = ? AND NOT EXISTS (SELECT 1 FROM runs WHERE experiment_id = ?)')
      .run(experiment, experiment);
  }

  private readMany(ids: string[], options: { spans: boolean }): RunResult[] {
    return this.db.transaction(() => this.resolveMany(ids).map((ref) => this.reader.read(ref.id, options)))();
  }

  private resolveMany(ids: string[]): RunRef[] {
    const refs = ids.map((id) => this.reader.resolve(id));
    const seen = new Set<number>();
    for (const ref of refs) {
      if (seen.has(ref.id)) throw new StoreError('invalid-input', `run ${ref.runId} is named twice`);
      seen.add(ref.id);
    }
    return refs;
  }

  private liveRow(runId: string): number {
    const row = this.live.get(runId);
    if (row !== undefined) return row;
    const found = this.db.prepare("SELECT id FROM runs WHERE run_id = ? AND status = 'running'").pluck().get(runId);
    if (found === undefined) throw new StoreError('not-found', `no running run ${runId} to record into`);
    return found as number;
  }

  private ownerAlive(rowId: number): boolean {
    const o = this.db
      .prepare('SELECT owner_pid AS pid, owner_host AS host, owner_start AS start FROM runs WHERE id = ?')
      .get(rowId) as { pid: number | null; host: string | null; start: string | null };
    return isOwnerAlive(o);
  }

  /**
   * Runs left `running` by a process that is gone become `interrupted`, keeping their
   * trials. Only when the file can be written: a read-only history is shown as it is.
   */
  private recoverInterrupted(): void {
    const running = this.guard(
      () =>
        this.db
          .prepare("SELECT id, owner_pid AS pid, owner_host AS host, owner_start AS start FROM runs WHERE status = 'running'")
          .all() as { id: number; pid: number | null; host: string | null; start: string | null }[],
    );
    const dead = running.filter((r) => !isOwnerAlive(r));
    const deadStudies = this.guard(() => this.studies.running()).filter((r) => !isOwnerAlive(r));
    if (dead.length === 0 && deadStudies.length === 0) return;
    try {
      this.beforeWrite();
    } catch {
      return;
    }
    for (const r of dead) {
      const who = r.pid === null ? 'no process' : `process ${r.pid} on ${r.host ?? hostname()}`;
      this.guard(() => this.interrupt(r.id, `${who} was recording it and ended before it finished`));
    }
    for (const r of deadStudies) {
      const who = r.pid === null ? 'no process' : `process ${r.pid} on ${r.host ?? hostname()}`;
      const end = { status: 'interrupted' as const, endedAt: new Date().toISOString(), error: `${who} was running it and ended before it finished` };
      this.guard(() => this.studies.finish(r.id, end));
    }
  }

  /** Checks the file once before its first write, and refuses every write to a read-only or damaged one. */
  private beforeWrite(): void {
    if (this.readOnly !== null || !this.fullyChecked) this.ensureWritable();
  }

  private asStoreError(error: unknown): StoreError {
    if (error instanceof StoreError) return error;
    try {
      this.guard(() => {
        throw error;
      });
    } catch (converted) {
      if (converted instanceof StoreError) return converted;
    }
    return new StoreError('store-error', `${this.path}: ${(error as Error).message}`, { cause: error, file: this.path });
  }

  private interrupt(rowId: number, error: string): void {
    this.db
      .transaction(() => {
        // The summary from one trial's latencies at a time, not every span of the run at once.
        const run = this.reader.readOverview(rowId);
        if (run.status !== 'running') return;
        this.writer.interrupt(rowId, run.summary, error);
      })
      .immediate();
  }

  /** SQLite's errors as StoreError; a UNIQUE clash as invalid input with `duplicate` for its message. */
  private guard<T>(fn: () => T, duplicate?: string): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      if (error instanceof Database.SqliteError) {
        if (duplicate && error.code.startsWith('SQLITE_CONSTRAINT')) {
          throw new StoreError('invalid-input', duplicate, { cause: error });
        }
        if (isWriteFailure(error)) {
          throw new StoreError('store-error', `${this.path} cannot be written: ${describeWriteFailure(error)} (${error.code})`, {
            cause: error,
            file: this.path,
          });
        }
        throw new StoreError('store-error', `${this.path}: ${error.message} (${error.code})`, { cause: error, file: this.path });
      }
      throw error;
    }
  }
}

function mib(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.floor(bytes / 1024)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function checkExport(ids: string[], format: string): void {
  if (!Array.isArray(ids) || ids.length === 0) throw new StoreError('invalid-input', 'choose at least one run to export');
  if (format !== 'json' && format !== 'csv') {
    throw new StoreError('invalid-input', `format: must be json or csv (got ${JSON.stringify(format)})`);
  }
}

function checkTrialIndex(trialIndex: number): void {
  if (!Number.isInteger(trialIndex) || trialIndex < 0) {
    throw new StoreError('invalid-input', 'trial: must be a trial index (an integer from 0)');
  }
}

function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
}

function checkPatch(patch: RunPatch): RunPatch {
  if (patch === null || typeof patch !== 'object') throw new StoreError('invalid-input', 'patch: must be an object');
  const out: RunPatch = {};
  if (patch.name !== undefined) {
    const name = typeof patch.name === 'string' ? patch.name.trim() : '';
    if (!name || name.length > PATCH_LIMITS.name) {
      throw new StoreError('invalid-input', `name: must be 1 to ${PATCH_LIMITS.name} characters`);
    }
    out.name = name;
  }
  if (patch.tags !== undefined) {
    if (!Array.isArray(patch.tags) || patch.tags.some((t) => typeof t !== 'string')) {
      throw new StoreError('invalid-input', 'tags: must be a list of text');
    }
    const tags = normaliseTags(patch.tags);
    if (tags.length > PATCH_LIMITS.tags) throw new StoreError('invalid-input', `tags: at most ${PATCH_LIMITS.tags}`);
    const long = tags.find((t) => t.length > PATCH_LIMITS.tag);
    if (long) throw new StoreError('invalid-input', `tags: "${long.slice(0, 20)}…" is over ${PATCH_LIMITS.tag} characters`);
    out.tags = tags;
  }
  if (patch.notes !== undefined) {
    if (typeof patch.notes !== 'string' || patch.notes.length > PATCH_LIMITS.notes) {
      throw new StoreError('invalid-input', `notes: must be text of at most ${PATCH_LIMITS.notes} characters`);
    }
    out.notes = patch.notes;
  }
  return out;
}
