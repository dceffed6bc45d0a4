// The CLI's history commands: list, show, compare, export, import, edit, delete.
// Each opens the database named by --db (else $CONCURRENCY_LAB_DB, else the default),
// accepts a unique prefix wherever a run id goes, and exits 2 on bad input.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CompareTest, Comparison, RunListItem, RunPage } from '../../src-shared/contract.ts';
import { MODELS, WORKLOAD_KINDS } from '../../src-shared/models.ts';
import { explainRun, withVerdicts } from '../../src-shared/explain-run.ts';
import type { RunResult } from '../../src-shared/result.ts';
import { LabStore, StoreError, freshPathBeside, resolveDbPath } from '../store/index.ts';
import { numberOption, parse } from './args.ts';
import { formatBytes, formatChange, formatDate, formatMs, formatSpeedup } from '../../src-shared/format.ts';
import { renderSummary } from './summary-table.ts';
import { renderLostUpdates } from './lost-updates-text.ts';
import { renderVerdicts } from './verdict-text.ts';
import { renderTable } from './table.ts';
import { forTerminalStream } from './terminal-stream.ts';
import { UsageError, type CliCommand, type CliContext, type CommandTable } from './types.ts';
import { jsonForTerminal } from '../../src-shared/terminal-text.ts';

const DB = '[--db <file>]';
const USAGE = {
  list: `list [--json] [--text T] [--workload K] [--model M] [--tag T] [--machine FP] [--status S] [--limit N] [--offset N] ${DB}`,
  show: `show <id> [--json] ${DB}`,
  compare: `compare <id> <id> [<id> <id>] [--json] ${DB}`,
  export: `export <id>… [--format json|csv|trace] [--trial N (trace: default 0, the first)] [--out <file | dir/>] ${DB}`,
  import: `import <file> [--json] ${DB}`,
  edit: `edit <id> [--name N] [--tag T]… [--no-tags] [--notes TEXT] [--json] ${DB}`,
  delete: `delete <id> ${DB}`,
} as const;

const dbOption = { db: { type: 'string' } } as const;

/** Opens the store for one command and closes it after, whatever happens. */
async function withStore<T>(dbFlag: string | undefined, ctx: CliContext, fn: (store: LabStore) => T | Promise<T>): Promise<T> {
  const store = LabStore.open(resolveDbPath({ flag: dbFlag, env: ctx.env }));
  const health = store.health();
  // Browsing works on a file that cannot be written; say so once, where it does not mix with the output.
  if (!health.writable) ctx.stderr.write(`note: ${store.path} is open for reading only: ${health.readOnly}\n`);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

/** StoreError as an exit code and a message: bad ids and files are bad input (2), a broken database is a failure (1). */
function command(
  summary: string,
  usage: string,
  run: (args: string[], ctx: CliContext, raw: CliContext) => Promise<number>,
): CliCommand {
  return {
    summary,
    usage,
    async run(args, raw) {
      // Names, tags, notes and messages come from users and files: what they print reaches
      // the terminal without its control characters. `raw` is for data (an export to a pipe).
      const ctx = { ...raw, stdout: forTerminalStream(raw.stdout), stderr: forTerminalStream(raw.stderr) };
      try {
        return await run(args, ctx, raw);
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        ctx.stderr.write(`${error.message}\n`);
        if (error.code !== 'store-error') return 2;
        // A fresh file helps with an unusable or damaged one, not with a read-only folder or a full disk.
        const blocked = /cannot be written: (?!it is damaged)/.test(error.message);
        if (error.file && !blocked) ctx.stderr.write(`To start a fresh database beside it, add: --db ${freshPathBeside(error.file)}\n`);
        return 1;
      }
    },
  };
}

function writeJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(`${jsonForTerminal(value, 2)}\n`);
}

function shortId(id: string): string {
  return id.slice(0, 8);
}

function duration(run: { startedAt: string; endedAt?: string }): string {
  if (!run.endedAt) return '';
  const ms = Date.parse(run.endedAt) - Date.parse(run.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ` (${formatMs(ms)})` : '';
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`--${name}: must be one of ${allowed.join(', ')}`);
  return value as T;
}

// ---- list ----

