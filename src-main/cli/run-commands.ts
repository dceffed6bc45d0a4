// The CLI's engine commands: run, presets, calibrate, machine.
import { errorMessage } from '../../src-shared/errors.ts';
import { forTerminal } from '../../src-shared/terminal-text.ts';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import {
  LIMITS,
  describeIssues,
  needsCalibration,
  planTrials,
  validateExperiment,
  type ExperimentSpec,
} from '../../src-shared/experiment.ts';
import { runtimeOf } from '../../src-shared/models.ts';
import type { CalibrateRequest } from '../../src-shared/contract.ts';
import { estimateRunMs, NO_ESTIMATE } from '../../src-shared/estimate.ts';
import { estimateResources } from '../../src-shared/resources.ts';
import { explainRun } from '../../src-shared/explain-run.ts';
import type { ProgressEvent, PythonInfo, RunResult } from '../../src-shared/result.ts';
import {
  calibrate,
  defaultRunName,
  getMachineInfo,
  getPreset,
  listModels,
  listPresets,
  runExperiment,
  getCapacity,
} from '../engine/index.ts';
import { findInterpreters } from '../engine/python/index.ts';
import { preflightCode } from '../engine/code/preflight.ts';
import { codeFileName, type CodeWorkload } from '../../src-shared/code-workload.ts';
import { numberOption, parse } from './args.ts';
import { formatBytes, formatEta, formatMs } from '../../src-shared/format.ts';
import { createRunProgress } from './progress-bar.ts';
import { openRunSaver, type RunSaver } from './run-saver.ts';
import { renderSummary } from './summary-table.ts';
import { renderLostUpdates } from './lost-updates-text.ts';
import { renderVerdicts, wrap } from './verdict-text.ts';
import { UsageError, type CliCommand, type CliContext, type CommandTable } from './types.ts';

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

/** The spec to run, checked from end to end before anything starts (the code of a code workload compiled too). */
async function specFromArgs(
  file: string | undefined,
  presetName: string | undefined,
  pythonFlag: string | undefined,
  codeFlags: CodeFlags = {},
): Promise<{ spec: ExperimentSpec; notes: string[] }> {
  const forms = [file !== undefined, presetName !== undefined, codeFlags.code !== undefined].filter(Boolean).length;
  if (forms > 1) throw new UsageError(`give one of a spec file, --preset or --code\nusage: ${RUN_USAGE}`);
  if (forms === 0) throw new UsageError(`give a spec file, --preset <name> or --code <file>\nusage: ${RUN_USAGE}`);
  if (codeFlags.code === undefined) {
    const stray = CODE_ONLY_FLAGS.find((f) => codeFlags[f] !== undefined);
    if (stray) throw new UsageError(`--${stray}: only with --code (a spec file or preset says it itself)`);
  }

  let input: unknown;
  let source: string;
  // Where a code workload's relative file is found: beside the spec file, else the current directory.
  let baseDir = process.cwd();
  if (codeFlags.code !== undefined) {
    input = codeSpecInput(codeFlags);
    source = `--code ${codeFlags.code}`;
  } else if (presetName !== undefined) {
    const preset = getPreset(presetName);
    if (!preset) {
      throw new UsageError(`--preset: no preset named "${presetName}"; one of: ${listPresets().map((p) => p.name).join(', ')}`);
    }
    input = preset.spec;
    source = `preset ${presetName}`;
  } else {
    input = await readSpecFile(file!);
    source = file!;
    baseDir = dirname(resolve(file!));
  }

  const checked = validateExperiment(input);
  if (!checked.ok) throw new UsageError(`${source}: not a valid experiment:\n${describeIssues(checked.issues)}`);
  let spec = checked.value;
  if (pythonFlag !== undefined) spec = { ...spec, python: { ...spec.python, executable: pythonFlag } };

  if (spec.models.some((m) => runtimeOf(m) === 'python')) {
    const models = await listModels({ python: { executable: spec.python?.executable } });
    const missing = models.filter((m) => !m.available && spec.models.includes(m.model));
    if (missing.length) {
      throw new UsageError(`models: ${missing.map((m) => m.model).join(', ')} unavailable: ${missing[0].reason ?? 'unknown reason'}`);
    }
  }
  const notes: string[] = [];
  if (spec.workload.kind === 'code') {
    // A syntax error (file, line, column), a file that cannot be read, no task: exit 2, nothing started.
    const pre = await preflightCode(spec, { baseDir, executable: spec.python?.executable });
    if (!pre.ok) throw new UsageError(`${source}: the code cannot run:\n${forTerminal(describeIssues(pre.issues))}`);
    spec = pre.spec;
    if (pre.taskIsAsync === false && spec.models.includes('async')) {
      notes.push(`note: task(i) in ${codeFileName(pre.spec.workload as CodeWorkload)} is synchronous: under async its tasks run one at a time on one event loop.`);
    }
  }
  return { spec, notes };
}

