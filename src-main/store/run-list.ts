// The history list: newest first, filtered and paged, from columns copied out of the
// spec at save time, so a page of 50 out of 10,000 runs parses no JSON but its own rows.
import type Database from 'better-sqlite3';
import type { RunFilter, RunListItem, RunPage } from '../../src-shared/contract.ts';
import { MODELS, WORKLOAD_KINDS, type ModelName, type WorkloadKind } from '../../src-shared/models.ts';
import { HISTORY_LIMITS } from '../../src-shared/limits.ts';
import { RUN_STATUSES, type RunStatus } from '../../src-shared/result.ts';
import { StoreError } from './errors.ts';
import { likeLiteral } from './run-reader.ts';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = HISTORY_LIMITS.listPage;
const STATUSES: readonly RunStatus[] = RUN_STATUSES;

interface ListRow {
  run_id: string;
  name: string;
  status: RunStatus;
  started_at: string;
  ended_at: string | null;
  workload: WorkloadKind;
  tasks: number;
  models: string;
  concurrency: string;
  machine: string;
  hostname: string;
  cpu_model: string;
  logical_cores: number;
  best_speedup: number | null;
  trial_count: number;
  tags: string;
  notes: string;
  study_id: string | null;
  study_name: string | null;
  study_index: number | null;
}

const COLUMNS = `r.run_id, r.name, r.status, r.started_at, r.ended_at, r.workload, r.tasks, r.models, r.concurrency,
  r.machine, r.hostname, m.cpu_model, m.logical_cores, r.best_speedup, r.trial_count, r.tags, r.notes,
  s.study_id, s.name AS study_name, r.study_index`;
/** The study a run belongs to, if any (issue 13). */
const STUDY_JOIN = 'LEFT JOIN studies s ON s.id = r.study';

/**
 * One page of the list. The page's ids come first, from the start-time index alone, then
 * their rows by id: with the join before the LIMIT, SQLite sorted every run and read every
 * row it skipped (half a second for the last page of 10,000 runs here; a millisecond this
 * way). CROSS JOIN fixes that order: with the statistics `PRAGMA optimize` gathers, the
 * planner would otherwise walk every run and look each up in the page (100 ms a page).
 */
export function pageSql(clause: string): string {
  return `SELECT ${COLUMNS} FROM (SELECT r.id FROM runs r ${clause}
      ORDER BY r.started_at DESC, r.id DESC LIMIT @limit OFFSET @offset) p
    CROSS JOIN runs r ON r.id = p.id CROSS JOIN machines m ON m.fingerprint = r.machine ${STUDY_JOIN}
    ORDER BY r.started_at DESC, r.id DESC`;
}

export class RunList {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, { page: Database.Statement; count: Database.Statement }>();
  private readonly one: Database.Statement;

  constructor(db: Database.Database) {
    this.db = db;
    this.one = db.prepare(`SELECT ${COLUMNS} FROM runs r JOIN machines m ON m.fingerprint = r.machine ${STUDY_JOIN} WHERE r.id = ?`);
  }

  item(rowId: number): RunListItem {
    return toItem(this.one.get(rowId) as ListRow);
  }

  /** Count and page are read in one transaction, so they agree while another process writes. */
  list(filter: RunFilter = {}): RunPage {
    const f = checkFilter(filter);
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    if (f.text) {
      where.push(
        "(r.name LIKE @text ESCAPE '\\' OR r.notes LIKE @text ESCAPE '\\' OR r.tags LIKE @text ESCAPE '\\'" +
          " OR r.run_id LIKE @text ESCAPE '\\' OR r.hostname LIKE @text ESCAPE '\\' OR r.workload LIKE @text ESCAPE '\\')",
      );
      params.text = `%${likeLiteral(f.text)}%`;
    }
    const exact: [keyof RunFilter, string][] = [
      ['workload', 'r.workload = @workload'],
      ['model', "instr(r.models, ',' || @model || ',') > 0"],
      ['machine', 'r.machine = @machine'],
      ['tag', 'r.id IN (SELECT t.run FROM run_tags t WHERE t.tag = @tag)'],
      ['status', 'r.status = @status'],
    ];
    for (const [field, sql] of exact) {
      const value = f[field];
      if (value === undefined || value === '') continue;
      where.push(sql);
      params[field] = value;
    }

    const key = where.join(' AND ');
    let stmts = this.statements.get(key);
    if (!stmts) {
      const clause = where.length ? `WHERE ${key}` : '';
      stmts = {
        page: this.db.prepare(pageSql(clause)),
        count: this.db.prepare(`SELECT count(*) FROM runs r ${clause}`).pluck(),
      };
      this.statements.set(key, stmts);
    }
    const { page, count } = stmts;
    return this.db.transaction(() => ({
      runs: (page.all({ ...params, limit: f.limit, offset: f.offset }) as ListRow[]).map(toItem),
      total: count.get(params) as number,
    }))();
  }
}

function toItem(r: ListRow): RunListItem {
  return {
    runId: r.run_id,
    name: r.name,
    status: r.status,
    startedAt: r.started_at,
    ...(r.ended_at !== null && { endedAt: r.ended_at }),
    workload: r.workload,
    tasks: r.tasks,
    models: r.models.split(',').filter(Boolean) as ModelName[],
    concurrency: JSON.parse(r.concurrency) as number[],
    machine: { fingerprint: r.machine, hostname: r.hostname, cpuModel: r.cpu_model, logicalCores: r.logical_cores },
    bestSpeedup: r.best_speedup,
    trialCount: r.trial_count,
    tags: JSON.parse(r.tags) as string[],
    notes: r.notes,
    ...(r.study_id !== null && { study: { studyId: r.study_id, name: r.study_name ?? '', index: r.study_index ?? 0 } }),
  };
}

/** The filter comes from IPC, HTTP or the CLI: check it here, with the field named. */
function checkFilter(filter: RunFilter): Required<Pick<RunFilter, 'limit' | 'offset'>> & RunFilter {
  if (filter === null || typeof filter !== 'object') throw bad('filter: must be an object');
  const { text, workload, model, machine, tag, status } = filter;
  for (const [field, value] of Object.entries({ text, machine, tag })) {
    if (value !== undefined && typeof value !== 'string') throw bad(`${field}: must be text`);
  }
  if (workload !== undefined && !WORKLOAD_KINDS.includes(workload)) {
    throw bad(`workload: must be one of ${WORKLOAD_KINDS.join(', ')}`);
  }
  if (model !== undefined && !MODELS.includes(model)) throw bad(`model: must be one of ${MODELS.join(', ')}`);
  if (status !== undefined && !STATUSES.includes(status)) throw bad(`status: must be one of ${STATUSES.join(', ')}`);
  const limit = filter.limit ?? DEFAULT_PAGE;
  const offset = filter.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw bad(`limit: must be an integer from 1 to ${MAX_PAGE}`);
  }
  if (!Number.isInteger(offset) || offset < 0) throw bad('offset: must be an integer from 0');
  return { ...filter, text: text?.trim() || undefined, limit, offset };
}

function bad(message: string): StoreError {
  return new StoreError('invalid-input', message);
}
