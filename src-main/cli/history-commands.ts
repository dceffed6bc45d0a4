// The CLI's history commands: list, show, compare, export, import, edit, delete.
// Each goes through the service on the database named by --db (else $CONCURRENCY_LAB_DB,
// else the default), accepts a unique prefix wherever a run id goes, and exits 2 on bad input.
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { explainRun } from '../../src-shared/explain-run.ts';
import { formatBytes } from '../../src-shared/format.ts';
import { jsonForTerminal } from '../../src-shared/terminal-text.ts';
import { HISTORY_LIMITS } from '../../src-shared/limits.ts';
import { MODELS, WORKLOAD_KINDS } from '../../src-shared/models.ts';
import { RUN_STATUSES } from '../../src-shared/result.ts';
import { EDIT_OPTIONS, editPatch, numberOption, oneOf, parse } from './args.ts';
import { EXIT } from './exit-codes.ts';
import { renderComparison, renderRun, renderRunList, shortId } from './history-text.ts';
import { explainContext, value, withLab } from './lab-session.ts';
import { forTerminalStream } from './terminal-stream.ts';
import { CommandFailed, UsageError, type CliCommand, type CliContext, type CommandTable } from './types.ts';

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

function writeJson(ctx: CliContext, data: unknown): void {
  ctx.stdout.write(`${jsonForTerminal(data, 2)}\n`);
}

/**
 * Names, tags, notes and messages come from users and files: what a history command prints
 * reaches the terminal without their control characters. `raw` is for data (an export to a pipe).
 */
function command(def: { summary: string; usage: string; run(args: string[], ctx: CliContext, raw: CliContext): Promise<number> }): CliCommand {
  return {
    summary: def.summary,
    usage: def.usage,
    run: (args, raw) => def.run(args, { ...raw, stdout: forTerminalStream(raw.stdout), stderr: forTerminalStream(raw.stderr) }, raw),
  };
}

// ---- list ----

const list = command({
  summary: 'List saved runs, newest first.',
  usage: USAGE.list,
  async run(args, ctx) {
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
    const limit = numberOption('limit', values.limit, 1, HISTORY_LIMITS.listPage) ?? 50;
    if (!Number.isInteger(offset) || !Number.isInteger(limit)) throw new UsageError('--limit and --offset take whole numbers');
    const filter = {
      text: values.text,
      workload: oneOf('workload', values.workload, WORKLOAD_KINDS),
      model: oneOf('model', values.model, MODELS),
      tag: values.tag,
      machine: values.machine,
      status: oneOf('status', values.status, RUN_STATUSES),
      limit,
      offset,
    };
    const page = await withLab(ctx, { db: values.db }, async (lab) => value(await lab.listRuns(filter)));
    if (values.json) writeJson(ctx, page);
    else ctx.stdout.write(`${renderRunList(page, offset)}\n`);
    return EXIT.ok;
  },
});

// ---- show ----

const show = command({
  summary: 'Show one saved run with its summary and verdicts.',
  usage: USAGE.show,
  async run(args, ctx) {
    const { values, positionals } = parse(args, { ...dbOption, json: { type: 'boolean' } }, USAGE.show);
    if (positionals.length !== 1) throw new UsageError(`give one run id\nusage: ${USAGE.show}`);
    const { run, context } = await withLab(ctx, { db: values.db }, async (lab) => {
      // --json writes the whole result, spans and all, as `run --json` does; the text needs only the figures.
      const run = values.json ? value(await lab.getRunWithSpans(positionals[0])) : value(await lab.getRun(positionals[0]));
      return { run, context: await explainContext(lab, run.experiment.models) };
    });
    if (values.json) writeJson(ctx, { ...run, verdicts: explainRun(run, context) });
    else ctx.stdout.write(`${renderRun(run, context)}\n`);
    return EXIT.ok;
  },
});

// ---- compare ----

const compare = command({
  summary: 'Compare 2 to 4 saved runs cell by cell, with significance.',
  usage: USAGE.compare,
  async run(args, ctx) {
    const { values, positionals } = parse(args, { ...dbOption, json: { type: 'boolean' } }, USAGE.compare);
    if (positionals.length < 2 || positionals.length > 4) throw new UsageError(`give 2 to 4 run ids\nusage: ${USAGE.compare}`);
    const comparison = await withLab(ctx, { db: values.db }, async (lab) => value(await lab.compareRuns(positionals)));
    if (values.json) writeJson(ctx, comparison);
    else ctx.stdout.write(`${renderComparison(comparison)}\n`);
    return EXIT.ok;
  },
});

// ---- export ----

