// The schema, as an ordered list of migrations; PRAGMA user_version counts how many have run.
import type Database from 'better-sqlite3';

/** 'CLab' in PRAGMA application_id: marks a file as ours, so we never migrate someone else's database. */
export const APPLICATION_ID = 0x434c6162;

/** Each entry moves the schema from version i to i + 1. Never edit one that has shipped: append. */
export const MIGRATIONS: readonly string[] = [
  // 1: the first schema.
  `
  CREATE TABLE machines (
    fingerprint   TEXT PRIMARY KEY,
    cpu_model     TEXT NOT NULL,
    logical_cores INTEGER NOT NULL,
    memory_bytes  INTEGER NOT NULL,
    os            TEXT NOT NULL,
    -- The latest MachineInfo seen with this fingerprint (JSON).
    info          TEXT NOT NULL
  );

  -- Specs as run; identical specs share a row.
  CREATE TABLE experiments (
    id       INTEGER PRIMARY KEY,
    spec     TEXT NOT NULL UNIQUE,
    workload TEXT NOT NULL,
    tasks    INTEGER NOT NULL
  );

  CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    run_id        TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'interrupted')),
    started_at    TEXT NOT NULL,
    ended_at      TEXT,
    experiment_id INTEGER NOT NULL REFERENCES experiments (id),
    machine       TEXT NOT NULL REFERENCES machines (fingerprint),
    -- The run's own MachineInfo: the hostname and paths are not in the fingerprint.
    machine_info  TEXT NOT NULL,
    hostname      TEXT NOT NULL,
    -- Copied from the spec so the history list filters and pages without parsing JSON.
    workload      TEXT NOT NULL,
    tasks         INTEGER NOT NULL,
    models        TEXT NOT NULL,  -- ',sequential,threads,' (baselines included)
    concurrency   TEXT NOT NULL,  -- JSON array
    calibration   TEXT,
    -- NULL until the run ends; then the summary as the engine computed it.
    summary       TEXT,
    best_speedup  REAL,
    trial_count   INTEGER NOT NULL DEFAULT 0,
    error         TEXT,
    notes         TEXT NOT NULL DEFAULT '',
    tags          TEXT NOT NULL DEFAULT '[]',
    -- Who is recording a running run, so another process can tell a live run from a dead one.
    owner_pid     INTEGER,
    owner_host    TEXT,
    owner_start   TEXT
  );
  CREATE INDEX runs_by_start ON runs (started_at DESC, id DESC);
  CREATE INDEX runs_by_workload ON runs (workload, started_at DESC);
  CREATE INDEX runs_by_machine ON runs (machine, started_at DESC);
  CREATE INDEX runs_running ON runs (status) WHERE status = 'running';
  CREATE INDEX runs_by_experiment ON runs (experiment_id);

  -- The tag filter's index; runs.tags keeps the user's order for display.
  CREATE TABLE run_tags (
    tag TEXT NOT NULL,
    run INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    PRIMARY KEY (tag, run)
  ) WITHOUT ROWID;
  CREATE INDEX run_tags_by_run ON run_tags (run);

  CREATE TABLE trials (
    id              INTEGER PRIMARY KEY,
    run             INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    idx             INTEGER NOT NULL,
    model           TEXT NOT NULL,
    concurrency     INTEGER NOT NULL,
    repetition      INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'timeout', 'cancelled')),
    -- REAL columns are nullable because SQLite stores NaN as NULL.
    wall_ms         REAL,
    startup_ms      REAL,
    cpu_ms          REAL,
    peak_rss_bytes  REAL,
    offset_ms       REAL,
    error           TEXT,
    -- Event-loop figures, where the model has an event loop to measure.
    el_delay_p50_ms REAL,
    el_delay_p99_ms REAL,
    el_delay_max_ms REAL,
    el_utilization  REAL,
    UNIQUE (run, idx)
  );

  -- One row per trial: its spans packed as columns (see span-codec.ts for why).
  CREATE TABLE trial_spans (
    trial   INTEGER PRIMARY KEY REFERENCES trials (id) ON DELETE CASCADE,
    count   INTEGER NOT NULL,
    columns BLOB NOT NULL
  );

  CREATE TABLE utilization (
    run   INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    t_ms  REAL NOT NULL,
    cores TEXT NOT NULL  -- JSON array of per-core busy fractions
  );
  CREATE INDEX utilization_by_run ON utilization (run, t_ms);
  `,
  // 2: the shared workload's figures per mode (expected, observed, lost updates, wall), read
  // and written whole with their trial, as JSON (a SharedPhase[] of result.ts); NULL for any other workload.
  `
  ALTER TABLE trials ADD COLUMN shared TEXT;
  `,
  // 3: a trial's wait states, hand-off and context switches (TrialStates as JSON; NULL where not measured).
  `
  ALTER TABLE trials ADD COLUMN states TEXT;
  `,
  // 4: studies (issue 13): one varying axis, one saved run per value. A run keeps its study
  // and its place on the axis; it stays a normal run (deleting a study deletes its runs).
  `
  CREATE TABLE studies (
    id          INTEGER PRIMARY KEY,
    study_id    TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    axis        TEXT NOT NULL CHECK (axis IN ('workload', 'taskMs', 'cpuShare')),
    -- The study as written (JSON), and its runs as planned: index, value, label, spec (JSON array).
    definition  TEXT NOT NULL,
    plan        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'interrupted')),
    started_at  TEXT NOT NULL,
    ended_at    TEXT,
    error       TEXT,
    notes       TEXT NOT NULL DEFAULT '',
    tags        TEXT NOT NULL DEFAULT '[]',
    owner_pid   INTEGER,
    owner_host  TEXT,
    owner_start TEXT
  );
  CREATE INDEX studies_by_start ON studies (started_at DESC, id DESC);
  ALTER TABLE runs ADD COLUMN study INTEGER REFERENCES studies (id) ON DELETE SET NULL;
  ALTER TABLE runs ADD COLUMN study_index INTEGER;
  CREATE INDEX runs_by_study ON runs (study, study_index) WHERE study IS NOT NULL;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the schema up to date in one IMMEDIATE transaction, re-reading the version
 * inside it, so two processes opening a new database at once migrate it once.
 */
export function migrate(db: Database.Database): void {
  db.transaction(() => {
    const from = db.pragma('user_version', { simple: true }) as number;
    for (let v = from; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]);
    if (from < MIGRATIONS.length) {
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${MIGRATIONS.length}`);
    }
  }).immediate();
}