export function renderRunList(page: RunPage, offset: number): string {
  if (page.runs.length === 0) return page.total === 0 ? 'No runs match.' : `No runs past ${offset} (there are ${page.total}).`;
  const rows = page.runs.map((r: RunListItem) => [
    shortId(r.runId),
    formatDate(r.startedAt),
    r.name,
    `${r.workload} ×${r.tasks}`,
    r.models.join(','),
    r.concurrency.join(','),
    `${r.machine.hostname} (${r.machine.logicalCores})`,
    formatSpeedup(r.bestSpeedup),
    String(r.trialCount),
    r.status,
    r.tags.join(', '),
  ]);
  const table = renderTable(
    [
      { header: 'id' },
      { header: 'started' },
      { header: 'name' },
      { header: 'workload' },
      { header: 'models' },
      { header: 'k' },
      { header: 'machine (cores)' },
      { header: 'best', align: 'right' },
      { header: 'trials', align: 'right' },
      { header: 'status' },
      { header: 'tags' },
    ],
    rows,
  );
  const last = offset + page.runs.length;
  const more = last < page.total ? ` (next page: --offset ${last})` : '';
  return `${table}\n\nruns ${offset + 1}–${last} of ${page.total}${more}`;
}

const list = command('List saved runs, newest first.', USAGE.list, async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    {
      ...dbOption,
      json: { type: 'boolean' },
      text: { type: 'string' },
      workload: { type: 'string' },
      model: { type: 'string' },
      tag: { type: 'string' },
      machine: { type: 'string' },
      status: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
    },
    USAGE.list,
  );
  if (positionals.length) throw new UsageError(`list takes no ids (got ${positionals.join(' ')})\nusage: ${USAGE.list}`);
  const offset = numberOption('offset', values.offset, 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const limit = numberOption('limit', values.limit, 1, 1000) ?? 50;
  if (!Number.isInteger(offset) || !Number.isInteger(limit)) throw new UsageError('--limit and --offset take whole numbers');
  const filter = {
    text: values.text,
    workload: oneOf('workload', values.workload, WORKLOAD_KINDS),
    model: oneOf('model', values.model, MODELS),
    tag: values.tag,
    machine: values.machine,
    status: oneOf('status', values.status, ['running', 'completed', 'failed', 'cancelled', 'interrupted'] as const),
    limit,
    offset,
  };
  return withStore(values.db, ctx, (store) => {
    const page = store.listRuns(filter);
    if (values.json) writeJson(ctx, page);
    else ctx.stdout.write(`${renderRunList(page, offset)}\n`);
    return 0;
  });
});

// ---- show ----

export function renderRun(run: RunResult): string {
  const e = run.experiment;
  const m = run.machine;
  const workload = Object.entries(e.workload)
    .filter(([k]) => k !== 'kind')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  const lines = [
    `${run.name}`,
    `  id        ${run.runId}`,
    `  status    ${run.status}${run.error ? `: ${withoutStatus(run.error, run.status)}` : ''}`,
    `  started   ${formatDate(run.startedAt)}${duration(run)}`,
    `  workload  ${e.workload.kind} ${workload}, ${e.tasks} tasks per trial`,
    `  models    ${e.models.join(', ')} at k = ${e.concurrency.join(', ')}; ${e.repetitions} repetitions, ${e.warmup} warm-up, ${e.order}`,
    `  machine   ${m.hostname}: ${m.cpuModel}, ${m.logicalCores} logical cores, ${formatBytes(m.memoryBytes)}, ${m.os}, Node ${m.node}` +
      (m.python ? `, ${m.python.implementation} ${m.python.version}` : ''),
  ];
  if (run.tags?.length) lines.push(`  tags      ${run.tags.join(', ')}`);
  if (run.notes) lines.push(`  notes     ${run.notes.replaceAll('\n', '\n            ')}`);
  lines.push(`  trials    ${run.trials.length}`, '');
  lines.push(run.trials.length ? renderSummary(run) : 'No trial finished.');
  const verdicts = explainRun(run);
  if (verdicts.length) lines.push('', renderVerdicts(verdicts));
  const lost = renderLostUpdates(run);
  if (lost) lines.push('', lost);
  return lines.join('\n');
}

/** Older histories stored "interrupted: …" as the error of an interrupted run; the status line already says it. */
function withoutStatus(error: string, status: string): string {
  return error.startsWith(`${status}: `) ? error.slice(status.length + 2) : error;
}

const show = command('Show one saved run with its summary.', USAGE.show, async (args, ctx) => {
  const { values, positionals } = parse(args, { ...dbOption, json: { type: 'boolean' } }, USAGE.show);
  if (positionals.length !== 1) throw new UsageError(`give one run id\nusage: ${USAGE.show}`);
  return withStore(values.db, ctx, (store) => {
    const run = store.getRun(positionals[0]);
    if (values.json) writeJson(ctx, withVerdicts(run));
    else ctx.stdout.write(`${renderRun(run)}\n`);
    return 0;
  });
});

// ---- compare ----

