// The CLI's engine commands: run, presets, calibrate, machine. Like every front end they reach
// the backend through the service: the spec is checked by it (before any database is opened,
// so bad input creates nothing), then run to the end by it, saved or (--no-save) not.
import { errorMessage } from '../../src-shared/errors.ts';
import { forTerminal } from '../../src-shared/terminal-text.ts';
import { readFile, stat } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { LIMITS, defaultRunName, describeIssues, needsCalibration, planTrials, validateExperiment, type ExperimentSpec } from '../../src-shared/experiment.ts';
import type { CalibrateRequest, Preset } from '../../src-shared/contract.ts';
import { estimateRunMs, NO_ESTIMATE } from '../../src-shared/estimate.ts';
import { explainRun, type ExplainContext } from '../../src-shared/explain-run.ts';
import type { EngineEvent, PythonInfo } from '../../src-shared/result.ts';
import { codeFileName, type CodeWorkload } from '../../src-shared/code-workload.ts';
import { createLabService, historyPath, openHistory, type FinishedRun, type LabService, type RunRefused } from '../service/index.ts';
import { numberOption, parse } from './args.ts';
import { formatBytes, formatEta, formatMs } from '../../src-shared/format.ts';
import { EXIT, exitCodeFor, exitCodeForRun } from './exit-codes.ts';
import { explainContext, value, withLab } from './lab-session.ts';
import { createRunProgress } from './progress-bar.ts';
import { ResultFile } from './result-file.ts';
import { renderSummary } from './summary-table.ts';
import { renderLostUpdates } from './lost-updates-text.ts';
import { renderVerdicts, wrap } from './verdict-text.ts';
import { CommandFailed, UsageError, type CliCommand, type CliContext, type CommandTable } from './types.ts';

const RUN_USAGE =
  'run <spec.json> | --preset <name> | --code <task.py|task.js> --models <m,…> --concurrency <k,…> [--tasks N] [--repetitions N] [--warmup N] [--timeout-ms N]\n' +
  '    [--json <file>] [--no-save] [--db <file>] [--python <path>] [--yes]';

interface CodeFlags {
  code?: string;
  models?: string;
  concurrency?: string;
  tasks?: string;
  repetitions?: string;
  warmup?: string;
  'timeout-ms'?: string;
}

const CODE_ONLY_FLAGS = ['models', 'concurrency', 'tasks', 'repetitions', 'warmup', 'timeout-ms'] as const;

/** `run --code task.py --models … --concurrency …` as the spec it stands for (unvalidated: the schema judges it). */
function codeSpecInput(flags: CodeFlags): unknown {
  const file = flags.code!;
  const language = /\.py$/i.test(file) ? 'python' : /\.(m?js|cjs)$/i.test(file) ? 'javascript' : undefined;
  if (!language) throw new UsageError(`--code: ${file}: expected a .py (Python) or .js / .mjs (JavaScript) file`);
  if (flags.models === undefined) throw new UsageError(`--models: give the models to run, e.g. ${language === 'python' ? 'py-sequential,py-threading,py-multiprocessing' : 'sequential,threads,processes'}`);
  if (flags.concurrency === undefined) throw new UsageError('--concurrency: give the levels to run, e.g. 1,2,4');
  const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
  const ints = (name: string, text: string) =>
    list(text).map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n)) throw new UsageError(`--${name}: ${JSON.stringify(s)} is not an integer`);
      return n;
    });
  const one = (name: string, text: string | undefined) => (text === undefined ? undefined : ints(name, text)[0]);
  return {
    workload: { kind: 'code', language, file },
    models: list(flags.models),
    concurrency: ints('concurrency', flags.concurrency),
    tasks: one('tasks', flags.tasks) ?? 16,
    ...(flags.repetitions !== undefined ? { repetitions: one('repetitions', flags.repetitions) } : {}),
    ...(flags.warmup !== undefined ? { warmup: one('warmup', flags.warmup) } : {}),
    ...(flags['timeout-ms'] !== undefined ? { timeoutMs: one('timeout-ms', flags['timeout-ms']) } : {}),
  };
}
const PRESETS_USAGE = 'presets [--json]';
const CALIBRATE_USAGE = 'calibrate <primes|hash|mixed> --task-ms <N> [--runtime node|python] [--python <path>] [--json]';
const MACHINE_USAGE = 'machine [--json] [--python <path>]';