/** Refuses a spec this machine cannot run; a large one runs only with --yes. */
async function checkResources(spec: ExperimentSpec, yes: boolean): Promise<void> {
  const estimate = estimateResources(spec, await getCapacity());
  const refused = estimate.issues.filter((i) => i.level === 'refuse');
  if (refused.length) throw new UsageError(`this machine cannot run it:\n${describeIssues(refused)}`);
  if (estimate.verdict === 'confirm' && !yes) {
    throw new UsageError(`a large run:\n${describeIssues(estimate.issues)}\nadd --yes to run it anyway`);
  }
}

async function checkWritableDir(file: string): Promise<void> {
  const dir = dirname(resolve(file));
  const s = await stat(dir).catch(() => undefined);
  if (!s?.isDirectory()) throw new UsageError(`--json: no such directory ${dir}`);
}

function describeCalibration(result: RunResult): string | undefined {
  if (!result.calibration) return undefined;
  const params = Object.entries(result.calibration.params).map(([k, v]) => `${k} = ${v}`).join(', ');
  return `calibrated: ${params} (${formatMs(result.calibration.measuredMs)} per task measured)`;
}

function exitCodeOf(result: RunResult): number {
  if (result.status === 'cancelled') return 130;
  if (result.status !== 'completed') return 1;
  return result.trials.some((t) => t.status === 'failed' || t.status === 'timeout') ? 1 : 0;
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
    const { spec, notes } = await specFromArgs(positionals[0], values.preset, values.python, values);
    for (const note of notes) ctx.stdout.write(`${note}\n`);
    await checkResources(spec, values.yes === true);
    if (values.json !== undefined) await checkWritableDir(values.json);
    if (values['no-save'] && values.db !== undefined) throw new UsageError('--db: not with --no-save');

    // A write that fails stops the run: measuring on while nothing is kept would be wasted.
    const savingFailed = new AbortController();
    let saver: RunSaver | undefined;
    if (!values['no-save']) {
      try {
        saver = await openRunSaver(values.db, ctx.env, () => savingFailed.abort(new Error('saving failed')));
        // Found before the run, not after it has been measured.
        saver.checkRoom(spec);
      } catch (e) {
        saver?.close();
        throw new UsageError(`cannot save runs: ${errorMessage(e)}\n(run with --no-save to run without saving, or --db <file> for another database)`);
      }
    }

    try {
      return await runAndReport(spec, { ...values, saver, signal: AbortSignal.any([ctx.signal, savingFailed.signal]) }, ctx);
    } finally {
      saver?.close();
    }
  },
};