function pValue(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

/** The last column of a compare row: what the test says, or why there is none. */
function verdict(t: CompareTest | null, median: number | null, first: number | null): string {
  if (t === null) return median === null ? 'missing' : first === null ? 'not in A' : '';
  if (t.significant) return t.note ? `significant ${t.note}` : 'significant';
  return t.note ?? 'within noise';
}

export function renderComparison(c: Comparison): string {
  const letter = (i: number) => String.fromCharCode(65 + i);
  const names = c.runs.map(
    (r, i) => `${letter(i)} = ${shortId(r.runId)} "${r.name}" (${formatDate(r.startedAt)}, ${r.machine.hostname})`,
  );
  const columns: { header: string; align?: 'left' | 'right' }[] = [
    { header: 'model' },
    { header: 'k', align: 'right' },
    { header: 'A median', align: 'right' },
  ];
  for (let i = 1; i < c.runs.length; i++) {
    const L = letter(i);
    columns.push(
      { header: `${L} median`, align: 'right' },
      { header: `${L} vs A`, align: 'right' },
      { header: 'Welch p', align: 'right' },
      { header: 'M-W p', align: 'right' },
      { header: `${L} faster in`, align: 'right' },
      { header: '' },
    );
  }
  const rows = c.cells.map((cell) => {
    const row = [cell.model, String(cell.concurrency), cell.medians[0] === null ? '—' : formatMs(cell.medians[0])];
    for (let i = 1; i < c.runs.length; i++) {
      const t = cell.tests[i];
      row.push(
        cell.medians[i] === null ? '—' : formatMs(cell.medians[i]!),
        formatChange(cell.changePct[i]),
        pValue(t?.welchP ?? null),
        pValue(t?.mannWhitneyP ?? null),
        t?.fasterInPct == null ? '—' : `${Math.round(t.fasterInPct)}% of pairs`,
        verdict(t, cell.medians[i], cell.medians[0]),
      );
    }
    return row;
  });
  const lines = [
    ...names,
    '',
    renderTable(columns, rows),
    '',
    'significant: p < 0.05 by Welch’s t-test or Mann–Whitney U on the ok repetitions.',
  ];
  const diff = Object.entries(c.machineDiff);
  if (diff.length) {
    lines.push('', 'Machines differ:');
    for (const [field, values] of diff) {
      lines.push(`  ${field}: ${values.map((v, i) => `${letter(i)} ${v ?? '—'}`).join(', ')}`);
    }
  }
  if (c.warnings.length) {
    lines.push('', 'Warnings:');
    for (const w of c.warnings) lines.push(`  ! ${w}`);
  }
  return lines.join('\n');
}

const compare = command('Compare 2 to 4 saved runs cell by cell, with significance.', USAGE.compare, async (args, ctx) => {
  const { values, positionals } = parse(args, { ...dbOption, json: { type: 'boolean' } }, USAGE.compare);
  if (positionals.length < 2 || positionals.length > 4) throw new UsageError(`give 2 to 4 run ids\nusage: ${USAGE.compare}`);
  return withStore(values.db, ctx, (store) => {
    const comparison = store.compareRuns(positionals);
    if (values.json) writeJson(ctx, comparison);
    else ctx.stdout.write(`${renderComparison(comparison)}\n`);
    return 0;
  });
});

// ---- export ----

const exportCommand = command(
  'Export runs as JSON (for import) or CSV, or one trial as a Chrome trace (Perfetto).',
  USAGE.export,
  async (args, ctx, raw) => {
    const { values, positionals } = parse(
      args,
      { ...dbOption, format: { type: 'string' }, trial: { type: 'string' }, out: { type: 'string' } },
      USAGE.export,
    );
    const format = oneOf('format', values.format, ['json', 'csv', 'trace'] as const) ?? 'json';
    if (positionals.length === 0) throw new UsageError(`give at least one run id\nusage: ${USAGE.export}`);
    if (format === 'trace' && positionals.length !== 1) throw new UsageError('--format trace exports one trial of one run');
    if (values.trial !== undefined && format !== 'trace') throw new UsageError('--trial goes with --format trace');
    const trial = numberOption('trial', values.trial, 0, Number.MAX_SAFE_INTEGER) ?? 0;
    if (!Number.isInteger(trial)) throw new UsageError('--trial: must be a trial index (a whole number)');
    const payload = await withStore(values.db, ctx, (store) =>
      format === 'trace' ? store.exportTrace(positionals[0], trial) : store.exportRuns(positionals, format),
    );
    // Which trial a trace holds, on stderr (stdout may be the trace itself).
    const which =
      format === 'trace'
        ? `trial ${trial}${values.trial === undefined ? ' (the default, the first trial; --trial N picks another, `show <id>` lists them)' : ''}`
        : '';
    if (values.out === undefined || values.out === '-') {
      // To a pipe the export goes byte for byte; to a terminal, without control characters.
      (raw.isTTY ? ctx : raw).stdout.write(payload.content);
      if (which) ctx.stderr.write(`exported ${which}
`);
      return 0;
    }
    let file = resolve(values.out);
    // A trailing slash means a folder, made if missing; so does an existing folder.
    const wantsFolder = /[\\/]$/.test(values.out);
    if (wantsFolder) await mkdir(file, { recursive: true });
    const existing = await stat(file).catch(() => null);
    if (existing?.isDirectory()) file = join(file, payload.fileName);
    await writeFile(file, payload.content);
    ctx.stderr.write(`wrote ${file} (${formatBytes(Buffer.byteLength(payload.content))})${which ? `: ${which}` : ''}\n`);
    return 0;
  },
);

// ---- import ----

const importCommand = command('Import runs from an exported JSON file (runs already saved are skipped).', USAGE.import, async (args, ctx) => {
  const { values, positionals } = parse(args, { ...dbOption, json: { type: 'boolean' } }, USAGE.import);
  if (positionals.length !== 1) throw new UsageError(`give one file\nusage: ${USAGE.import}`);
  const file = positionals[0];
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (error as Error).message;
    throw new UsageError(`${file}: cannot read it (${why})`);
  }
  return withStore(values.db, ctx, (store) => {
    let summary;
    try {
      summary = store.importRuns(content);
    } catch (error) {
      if (error instanceof StoreError && error.code === 'import-failed') error.message = `${file}: ${error.message}`;
      throw error;
    }
    if (values.json) writeJson(ctx, summary);
    else {
      const runs = (n: number) => `${n} run${n === 1 ? '' : 's'}`;
      const skipped = summary.skipped.length ? `, skipped ${runs(summary.skipped.length)} already saved` : '';
      ctx.stdout.write(`imported ${runs(summary.imported.length)}${skipped}\n`);
      for (const id of summary.imported) ctx.stdout.write(`  + ${id}\n`);
      for (const id of summary.skipped) ctx.stdout.write(`  = ${id} (already saved)\n`);
    }
    return 0;
  });
});

