// `concurrency-lab study <run|presets|list|show|export|edit|delete>` (issue 13): a study runs
// one saved run per value of its axis, through the service, on the history database
// named by --db (else $CONCURRENCY_LAB_DB, else the default).
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { errorMessage } from '../../src-shared/errors.ts';
import { formatBytes, formatEta } from '../../src-shared/format.ts';
import { analyzeStudy } from '../../src-shared/study-analysis.ts';
import { jsonForTerminal } from '../../src-shared/terminal-text.ts';
import { EDIT_OPTIONS, editPatch, oneOf, parse } from './args.ts';
import { EXIT } from './exit-codes.ts';
import { value, withLab } from './lab-session.ts';
import { createStudyProgress, describeTook, renderStudy, renderStudyList } from './study-text.ts';
import { forTerminalStream } from './terminal-stream.ts';
import { UsageError, type CliCommand, type CliContext, type CommandTable } from './types.ts';
import { wrap } from './verdict-text.ts';

const DB = '[--db <file>]';
const USAGE = {
  run: `study run <study.json> | --preset <name> [--json <file>] [--python <path>] [--yes] ${DB}`,
  presets: 'study presets [--json]',
  list: `study list [--json] ${DB}`,
  show: `study show <id> [--json] ${DB}`,
  export: `study export <id> --format json|csv|md [--out <file | dir/>] ${DB}`,
  edit: `study edit <id> [--name N] [--tag T]… [--no-tags] [--notes TEXT] ${DB}`,
  delete: `study delete <id> ${DB}`,
} as const;
const ALL_USAGE = Object.values(USAGE).join('\n       ');

type Sub = (args: string[], ctx: CliContext, raw: CliContext) => Promise<number>;