async function readSpecFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : errorMessage(e);
    throw new UsageError(`${file}: cannot read the spec: ${why}`);
  }
  try {
    // A byte-order mark is how some editors start a UTF-8 file; it is not part of the JSON.
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    // V8 says where: "… in JSON at position 11 (line 3 column 1)".
    throw new UsageError(`${file}: invalid JSON: ${errorMessage(e)}`);
  }
}

/** What `run` was given: the spec's text as read (unvalidated), where it came from, and where its code files lie. */
interface SpecInput {
  input: unknown;
  /** How messages name it: the file, `preset NAME` or `--code FILE`. */
  source: string;
  /** Where a code workload's relative file is found: beside the spec file, else the current directory. */
  baseDir: string;
}

async function specInput(file: string | undefined, presetName: string | undefined, codeFlags: CodeFlags, presets: () => Promise<Preset[]>): Promise<SpecInput> {
  const forms = [file !== undefined, presetName !== undefined, codeFlags.code !== undefined].filter(Boolean).length;
  if (forms > 1) throw new UsageError(`give one of a spec file, --preset or --code\nusage: ${RUN_USAGE}`);
  if (forms === 0) throw new UsageError(`give a spec file, --preset <name> or --code <file>\nusage: ${RUN_USAGE}`);
  if (codeFlags.code === undefined) {
    const stray = CODE_ONLY_FLAGS.find((f) => codeFlags[f] !== undefined);
    if (stray) throw new UsageError(`--${stray}: only with --code (a spec file or preset says it itself)`);
  }
  if (codeFlags.code !== undefined) return { input: codeSpecInput(codeFlags), source: `--code ${codeFlags.code}`, baseDir: process.cwd() };
  if (presetName !== undefined) {
    const list = await presets();
    const preset = list.find((p) => p.name === presetName);
    if (!preset) throw new UsageError(`--preset: no preset named "${presetName}"; one of: ${list.map((p) => p.name).join(', ')}`);
    return { input: preset.spec, source: `preset ${presetName}`, baseDir: process.cwd() };
  }
  return { input: await readSpecFile(file!), source: file!, baseDir: dirname(resolve(file!)) };
}

const SAVE_HINT = '(run with --no-save to run without saving, or --db <file> for another database)';

/**
 * A run the service refused, as the CLI says it: which check refused it decides the words
 * (the spec file, --yes, --no-save); the exit code is the error's (cli/exit-codes.ts), except
 * a history that cannot take the run, which is bad input: --no-save or --db fixes it.
 */
function refusal(error: RunRefused, source: string): CommandFailed {
  const issues = describeIssues(error.issues ?? []) || error.message;
  switch (error.stage) {
    case 'spec':
      return new CommandFailed(`${source}: not a valid experiment:\n${issues}`, exitCodeFor(error));
    case 'machine':
      return error.code === 'needs-confirmation'
        ? new CommandFailed(`a large run:\n${issues}\nadd --yes to run it anyway`, exitCodeFor(error))
        : new CommandFailed(`this machine cannot run it:\n${issues}`, exitCodeFor(error));
    case 'interpreter':
      return new CommandFailed(issues, exitCodeFor(error));
    case 'code':
      return new CommandFailed(error.code === 'invalid-input' ? `${source}: the code cannot run:\n${issues}` : error.message, exitCodeFor(error));
    case 'history':
      return new UsageError(`cannot save runs: ${error.message}\n${SAVE_HINT}`);
    default:
      return CommandFailed.from(error);
  }
}

async function checkWritableDir(file: string): Promise<void> {
  const dir = dirname(resolve(file));
  const s = await stat(dir).catch(() => undefined);
  if (!s?.isDirectory()) throw new UsageError(`--json: no such directory ${dir}`);
}

function describeCalibration(result: FinishedRun['result']): string | undefined {
  if (!result.calibration) return undefined;
  const params = Object.entries(result.calibration.params).map(([k, v]) => `${k} = ${v}`).join(', ');
  return `calibrated: ${params} (${formatMs(result.calibration.measuredMs)} per task measured)`;
}

