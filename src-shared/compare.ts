// Compares 2–4 runs cell by cell: median walls, change against the first run, and
// whether the change is more than noise (Welch's t-test and Mann–Whitney U on the
// ok repetitions), plus how the machines differ and why the runs may not compare.
import { codeFileName } from './code-workload.ts';
import type { CompareCell, CompareTest, Comparison } from './contract.ts';
import { cellsOf } from './experiment.ts';
import type { ModelName } from './models.ts';
import type { MachineInfo, RunResult } from './result.ts';
import { fractionSmaller, mannWhitneyU, median, welchTTest } from './stats.ts';

/** Below this many ok repetitions on either side, no p-value is given (Mann–Whitney cannot even reach 0.05 at 3). */
export const MIN_REPETITIONS = 3;
/** Why a cell has no test, in the words the CLI and the Compare view both show. */
export const NOT_ENOUGH_REPETITIONS = 'not enough repetitions';
export const SIGNIFICANCE = 0.05;

export function compareRunResults(runs: readonly RunResult[]): Comparison {
  const cells = cellKeys(runs);
  const walls = runs.map((run) => okWalls(run));
  const first = walls[0];
  return {
    runs: runs.map((r) => ({
      runId: r.runId,
      name: r.name,
      startedAt: r.startedAt,
      machine: r.machine,
      experiment: r.experiment,
      summary: r.summary,
    })),
    cells: cells.map(({ key, model, concurrency }): CompareCell => {
      const medians = walls.map((w) => (w.get(key)?.length ? median(w.get(key)!) : null));
      const base = medians[0];
      return {
        model,
        concurrency,
        medians,
        changePct: medians.map((m) => (m === null || base === null || base === 0 ? null : ((m - base) / base) * 100)),
        tests: walls.map((w, i) => {
          const a = w.get(key);
          const b = first.get(key);
          return i === 0 || !a?.length || !b?.length ? null : testPair(a, b);
        }),
      };
    }),
    machineDiff: machineDiff(runs.map((r) => r.machine)),
    warnings: warnings(runs),
  };
}

/** Run `a` against the first run's `b` (walls of ok repetitions, lower is better). */
export function testPair(a: readonly number[], b: readonly number[]): CompareTest {
  const fasterInPct = fractionSmaller(a, b) * 100;
  if (a.length < MIN_REPETITIONS || b.length < MIN_REPETITIONS) {
    return { welchP: null, mannWhitneyP: null, significant: false, fasterInPct, note: NOT_ENOUGH_REPETITIONS };
  }
  const welchP = finite(welchTTest(a, b).p);
  const mannWhitneyP = finite(mannWhitneyU(a, b).p);
  const byWelch = welchP !== null && welchP < SIGNIFICANCE;
  const byRanks = mannWhitneyP !== null && mannWhitneyP < SIGNIFICANCE;
  const test: CompareTest = { welchP, mannWhitneyP, significant: byWelch || byRanks, fasterInPct };
  // Either test may call it: Welch's is the more powerful on a few normal-ish repetitions,
  // Mann–Whitney the safer against one outlier. Say when they disagree.
  if (byWelch !== byRanks) {
    test.note = byWelch ? "by Welch's t-test only" : 'by Mann–Whitney U only';
  }
  return test;
}

function finite(p: number): number | null {
  return Number.isFinite(p) ? p : null;
}

interface CellKey {
  key: string;
  model: ModelName;
  concurrency: number;
}

/** Every cell of any run, in the first run's plan order, then what the later runs add. */
function cellKeys(runs: readonly RunResult[]): CellKey[] {
  const seen = new Map<string, CellKey>();
  const add = (model: ModelName, concurrency: number) => {
    const key = `${model}@${concurrency}`;
    if (!seen.has(key)) seen.set(key, { key, model, concurrency });
  };
  for (const run of runs) {
    const present = new Set(run.trials.map((t) => `${t.model}@${t.concurrency}`));
    for (const c of cellsOf(run.experiment)) if (present.has(`${c.model}@${c.concurrency}`)) add(c.model, c.concurrency);
    for (const t of run.trials) add(t.model, t.concurrency);
  }
  return [...seen.values()];
}