async function runAndReport(
  spec: ExperimentSpec,
  opts: { json?: string; saver?: RunSaver; signal: AbortSignal },
  ctx: CliContext,
): Promise<number> {
  const out = ctx.stdout;
  const plan = planTrials(spec);
  const warmups = plan.filter((t) => t.warmup).length;
  const cores = availableParallelism();
  const estimate = estimateRunMs(spec, cores);
  out.write(
    `${forTerminal(defaultRunName(spec))}: ${plan.length} trials (${warmups} warm-up) on ${cpus()[0]?.model.trim() ?? 'this CPU'}, ${cores} cores` +
      `${estimate !== null ? `, about ${formatEta(estimate)}` : ''}\n`,
  );
  if (needsCalibration(spec.workload)) out.write('calibrating the task size on this machine…\n');

  const view = createRunProgress(out, ctx.isTTY);
  const onEvent = (e: ProgressEvent) => {
    opts.saver?.record(e);
    view.onEvent(e);
  };

  let result = await runExperiment(spec, { signal: opts.signal, onEvent, python: { executable: spec.python?.executable } });
  view.stop();
  const failure = opts.saver?.record.failure(result.runId);
  // The engine saw a cancel; the run failed, and its result says how much the history kept.
  if (failure) result = { ...result, status: 'failed', error: failure.error };

  out.write('\n');
  const calibrated = describeCalibration(result);
  if (calibrated) out.write(`${calibrated}\n\n`);
  if (result.trials.length) out.write(`${renderSummary(result)}\n\n`);
  const verdicts = explainRun(result);
  if (verdicts.length) out.write(`${renderVerdicts(verdicts)}\n\n`);
  const lost = renderLostUpdates(result);
  if (lost) out.write(`${lost}\n\n`);

  const took = result.endedAt ? Date.parse(result.endedAt) - Date.parse(result.startedAt) : NaN;
  if (result.status === 'completed') out.write(`Completed in ${formatMs(took)}.\n`);
  else if (result.status === 'cancelled') out.write(`Cancelled after ${formatMs(took)}: ${result.trials.length} finished trials kept.\n`);
  else ctx.stderr.write(`Run failed: ${forTerminal(result.error ?? 'unknown error')}\n`);

  let code = exitCodeOf(result);
  if (opts.saver) {
    if (failure) {
      const kept = failure.saved ? `Kept ${failure.saved} trials as run ${result.runId} in ${opts.saver.dbPath}` : `Nothing kept in ${opts.saver.dbPath}`;
      const rest = opts.json !== undefined ? `; all ${failure.measured} measured trials go to ${opts.json}` : '; add --json <file> to keep every measured trial next time';
      ctx.stderr.write(`${kept}${rest}.\n`);
    } else out.write(`Saved as run ${result.runId} in ${opts.saver.dbPath}\n`);
  }
  if (opts.json !== undefined) {
    try {
      await writeFile(opts.json, `${JSON.stringify({ ...result, verdicts }, null, 2)}\n`);
      out.write(`Wrote the full result to ${opts.json}\n`);
    } catch (e) {
      ctx.stderr.write(`--json: cannot write ${opts.json}: ${errorMessage(e)}\n`);
      if (code === 0) code = 1;
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
    const list = listPresets().map((p) => {
      const v = validateExperiment(p.spec);
      return { ...p, estimatedMs: v.ok ? estimateRunMs(v.value, cores) : null };
    });
    if (values.json) {
      ctx.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(...list.map((p) => p.name.length));
    for (const p of list) {
      const est = p.estimatedMs === null ? '—' : `~${formatEta(p.estimatedMs)}`;
      ctx.stdout.write(`${p.name.padEnd(width)}  ${est.padStart(8)}  ${p.title}\n`);
      ctx.stdout.write(`${wrap(p.description, 76 - width, ' '.repeat(width + 12))}\n`);
      if (p.estimatedMs === null) ctx.stdout.write(`${wrap(`Duration not estimated: ${NO_ESTIMATE}.`, 76 - width, ' '.repeat(width + 12))}\n`);
    }
    ctx.stdout.write(`\nRun one with: concurrency-lab run --preset <name>   (durations are estimates for ${cores} cores)\n`);
    return 0;
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
    let result;
    try {
      result = await calibrate(req, { signal: ctx.signal, python: { executable: values.python } });
    } catch (e) {
      if (ctx.signal.aborted) return 130;
      ctx.stderr.write(`calibration failed: ${errorMessage(e)}\n`);
      return 1;
    }
    if (values.json) ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      const params = Object.entries(result.params).map(([k, v]) => `${k} = ${v}`).join(', ');
      ctx.stdout.write(`${kind} (${runtime}): ${params}, measured ${formatMs(result.measuredMs)} per task (asked for ${formatMs(taskMs)})\n`);
    }
    return 0;
  },
};

const machine: CliCommand = {
  summary: 'Show this machine: CPU, cores, memory, OS, runtimes, and the fingerprint runs are compared by.',
  usage: MACHINE_USAGE,
  async run(args, ctx) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' }, python: { type: 'string' } }, MACHINE_USAGE);
    if (positionals.length) throw new UsageError(`machine takes no arguments\nusage: ${MACHINE_USAGE}`);
    const python = { executable: values.python };
    const [m, models, interpreters] = await Promise.all([getMachineInfo({ python }), listModels({ python }), findInterpreters(values.python)]);
    if (values.json) {
      ctx.stdout.write(`${JSON.stringify(m, null, 2)}\n`);
      return 0;
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
    return 0;
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