const run: CliCommand = {
  summary: 'Run an experiment from a spec file or a preset, show live progress, then the summary table.',
  usage: RUN_USAGE,
  async run(args, ctx) {
    const { values, positionals } = parse(
      args,
      {
        preset: { type: 'string' },
        json: { type: 'string' },
        'no-save': { type: 'boolean' },
        db: { type: 'string' },
        python: { type: 'string' },
        yes: { type: 'boolean' },
        code: { type: 'string' },
        models: { type: 'string' },
        concurrency: { type: 'string' },
        tasks: { type: 'string' },
        repetitions: { type: 'string' },
        warmup: { type: 'string' },
        'timeout-ms': { type: 'string' },
      },
      RUN_USAGE,
    );
    if (positionals.length > 1) throw new UsageError(`one spec file at a time\nusage: ${RUN_USAGE}`);
    const python = values.python;
    const check = { executable: python, confirmed: values.yes === true };

    // Checked by a service with no database: bad input exits 2 and creates nothing.
    const { checked, source } = await withLab(ctx, { db: false, python }, async (lab) => {
      const given = await specInput(positionals[0], values.preset, values, async () => value(await lab.listPresets()));
      const answer = await lab.checkRun(given.input, { ...check, baseDir: given.baseDir });
      if (!answer.ok) throw refusal(answer as RunRefused, given.source);
      return { checked: answer.value, source: given.source };
    });
    const { spec } = checked;
    if (checked.taskIsAsync === false && spec.models.includes('async')) {
      ctx.stdout.write(`note: task(i) in ${codeFileName(spec.workload as CodeWorkload)} is synchronous: under async its tasks run one at a time on one event loop.\n`);
    }
    if (values.json !== undefined) await checkWritableDir(values.json);
    if (values['no-save'] && values.db !== undefined) throw new UsageError('--db: not with --no-save');

    const lab = values['no-save'] ? createLabService({ python: { executable: python } }) : openForSaving(values.db, python, ctx);
    // --json goes to its file trial by trial, as the history does: the engine keeps no spans.
    const json = values.json !== undefined ? new ResultFile(values.json) : undefined;
    try {
      const view = createRunProgress(ctx.stdout, ctx.isTTY);
      const answer = await lab.runToEnd(spec, {
        ...check,
        save: !values['no-save'],
        signal: ctx.signal,
        onEvent: (e: EngineEvent) => (e.type === 'trial-data' ? json?.addTrial(e.trial) : view.onEvent(e)),
        // Said once every check has passed (the history has room too), before the first trial.
        onStart: () => writeHeader(spec, ctx),
      });
      view.stop();
      if (!answer.ok) throw refusal(answer as RunRefused, source);
      return await report(answer.value, json, ctx, await explainContext(lab, spec.models));
    } finally {
      // The spool goes whatever happened (finish() has removed it already after a result).
      json?.discard();
      await lab.close();
    }
  },
};

/** A service on the history database, for a run to be saved into; a database that cannot be opened is bad input. */
function openForSaving(flag: string | undefined, python: string | undefined, ctx: CliContext): LabService {
  const opened = openHistory(historyPath({ flag, env: ctx.env }));
  if (!opened.ok) throw new UsageError(`cannot save runs: ${opened.message}\n${SAVE_HINT}`);
  return createLabService({ store: opened.value, ownsStore: true, python: { executable: python } });
}

function writeHeader(spec: ExperimentSpec, ctx: CliContext): void {
  const plan = planTrials(spec);
  const warmups = plan.filter((t) => t.warmup).length;
  const cores = availableParallelism();
  const estimate = estimateRunMs(spec, cores);
  ctx.stdout.write(
    `${forTerminal(defaultRunName(spec))}: ${plan.length} trials (${warmups} warm-up) on ${cpus()[0]?.model.trim() ?? 'this CPU'}, ${cores} cores` +
      `${estimate !== null ? `, about ${formatEta(estimate)}` : ''}\n`,
  );
  if (needsCalibration(spec.workload)) ctx.stdout.write('calibrating the task size on this machine…\n');
}

