// Studies in the history (issue 13): a row per study, its runs linked by runs.study and
// their place on the axis. Reads a study back with each run's summary and per-trial
// figures (never spans), the shape src-shared/study-result.ts describes.
import type Database from 'better-sqlite3';
import type { StudyMember, StudyListItem, StudyResult, StudyStatus, StudyTrial } from '../../src-shared/study-result.ts';
import { STUDY_RESULT_VERSION } from '../../src-shared/study-result.ts';
import type { StudyAxis, StudyInput, StudyMemberPlan } from '../../src-shared/study.ts';
import type { MachineInfo } from '../../src-shared/result.ts';
import { StoreError } from './errors.ts';
import type { RunReader } from './run-reader.ts';
import { likeLiteral } from './run-reader.ts';
import type { RunOwner } from './run-owner.ts';

export interface StudyStart {
  studyId: string;
  name: string;
  axis: StudyAxis;
  definition: StudyInput;
  plan: StudyMemberPlan[];
  startedAt: string;
}

export interface StudyRef {
  id: number;
  studyId: string;
  status: StudyStatus;
}

interface StudyRow {
  id: number;
  study_id: string;
  name: string;
  axis: StudyAxis;
  definition: string;
  plan: string;
  status: StudyStatus;
  started_at: string;
  ended_at: string | null;
  error: string | null;
  notes: string;
  tags: string;
}

export class StudyRecords {
  private readonly db: Database.Database;
  private readonly reader: RunReader;

  constructor(db: Database.Database, reader: RunReader) {
    this.db = db;
    this.reader = reader;
  }

  insert(s: StudyStart, owner: RunOwner): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO studies (study_id, name, axis, definition, plan, status, started_at, owner_pid, owner_host, owner_start)
           VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)`,
        )
        .run(s.studyId, s.name, s.axis, JSON.stringify(s.definition), JSON.stringify(s.plan), s.startedAt, owner.pid, owner.host, owner.start)
        .lastInsertRowid,
    );
  }

  /** Links a saved run to its study, at its place on the axis. */
  attach(studyRow: number, runId: string, index: number): void {
    const changed = this.db.prepare('UPDATE runs SET study = ?, study_index = ? WHERE run_id = ?').run(studyRow, index, runId).changes;
    if (changed !== 1) throw new StoreError('not-found', `no run ${runId} to add to the study`);
  }

  finish(studyRow: number, end: { status: StudyStatus; endedAt: string; error?: string }): void {
    this.db
      .prepare('UPDATE studies SET status = ?, ended_at = ?, error = ?, owner_pid = NULL, owner_host = NULL, owner_start = NULL WHERE id = ?')
      .run(end.status, end.endedAt, end.error ?? null, studyRow);
  }

  /** A study by id or unique prefix. */
  resolve(idOrPrefix: string): StudyRef {
    const id = String(idOrPrefix ?? '').trim();
    if (!id) throw new StoreError('invalid-input', 'studyId: must be a study id');
    const exact = this.db.prepare('SELECT id, study_id AS studyId, status FROM studies WHERE study_id = ?').get(id) as StudyRef | undefined;
    if (exact) return exact;
    const found = this.db
      .prepare("SELECT id, study_id AS studyId, status FROM studies WHERE study_id LIKE ? ESCAPE '\\' LIMIT 2")
      .all(`${likeLiteral(id)}%`) as StudyRef[];
    if (found.length === 1) return found[0];
    if (found.length > 1) throw new StoreError('invalid-input', `study id "${id}" is ambiguous: give more of it`);
    throw new StoreError('not-found', `no study with id ${id}`);
  }

  list(): StudyListItem[] {
    const rows = this.db
      .prepare(
        `SELECT s.*, (SELECT json_group_array(r.run_id) FROM (SELECT run_id FROM runs WHERE study = s.id ORDER BY study_index) r) AS run_ids,
                (SELECT hostname FROM runs WHERE study = s.id ORDER BY started_at LIMIT 1) AS hostname
         FROM studies s ORDER BY s.started_at DESC, s.id DESC`,
      )
      .all() as (StudyRow & { run_ids: string; hostname: string | null })[];
    return rows.map((r) => {
      const runIds = JSON.parse(r.run_ids) as string[];
      return {
        studyId: r.study_id,
        name: r.name,
        axis: r.axis,
        status: r.status,
        startedAt: r.started_at,
        ...(r.ended_at !== null && { endedAt: r.ended_at }),
        values: (JSON.parse(r.plan) as unknown[]).length,
        runs: runIds.length,
        runIds,
        hostname: r.hostname,
        tags: JSON.parse(r.tags) as string[],
      };
    });
  }

  read(studyRow: number): StudyResult {
    const s = this.db.prepare('SELECT * FROM studies WHERE id = ?').get(studyRow) as StudyRow;
    const plan = JSON.parse(s.plan) as StudyMemberPlan[];
    const runs = this.db.prepare('SELECT id, study_index FROM runs WHERE study = ? ORDER BY study_index, started_at').all(studyRow) as {
      id: number;
      study_index: number;
    }[];
    let machine: MachineInfo | null = null;
    const members: StudyMember[] = plan.map((p) => {
      const row = runs.find((r) => r.study_index === p.index);
      const base = { index: p.index, value: p.value, label: p.label, ...(p.bounded && { bounded: p.bounded }) };
      if (!row) return { ...base, runId: null, status: 'not-run', experiment: p.spec, summary: [], trials: [] };
      const run = this.reader.read(row.id, { spans: false });
      machine ??= run.machine;
      const trials: StudyTrial[] = run.trials.map((t) => ({
        model: t.model,
        concurrency: t.concurrency,
        status: t.status,
        wallMs: t.wallMs,
        cpuMs: t.cpuMs,
        startupMs: t.startupMs,
      }));
      return { ...base, runId: run.runId, status: run.status, experiment: run.experiment, summary: run.summary, trials };
    });
    return {
      version: STUDY_RESULT_VERSION,
      studyId: s.study_id,
      name: s.name,
      axis: s.axis,
      definition: JSON.parse(s.definition) as StudyInput,
      status: s.status,
      startedAt: s.started_at,
      ...(s.ended_at !== null && { endedAt: s.ended_at }),
      ...(s.error !== null && { error: s.error }),
      machine,
      tags: JSON.parse(s.tags) as string[],
      notes: s.notes,
      members,
    };
  }

  update(studyRow: number, patch: { name?: string; tags?: string[]; notes?: string }): void {
    if (patch.name !== undefined) this.db.prepare('UPDATE studies SET name = ? WHERE id = ?').run(patch.name, studyRow);
    if (patch.tags !== undefined) this.db.prepare('UPDATE studies SET tags = ? WHERE id = ?').run(JSON.stringify(patch.tags), studyRow);
    if (patch.notes !== undefined) this.db.prepare('UPDATE studies SET notes = ? WHERE id = ?').run(patch.notes, studyRow);
  }

  /** Row ids of the study's runs. */
  runRows(studyRow: number): number[] {
    return this.db.prepare('SELECT id FROM runs WHERE study = ?').pluck().all(studyRow) as number[];
  }

  remove(studyRow: number): void {
    this.db.prepare('DELETE FROM studies WHERE id = ?').run(studyRow);
  }

  /** Studies still marked running, with who was running them. */
  running(): { id: number; pid: number | null; host: string | null; start: string | null }[] {
    return this.db
      .prepare("SELECT id, owner_pid AS pid, owner_host AS host, owner_start AS start FROM studies WHERE status = 'running'")
      .all() as { id: number; pid: number | null; host: string | null; start: string | null }[];
  }
}