const exportCommand = command({
  summary: 'Export runs as JSON (for import) or CSV, or one trial as a Chrome trace (Perfetto).',
  usage: USAGE.export,
  async run(args, ctx, raw) {
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
    const request = { runIds: positionals, format, ...(format === 'trace' && { trialIndex: trial }) };
    // Which trial a trace holds, on stderr (stdout may be the trace itself).
    const which =
      format === 'trace'
        ? `trial ${trial}${values.trial === undefined ? ' (the default, the first trial; --trial N picks another, `show <id>` lists them)' : ''}`
        : '';
    if (values.out === undefined || values.out === '-') {
      const payload = await withLab(ctx, { db: values.db }, async (lab) => value(await lab.exportRuns(request)));
      // To a pipe the export goes byte for byte; to a terminal, without control characters.
      (raw.isTTY ? ctx : raw).stdout.write(payload.content);
      if (which) ctx.stderr.write(`exported ${which}\n`);
      return EXIT.ok;
    }
    // To a file: streamed, one trial's spans in memory at a time, and the file appears whole or not at all.
    const out = resolve(values.out);
    // A trailing slash means a folder, made if missing; so does an existing folder.
    const wantsFolder = /[\\/]$/.test(values.out);
    if (wantsFolder) await mkdir(out, { recursive: true });
    const existing = await stat(out).catch(() => null);
    const pick = (fileName: string) => (existing?.isDirectory() ? join(out, fileName) : out);
    const written = await withLab(ctx, { db: values.db }, async (lab) => value(await lab.exportRunsTo(request, pick)));
    ctx.stderr.write(`wrote ${written.file} (${formatBytes(written.bytes)})${which ? `: ${which}` : ''}\n`);
    return EXIT.ok;
  },
});

// ---- import ----

const importCommand = command({
  summary: 'Import runs from an exported JSON file (runs already saved are skipped).',
  usage: USAGE.import,
  async run(args, ctx) {
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
    const summary = await withLab(ctx, { db: values.db }, async (lab) => {
      const answer = await lab.importRuns(content);
      // Name the file when its content is what failed, not when the database did.
      return value(answer, !answer.ok && answer.code === 'import-failed' ? `${file}: ` : '');
    });
    if (values.json) writeJson(ctx, summary);
    else {
      const runs = (n: number) => `${n} run${n === 1 ? '' : 's'}`;
      const skipped = summary.skipped.length ? `, skipped ${runs(summary.skipped.length)} already saved` : '';
      ctx.stdout.write(`imported ${runs(summary.imported.length)}${skipped}\n`);
      for (const id of summary.imported) ctx.stdout.write(`  + ${id}\n`);
      for (const id of summary.skipped) ctx.stdout.write(`  = ${id} (already saved)\n`);
    }
    return EXIT.ok;
  },
});

// ---- edit ----

const edit = command({
  summary: 'Rename a saved run, set its tags, or write notes on it.',
  usage: USAGE.edit,
  async run(args, ctx) {
    const { values, positionals } = parse(
      args,
      {
        ...dbOption,
        ...EDIT_OPTIONS,
        json: { type: 'boolean' },
      },
      USAGE.edit,
    );
    if (positionals.length !== 1) throw new UsageError(`give one run id\nusage: ${USAGE.edit}`);
    const patch = editPatch(values, USAGE.edit);
    const item = await withLab(ctx, { db: values.db }, async (lab) => value(await lab.updateRun(positionals[0], patch)));
    if (values.json) writeJson(ctx, item);
    else {
      const tags = item.tags.length ? ` [${item.tags.join(', ')}]` : '';
      const notes = item.notes ? ` — ${item.notes.split('\n')[0]}` : '';
      ctx.stdout.write(`${shortId(item.runId)} "${item.name}"${tags}${notes}\n`);
    }
    return EXIT.ok;
  },
});

// ---- delete ----

const deleteCommand = command({
  summary: 'Delete a saved run with its trials and spans.',
  usage: USAGE.delete,
  async run(args, ctx) {
    const { values, positionals } = parse(args, dbOption, USAGE.delete);
    if (positionals.length !== 1) throw new UsageError(`give one run id\nusage: ${USAGE.delete}`);
    const run = await withLab(ctx, { db: values.db }, async (lab) => {
      // Resolve first, so the message names the whole id a prefix stood for.
      const found = value(await lab.findRun(positionals[0]));
      const { deleted } = value(await lab.deleteRun(found.runId));
      if (!deleted) throw CommandFailed.from({ ok: false, code: 'not-found', message: `no run with id ${positionals[0]}` });
      return found;
    });
    ctx.stdout.write(`deleted ${run.runId} "${run.name}"\n`);
    return EXIT.ok;
  },
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