/** The tables and verdicts, how the run ended, where it went; the exit code. */
async function report({ result, dbPath, saveFailure }: FinishedRun, json: ResultFile | undefined, ctx: CliContext, context: ExplainContext): Promise<number> {
  const out = ctx.stdout;
  out.write('\n');
  const calibrated = describeCalibration(result);
  if (calibrated) out.write(`${calibrated}\n\n`);
  if (result.trials.length) out.write(`${renderSummary(result)}\n\n`);
  const verdicts = explainRun(result, context);
  if (verdicts.length) out.write(`${renderVerdicts(verdicts)}\n\n`);
  const lost = renderLostUpdates(result);
  if (lost) out.write(`${lost}\n\n`);

  const took = result.endedAt ? Date.parse(result.endedAt) - Date.parse(result.startedAt) : NaN;
  if (result.status === 'completed') out.write(`Completed in ${formatMs(took)}.\n`);
  else if (result.status === 'cancelled') out.write(`Cancelled after ${formatMs(took)}: ${result.trials.length} finished trials kept.\n`);
  // When saving failed, the result is 'failed' and its error says how much the history kept.
  else ctx.stderr.write(`Run failed: ${forTerminal(result.error ?? 'unknown error')}\n`);

  let code: number = exitCodeForRun(result);
  if (dbPath !== undefined) {
    if (saveFailure) {
      const kept = saveFailure.saved ? `Kept ${saveFailure.saved} trials as run ${result.runId} in ${dbPath}` : `Nothing kept in ${dbPath}`;
      const rest = json !== undefined ? `; all ${saveFailure.measured} measured trials go to ${json.file}` : '; add --json <file> to keep every measured trial next time';
      ctx.stderr.write(`${kept}${rest}.\n`);
    } else out.write(`Saved as run ${result.runId} in ${dbPath}\n`);
  }
  if (json !== undefined) {
    try {
      json.finish({ ...result, verdicts });
      out.write(`Wrote the full result to ${json.file}\n`);
    } catch (e) {
      ctx.stderr.write(`--json: cannot write ${json.file}: ${errorMessage(e)}\n`);
      if (code === EXIT.ok) code = EXIT.failed;
    }
  }
  return code;
}

const presets: CliCommand = {
  summary: 'List the built-in experiments, with a rough duration on this machine.',
  usage: PRESETS_USAGE,
  async run(args, ctx) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' } }, PRESETS_USAGE);
    if (positionals.length) throw new UsageError(`presets takes no arguments\nusage: ${PRESETS_USAGE}`);
    const cores = availableParallelism();
    const all = await withLab(ctx, { db: false }, async (lab) => value(await lab.listPresets()));
    const list = all.map((p) => {
      const v = validateExperiment(p.spec);
      return { ...p, estimatedMs: v.ok ? estimateRunMs(v.value, cores) : null };
    });
    if (values.json) {
      ctx.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      return EXIT.ok;
    }
    const width = Math.max(...list.map((p) => p.name.length));
    for (const p of list) {
      const est = p.estimatedMs === null ? '—' : `~${formatEta(p.estimatedMs)}`;
      ctx.stdout.write(`${p.name.padEnd(width)}  ${est.padStart(8)}  ${p.title}\n`);
      ctx.stdout.write(`${wrap(p.description, 76 - width, ' '.repeat(width + 12))}\n`);
      if (p.estimatedMs === null) ctx.stdout.write(`${wrap(`Duration not estimated: ${NO_ESTIMATE}.`, 76 - width, ' '.repeat(width + 12))}\n`);
    }
    ctx.stdout.write(`\nRun one with: concurrency-lab run --preset <name>   (durations are estimates for ${cores} cores)\n`);
    return EXIT.ok;
  },
};

const CALIBRATE_KINDS = ['primes', 'hash', 'mixed'] as const;