function okWalls(run: RunResult): Map<string, number[]> {
  const byCell = new Map<string, number[]>();
  for (const t of run.trials) {
    const key = `${t.model}@${t.concurrency}`;
    if (!byCell.has(key)) byCell.set(key, []);
    if (t.status === 'ok' && Number.isFinite(t.wallMs)) byCell.get(key)!.push(t.wallMs);
  }
  return byCell;
}

type Flat = Record<string, string | number | null>;

function flattenMachine(m: MachineInfo): Flat {
  const flat: Flat = {
    fingerprint: m.fingerprint,
    hostname: m.hostname,
    cpuModel: m.cpuModel,
    logicalCores: m.logicalCores,
    memoryBytes: m.memoryBytes,
    os: m.os,
    platform: m.platform,
    arch: m.arch,
    kernel: m.kernel,
    node: m.node,
    electron: m.electron ?? null,
    'python.version': m.python?.version ?? null,
    'python.implementation': m.python?.implementation ?? null,
    'python.executable': m.python?.executable ?? null,
    'python.gilEnabled': m.python?.gilEnabled == null ? null : String(m.python.gilEnabled),
    'python.freeThreaded': m.python === undefined ? null : String(m.python.freeThreaded),
  };
  return flat;
}

export function machineDiff(machines: readonly MachineInfo[]): Record<string, (string | number | null)[]> {
  const flats = machines.map(flattenMachine);
  const diff: Record<string, (string | number | null)[]> = {};
  for (const field of Object.keys(flats[0])) {
    const values = flats.map((f) => f[field]);
    if (values.some((v) => v !== values[0])) diff[field] = values;
  }
  return diff;
}

function warnings(runs: readonly RunResult[]): string[] {
  const out: string[] = [];
  const [first, ...rest] = runs;
  const label = (r: RunResult) => `"${r.name}" (${r.runId.slice(0, 8)})`;
  for (const r of rest) {
    const a = first.experiment.workload;
    const b = r.experiment.workload;
    if (a.kind !== b.kind) {
      out.push(`${label(r)} ran another workload (${b.kind}, not ${a.kind}): its walls measure other work`);
    } else if (a.kind === 'code' && b.kind === 'code') {
      const other = codeDifference(a, b);
      if (other) out.push(`${label(r)} ran different code (${other}): its walls measure other work`);
    } else if (JSON.stringify(sorted(a)) !== JSON.stringify(sorted(b))) {
      out.push(`${label(r)} ran another ${b.kind} size (${describe(b)}, not ${describe(a)}): its walls measure other work`);
    }
    if (r.experiment.tasks !== first.experiment.tasks) {
      out.push(`${label(r)} ran ${r.experiment.tasks} tasks per trial, not ${first.experiment.tasks}`);
    }
    if (r.machine.fingerprint !== first.machine.fingerprint) {
      const m = r.machine;
      out.push(`${label(r)} ran on another machine (${m.hostname}: ${m.cpuModel}, ${m.logicalCores} cores)`);
    }
  }
  for (const r of runs) {
    if (r.status !== 'completed') out.push(`${label(r)} is ${r.status}: only the trials it finished are compared`);
  }
  return out;
}

type CodeWorkload = Extract<RunResult['experiment']['workload'], { kind: 'code' }>;

/** How two runs' code differ, by language and by the SHA-256 of the source; undefined when it is the same code. */
function codeDifference(a: CodeWorkload, b: CodeWorkload): string | undefined {
  if (a.language !== b.language) return `${b.language}, not ${a.language}`;
  // The engine stores the hash with every run it makes; without one, the sources themselves decide.
  if (a.sha256 && b.sha256 ? a.sha256 === b.sha256 : a.source === b.source) return undefined;
  const hash = (w: CodeWorkload) => (w.sha256 ? `SHA-256 ${w.sha256.slice(0, 12)}…` : 'no SHA-256');
  return `${codeFileName(b)} with ${hash(b)}, not ${codeFileName(a)} with ${hash(a)}`;
}

function sorted(o: object): [string, unknown][] {
  return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}

function describe(w: object): string {
  return sorted(w)
    .filter(([k]) => k !== 'kind')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}