// ---- edit ----

const edit = command('Rename a saved run, set its tags, or write notes on it.', USAGE.edit, async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    {
      ...dbOption,
      name: { type: 'string' },
      tag: { type: 'string', multiple: true },
      'no-tags': { type: 'boolean' },
      notes: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE.edit,
  );
  if (positionals.length !== 1) throw new UsageError(`give one run id\nusage: ${USAGE.edit}`);
  if (values.tag && values['no-tags']) throw new UsageError('give --tag or --no-tags, not both');
  const patch = {
    ...(values.name !== undefined && { name: values.name }),
    ...(values.tag !== undefined && { tags: values.tag }),
    ...(values['no-tags'] && { tags: [] }),
    ...(values.notes !== undefined && { notes: values.notes }),
  };
  if (Object.keys(patch).length === 0) throw new UsageError(`nothing to change\nusage: ${USAGE.edit}`);
  return withStore(values.db, ctx, (store) => {
    const item = store.updateRun(positionals[0], patch);
    if (values.json) writeJson(ctx, item);
    else {
      const tags = item.tags.length ? ` [${item.tags.join(', ')}]` : '';
      const notes = item.notes ? ` — ${item.notes.split('\n')[0]}` : '';
      ctx.stdout.write(`${shortId(item.runId)} "${item.name}"${tags}${notes}\n`);
    }
    return 0;
  });
});

// ---- delete ----

const deleteCommand = command('Delete a saved run with its trials and spans.', USAGE.delete, async (args, ctx) => {
  const { values, positionals } = parse(args, dbOption, USAGE.delete);
  if (positionals.length !== 1) throw new UsageError(`give one run id\nusage: ${USAGE.delete}`);
  return withStore(values.db, ctx, (store) => {
    // Resolve first, so the message names the whole id a prefix stood for.
    const run = store.findRun(positionals[0]);
    if (!store.deleteRun(run.runId)) throw new StoreError('not-found', `no run with id ${positionals[0]}`);
    ctx.stdout.write(`deleted ${run.runId} "${run.name}"\n`);
    return 0;
  });
});

export const historyCommands: CommandTable = {
  list,
  show,
  compare,
  export: exportCommand,
  import: importCommand,
  edit,
  delete: deleteCommand,
};