async function readStudyFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: cannot read the study: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : errorMessage(e)}`);
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new UsageError(`${file}: invalid JSON: ${errorMessage(e)}`);
  }
}

const run: Sub = async (args, ctx, raw) => {
  const { values, positionals } = parse(
    args,
    { preset: { type: 'string' }, json: { type: 'string' }, python: { type: 'string' }, yes: { type: 'boolean' }, db: { type: 'string' } },
    USAGE.run,
  );
  if (positionals.length > 1) throw new UsageError(`one study file at a time\nusage: ${USAGE.run}`);
  if ((positionals.length === 1) === (values.preset !== undefined)) throw new UsageError(`give a study file or --preset <name>\nusage: ${USAGE.run}`);
  if (values.json !== undefined) {
    const dir = await stat(dirname(resolve(values.json))).catch(() => undefined);
    if (!dir?.isDirectory()) throw new UsageError(`--json: no such directory ${dirname(resolve(values.json))}`);
  }
  return withLab(ctx, { db: values.db, python: values.python }, async (lab) => {
    let input: unknown;
    let source: string;
    if (values.preset !== undefined) {
      const presets = value(await lab.listStudyPresets());
      const preset = presets.find((p) => p.name === values.preset);
      if (!preset) throw new UsageError(`--preset: no study preset named "${values.preset}"; one of: ${presets.map((p) => p.name).join(', ')}`);
      input = preset.study;
      source = `preset ${preset.name}`;
    } else {
      input = await readStudyFile(positionals[0]);
      source = positionals[0];
    }
    const plan = await lab.validateStudy(input);
    if (!plan.ok) throw new UsageError(`${source}: not a valid study:\n${plan.message}`);
    ctx.stdout.write(`${plan.value.name}: ${plan.value.axis} study, ${plan.value.members.length} runs (${plan.value.members.map((m) => m.label).join(', ')})\n`);

    // The bar draws with the terminal's control characters: it writes to the terminal itself.
    const view = createStudyProgress(raw.stdout, ctx.isTTY);
    const started = performance.now();
    const finished = await lab.runStudyToEnd(input, { signal: ctx.signal, confirmed: values.yes === true, onEvent: (e) => view.onEvent(e) });
    view.stop();
    const { study, outcome, dbPath } = value(finished, `${source}: `);
    const took = performance.now() - started;
    const analysis = analyzeStudy(study);
    ctx.stdout.write(`\n${renderStudy(study, analysis)}\n\n`);
    const overhead = outcome.runsWallMs > 0 ? ` (its runs: ${describeTook(outcome.runsWallMs)})` : '';
    if (outcome.status === 'completed') ctx.stdout.write(`Completed in ${describeTook(took)}${overhead}.\n`);
    else if (outcome.status === 'cancelled') ctx.stdout.write(`Cancelled after ${describeTook(took)}: ${outcome.runIds.length} runs kept.\n`);
    else ctx.stderr.write(`Study failed: ${outcome.error ?? 'unknown error'}\n`);
    ctx.stdout.write(`Saved as study ${study.studyId} in ${dbPath}\n`);
    let code: number = outcome.status === 'completed' ? EXIT.ok : outcome.status === 'cancelled' ? EXIT.cancelled : EXIT.failed;
    if (values.json !== undefined) {
      try {
        await writeFile(values.json, `${JSON.stringify({ ...study, analysis }, null, 2)}\n`);
        ctx.stdout.write(`Wrote the study to ${values.json}\n`);
      } catch (e) {
        ctx.stderr.write(`--json: cannot write ${values.json}: ${errorMessage(e)}\n`);
        if (code === EXIT.ok) code = EXIT.failed;
      }
    }
    return code;
  });
};

const presets: Sub = async (args, ctx) => {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } }, USAGE.presets);
  if (positionals.length) throw new UsageError(`study presets takes no arguments\nusage: ${USAGE.presets}`);
  const list = await withLab(ctx, { db: false }, async (lab) => value(await lab.listStudyPresets()));
  if (values.json) {
    ctx.stdout.write(`${jsonForTerminal(list, 2)}\n`);
    return EXIT.ok;
  }
  const width = Math.max(...list.map((p) => p.name.length));
  for (const p of list) {
    ctx.stdout.write(`${p.name.padEnd(width)}  ${(p.estimatedMs === null ? '—' : `~${formatEta(p.estimatedMs)}`).padStart(10)}  ${p.title}\n`);
    ctx.stdout.write(`${wrap(p.description, 76 - width, ' '.repeat(width + 14))}\n`);
  }
  ctx.stdout.write('\nRun one with: concurrency-lab study run --preset <name>\n');
  return EXIT.ok;
};

const list: Sub = async (args, ctx) => {
  const { values, positionals } = parse(args, { json: { type: 'boolean' }, db: { type: 'string' } }, USAGE.list);
  if (positionals.length) throw new UsageError(`study list takes no ids\nusage: ${USAGE.list}`);
  const studies = await withLab(ctx, { db: values.db }, async (lab) => value(await lab.listStudies()));
  ctx.stdout.write(values.json ? `${jsonForTerminal(studies, 2)}\n` : `${renderStudyList(studies)}\n`);
  return EXIT.ok;
};

const show: Sub = async (args, ctx) => {
  const { values, positionals } = parse(args, { json: { type: 'boolean' }, db: { type: 'string' } }, USAGE.show);
  if (positionals.length !== 1) throw new UsageError(`give one study id\nusage: ${USAGE.show}`);
  const study = await withLab(ctx, { db: values.db }, async (lab) => value(await lab.getStudy(positionals[0])));
  const analysis = analyzeStudy(study);
  ctx.stdout.write(values.json ? `${jsonForTerminal({ ...study, analysis }, 2)}\n` : `${renderStudy(study, analysis)}\n`);
  return EXIT.ok;
};

const exportStudy: Sub = async (args, ctx, raw) => {
  const { values, positionals } = parse(args, { format: { type: 'string' }, out: { type: 'string' }, db: { type: 'string' } }, USAGE.export);
  if (positionals.length !== 1) throw new UsageError(`give one study id\nusage: ${USAGE.export}`);
  const format = oneOf('format', values.format, ['json', 'csv', 'md'] as const);
  if (!format) throw new UsageError(`--format: required, one of json, csv, md\nusage: ${USAGE.export}`);
  const payload = await withLab(ctx, { db: values.db }, async (lab) => value(await lab.exportStudy({ studyId: positionals[0], format })));
  if (values.out === undefined || values.out === '-') {
    (raw.isTTY ? ctx : raw).stdout.write(payload.content);
    return EXIT.ok;
  }
  let file = resolve(values.out);
  if (/[\\/]$/.test(values.out)) await mkdir(file, { recursive: true });
  if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, payload.fileName);
  await writeFile(file, payload.content);
  ctx.stderr.write(`wrote ${file} (${formatBytes(Buffer.byteLength(payload.content))})\n`);
  return EXIT.ok;
};

const edit: Sub = async (args, ctx) => {
  const { values, positionals } = parse(
    args,
    { ...EDIT_OPTIONS, db: { type: 'string' } },
    USAGE.edit,
  );
  if (positionals.length !== 1) throw new UsageError(`give one study id\nusage: ${USAGE.edit}`);
  const patch = editPatch(values, USAGE.edit);
  const study = await withLab(ctx, { db: values.db }, async (lab) => value(await lab.updateStudy(positionals[0], patch)));
  ctx.stdout.write(`${study.studyId.slice(0, 8)} "${study.name}"${study.tags.length ? ` [${study.tags.join(', ')}]` : ''}\n`);
  return EXIT.ok;
};

const remove: Sub = async (args, ctx) => {
  const { values, positionals } = parse(args, { db: { type: 'string' } }, USAGE.delete);
  if (positionals.length !== 1) throw new UsageError(`give one study id\nusage: ${USAGE.delete}`);
  const done = await withLab(ctx, { db: values.db }, async (lab) => {
    const study = value(await lab.getStudy(positionals[0]));
    const { runs } = value(await lab.deleteStudy(study.studyId));
    return { study, runs };
  });
  ctx.stdout.write(`deleted study ${done.study.studyId} "${done.study.name}" and its ${done.runs} run${done.runs === 1 ? '' : 's'}\n`);
  return EXIT.ok;
};

const SUBCOMMANDS: Record<string, Sub> = { run, presets, list, show, export: exportStudy, edit, delete: remove };

const study: CliCommand = {
  summary: 'Studies: one axis varied (workload, task size, CPU share), one saved run per value; the classic table and break-even.',
  usage: ALL_USAGE,
  async run(args, raw) {
    const [sub, ...rest] = args;
    const fn = sub === undefined ? undefined : Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
    if (!fn) throw new UsageError(`${sub === undefined ? 'give a study command' : `unknown study command "${sub}"`}\nusage: ${ALL_USAGE}`);
    // Names and messages come from users and files: no control characters reach the terminal.
    const ctx = { ...raw, stdout: forTerminalStream(raw.stdout), stderr: forTerminalStream(raw.stderr) };
    return fn(rest, ctx, raw);
  },
};

export const studyCommands: CommandTable = { study };