const calibrateCommand: CliCommand = {
  summary: 'Find the task size that takes about N ms on this machine.',
  usage: CALIBRATE_USAGE,
  async run(args, ctx) {
    const { values, positionals } = parse(
      args,
      { 'task-ms': { type: 'string' }, runtime: { type: 'string' }, python: { type: 'string' }, json: { type: 'boolean' } },
      CALIBRATE_USAGE,
    );
    const kind = positionals[0];
    if (positionals.length !== 1 || !CALIBRATE_KINDS.includes(kind as never)) {
      throw new UsageError(`kind: must be one of ${CALIBRATE_KINDS.join(', ')}\nusage: ${CALIBRATE_USAGE}`);
    }
    const taskMs = numberOption('task-ms', values['task-ms'], 0.1, LIMITS.taskMs);
    if (taskMs === undefined) throw new UsageError(`--task-ms: required\nusage: ${CALIBRATE_USAGE}`);
    const runtime = values.runtime ?? 'node';
    if (runtime !== 'node' && runtime !== 'python') throw new UsageError('--runtime: must be node or python');

    const req: CalibrateRequest = { kind: kind as CalibrateRequest['kind'], taskMs, runtime };
    const answer = await withLab(ctx, { db: false, python: values.python }, (lab) => lab.calibrate(req, { signal: ctx.signal }));
    if (!answer.ok) {
      if (ctx.signal.aborted) return EXIT.cancelled;
      throw CommandFailed.from(answer, 'calibration failed: ');
    }
    const result = answer.value;
    if (values.json) ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      const params = Object.entries(result.params).map(([k, v]) => `${k} = ${v}`).join(', ');
      ctx.stdout.write(`${kind} (${runtime}): ${params}, measured ${formatMs(result.measuredMs)} per task (asked for ${formatMs(taskMs)})\n`);
    }
    return EXIT.ok;
  },
};

const machine: CliCommand = {
  summary: 'Show this machine: CPU, cores, memory, OS, runtimes, and the fingerprint runs are compared by.',
  usage: MACHINE_USAGE,
  async run(args, ctx) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' }, python: { type: 'string' } }, MACHINE_USAGE);
    if (positionals.length) throw new UsageError(`machine takes no arguments\nusage: ${MACHINE_USAGE}`);
    const [m, models, interpreters] = await withLab(ctx, { db: false, python: values.python }, async (lab) => {
      const [machineInfo, modelList, found] = await Promise.all([lab.getMachine(), lab.listModels(), lab.listInterpreters()]);
      return [value(machineInfo), value(modelList), value(found)] as const;
    });
    if (values.json) {
      ctx.stdout.write(`${JSON.stringify(m, null, 2)}\n`);
      return EXIT.ok;
    }
    const why = models.find((x) => x.model === 'py-sequential' && !x.available)?.reason;
    const py = m.python;
    const rows: [string, string][] = [
      ['fingerprint', m.fingerprint],
      ['cpu', m.cpuModel],
      ['logical cores', String(m.logicalCores)],
      ['memory', formatBytes(m.memoryBytes)],
      ['os', m.os],
      ['platform', `${m.platform} ${m.arch}, kernel ${m.kernel}`],
      ['node', m.node],
      ...(m.electron ? [['electron', m.electron] as [string, string]] : []),
      [
        'python',
        py
          ? `${py.version} (${py.implementation}, ${py.freeThreaded ? `free-threaded, GIL ${py.gilEnabled === false ? 'off' : 'on'}` : 'with the GIL'}) at ${py.executable}`
          : `not available${why ? `: ${why}` : ''}`,
      ],
      ...interpreterRows(interpreters),
      ['hostname', m.hostname],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) ctx.stdout.write(`${k.padEnd(width)}  ${v}\n`);
    return EXIT.ok;
  },
};

/** One row per interpreter a run could use (--python or the spec's python.executable): version, GIL or not, path. */
function interpreterRows(interpreters: PythonInfo[]): [string, string][] {
  if (interpreters.length === 0) return [['interpreters', 'none found']];
  const gil = (i: PythonInfo) => (i.freeThreaded ? `free-threaded${i.gilEnabled === false ? '' : ', GIL on'}` : 'GIL');
  const versionWidth = Math.max(...interpreters.map((i) => i.version.length));
  const gilWidth = Math.max(...interpreters.map((i) => gil(i).length));
  return interpreters.map((i, n) => [n === 0 ? 'interpreters' : '', `${i.version.padEnd(versionWidth)}  ${gil(i).padEnd(gilWidth)}  ${i.executable}`]);
}

export const runCommands: CommandTable = { run, presets, calibrate: calibrateCommand, machine };
