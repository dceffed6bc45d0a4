// What a `shared` run found, per cell and mode, as figures and as sentences: the
// updates lost (counted in each trial, summarised as median and range), how often a
// trial lost any, and what a lock or an atomic add cost against unsafe, as a ratio of
// median walls within the same cell. CLI, exports and the Results view all say it so.
// Each sentence carries a rule id, so a diagnosis module can take it over as a rule.
import { isCooperative, sharesNoMemory, type SharedMode } from './shared-state.ts';
import { isSequential, type ModelName } from './models.ts';
import type { TrialResult } from './result.ts';
import { median } from './stats.ts';
import { formatBrief } from './format.ts';

export interface SharedModeFigures {
  mode: SharedMode;
  /** Why this cell's model does not run the mode; the other figures are then empty. */
  unavailable?: string;
  /** Ok trials that ran the mode. */
  trials: number;
  /** tasks × ops, per trial. */
  expected: number;
  /** Lost updates per trial: median, fewest, most; null where nothing is shared (Node processes). */
  lost: { median: number; min: number; max: number } | null;
  /** Trials that lost at least one update. */
  losingTrials: number;
  /** Node processes: what each process counted on its own, in the first trial. */
  perProcess?: number[];
  /** Median wall of this mode's tasks. */
  wallMs: number;
  /** Median wall of this mode / median wall of unsafe in the same cell; null without unsafe. */
  timesUnsafe: number | null;
  /** The Python switch interval the trials ran under, ms. */
  switchIntervalMs?: number;
  /** Median voluntary context switches of this mode's threads or processes per trial, where the OS reported them. */
  voluntarySwitches?: number;
}

export interface SharedCell {
  model: ModelName;
  concurrency: number;
  modes: SharedModeFigures[];
}

/** One cell per (model, k) with shared figures, in the order cells first ran. */
/** A trial as the lost-update figures need it: spans are not read, so a trial without them will do. */
type SharedTrial = Omit<TrialResult, 'spans'>;

export function summarizeShared(trials: readonly SharedTrial[]): SharedCell[] {
  const cells = new Map<string, { model: ModelName; concurrency: number; ok: SharedTrial[] }>();
  for (const t of [...trials].sort((a, b) => a.index - b.index)) {
    if (!t.shared) continue;
    const key = `${t.model}@${t.concurrency}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { model: t.model, concurrency: t.concurrency, ok: [] }));
    if (t.status === 'ok') cell.ok.push(t);
  }
  const out: SharedCell[] = [];
  for (const cell of cells.values()) {
    if (cell.ok.length === 0) continue;
    // The modes in the spec's order: the first trial ran them all (rotated), unavailable ones included.
    const order = cell.ok[0].shared!.map((p) => p.mode);
    const byMode = (mode: SharedMode) => cell.ok.flatMap((t) => t.shared!.filter((p) => p.mode === mode && !p.unavailable));
    const unsafeRuns = byMode('unsafe');
    const unsafeWall = unsafeRuns.length ? median(unsafeRuns.map((p) => p.wallMs)) : null;
    const modes = order.map((mode): SharedModeFigures => {
      const first = cell.ok[0].shared!.find((p) => p.mode === mode)!;
      const runs = byMode(mode);
      if (first.unavailable || runs.length === 0) {
        return { mode, unavailable: first.unavailable ?? 'not run', trials: 0, expected: first.expected, lost: null, losingTrials: 0, wallMs: 0, timesUnsafe: null };
      }
      const lost = runs.every((p) => p.lost !== null) ? runs.map((p) => p.lost!) : null;
      const wallMs = median(runs.map((p) => p.wallMs));
      const switches = runs.every((p) => p.contextSwitches) ? median(runs.map((p) => p.contextSwitches!.voluntary)) : undefined;
      return {
        mode,
        trials: runs.length,
        expected: first.expected,
        lost: lost ? { median: median(lost), min: Math.min(...lost), max: Math.max(...lost) } : null,
        losingTrials: lost ? lost.filter((n) => n > 0).length : 0,
        ...(first.perProcess ? { perProcess: first.perProcess } : {}),
        wallMs,
        timesUnsafe: unsafeWall && unsafeWall > 0 && mode !== 'unsafe' ? wallMs / unsafeWall : null,
        ...(first.switchIntervalMs !== undefined ? { switchIntervalMs: first.switchIntervalMs } : {}),
        ...(switches !== undefined ? { voluntarySwitches: switches } : {}),
      };
    });
    out.push({ model: cell.model, concurrency: cell.concurrency, modes });
  }
  return out;
}

export type SharedRule =
  /** Updates were lost: the model switched (or ran in parallel) between a read and its write. */
  | 'lost-updates'
  /** Cooperative tasks lost nothing: they switch only at await. */
  | 'none-lost-cooperative'
  /** A lock or an atomic add lost nothing, at a measured cost. */
  | 'none-lost-guarded'
  /** Unsafe threads or processes lost nothing this time: luck, not safety. */
  | 'none-lost-by-luck'
  /** Node processes share no memory: each counted its own. */
  | 'no-shared-memory'
  /** The model cannot run the mode. */
  | 'mode-unavailable';

export interface SharedFinding {
  rule: SharedRule;
  model: ModelName;
  concurrency: number;
  mode: SharedMode;
  /** The whole sentence, "py-threading, unsafe: 18,304 of 400,000 updates lost (4.6%) — …". */
  text: string;
  /** The sentence after its "model, mode:" head, for a view that shows the cell and mode itself. */
  body: string;
}

export interface SharedContext {
  /** false when the Python interpreter ran without a GIL (free-threaded). */
  pythonGil?: boolean | null;
  /** Name the level (k) in each sentence: a run with more than one level has several cells per model. */
  showLevel?: boolean;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

function percent(part: number, whole: number): string {
  const p = (100 * part) / whole;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p >= 0.1 ? p.toFixed(1) : p.toPrecision(1)}%`;
}

function ratio(r: number): string {
  return r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toPrecision(2);
}

/** Why updates were lost, by who switched. */
function whyLost(model: ModelName, mode: SharedMode, f: SharedModeFigures, ctx: SharedContext): string {
  if (mode === 'yield-inside') return 'each task awaited between its read and its write, and the others wrote meanwhile';
  switch (model) {
    case 'py-threading':
      return ctx.pythonGil === false
        ? 'with no GIL the threads ran at the same time and overwrote each other’s writes'
        : `the interpreter switched threads between the read and the write${f.switchIntervalMs !== undefined ? ` (switch interval ${f.switchIntervalMs} ms)` : ''}`;
    case 'threads':
      return 'the worker threads ran at the same time and overwrote each other’s writes';
    case 'py-multiprocessing':
      return 'the processes ran at the same time on one shared value and overwrote each other’s writes';
    default:
      return 'another task wrote between the read and the write';
  }
}

function cost(f: SharedModeFigures): string {
  if (f.timesUnsafe === null) return '';
  return f.timesUnsafe >= 1 ? `, ${ratio(f.timesUnsafe)}× slower than unsafe` : `, no slower than unsafe here (${ratio(f.timesUnsafe)}× its time)`;
}

/**
 * Why a guard costs what it does where nothing can contend for it: one task runs at a
 * time (sequential) or switches only at await (none awaits inside the lock), so the cost
 * is the guard's own work, measured as the extra wall per update over unsafe. A ratio
 * alone misleads here: 48× a plain increment is tens of nanoseconds.
 */
function ownCost(model: ModelName, f: SharedModeFigures): string {
  if ((f.mode !== 'locked' && f.mode !== 'atomic') || f.timesUnsafe === null || f.timesUnsafe < 1 || f.expected === 0) return '';
  if (!isSequential(model) && !isCooperative(model)) return '';
  const extra = (f.wallMs - f.wallMs / f.timesUnsafe) / f.expected;
  const what = f.mode === 'locked' ? 'the lock’s own acquire and release' : 'the atomic add’s own cost';
  return ` (+${formatBrief(extra)} per update: ${what}, never contended while ${isSequential(model) ? 'one task runs at a time' : 'tasks switch only at await'})`;
}

/**
 * When the switches explain a lock's cost: it is this many times slower than unsafe, its
 * threads went to sleep this many times more often than unsafe's, and often enough to
 * matter (at least one sleep per this many updates). A lock that costs ~5× unsafe with
 * no contention at all (measured here: 400,000 `with lock:` calls in one CPython 3.11
 * thread took 124 ms against 25 ms) is not explained by sleeps, and is not claimed to be.
 */
export const COSTLY_LOCK = { timesUnsafe: 3, switchesOverUnsafe: 10, updatesPerSwitch: 100 } as const;

/**
 * Why a lock cost this much, said only where the switches show it: a contended acquire
 * puts the thread (or process) to sleep in the kernel until the holder releases the lock,
 * and under the GIL the woken thread must then win the GIL back as well. The count of
 * voluntary context switches against unsafe's is the evidence; without it, nothing is said.
 */
function whyCostly(model: ModelName, f: SharedModeFigures, unsafe: SharedModeFigures | undefined, ctx: SharedContext): string {
  if (f.mode !== 'locked' || f.timesUnsafe === null || f.timesUnsafe < COSTLY_LOCK.timesUnsafe) return '';
  const slept = f.voluntarySwitches;
  const base = unsafe?.voluntarySwitches;
  if (slept === undefined || base === undefined || slept < COSTLY_LOCK.switchesOverUnsafe * Math.max(base, 1)) return '';
  if (f.expected / slept > COSTLY_LOCK.updatesPerSwitch) return '';
  const who = model === 'py-multiprocessing' || sharesNoMemory(model) ? 'process' : 'thread';
  const gil = model === 'py-threading' && ctx.pythonGil !== false ? ', then waits to take the GIL back' : '';
  return ` — ${count(slept)} voluntary context switches against ${count(base)} unsafe (one per ${count(f.expected / slept)} updates): a ${who} that finds the lock taken sleeps in the kernel until it is released${gil}`;
}

/** "; median of 3 trials, lost in 2 of 3, 0–25,310": how the figure varied; empty for one trial. */
function spread(f: SharedModeFigures): string {
  if (f.trials < 2 || !f.lost) return '';
  const range = f.lost.min === f.lost.max ? '' : `, ${count(f.lost.min)}–${count(f.lost.max)}`;
  return `; median of ${f.trials} trials, lost in ${f.losingTrials} of ${f.trials}${range}`;
}

/** One finding per mode of a cell, in words. */
export function describeSharedCell(cell: SharedCell, ctx: SharedContext = {}): SharedFinding[] {
  const { model, concurrency } = cell;
  const unsafe = cell.modes.find((m) => m.mode === 'unsafe' && !m.unavailable);
  return cell.modes.map((f) => {
    const head = `${model}${ctx.showLevel ? ` at k = ${concurrency}` : ''}, ${f.mode}:`;
    const at = (rule: SharedRule, body: string): SharedFinding => ({ rule, model, concurrency, mode: f.mode, text: `${head} ${body}`, body });
    if (f.unavailable) return at('mode-unavailable', `not run — ${f.unavailable}`);
    if (!f.lost) {
      const each = f.perProcess ?? [];
      const sum = each.reduce((a, b) => a + b, 0);
      return at(
        'no-shared-memory',
        `nothing shared — processes share no memory, so each counted only its own updates (${each.map(count).join(' + ')} = ${count(sum)} of ${count(f.expected)}): there is no shared total to lose updates from${cost(f)}`,
      );
    }
    if (f.lost.median === 0 && f.losingTrials > 0) {
      return at(
        'lost-updates',
        `updates lost in ${f.losingTrials} of ${f.trials} trials (at most ${count(f.lost.max)} of ${count(f.expected)}, ${percent(f.lost.max, f.expected)}) — ${whyLost(model, f.mode, f, ctx)}${cost(f)}`,
      );
    }
    if (f.lost.median > 0) {
      return at(
        'lost-updates',
        `${count(f.lost.median)} of ${count(f.expected)} updates lost (${percent(f.lost.median, f.expected)}${spread(f)}) — ${whyLost(model, f.mode, f, ctx)}${cost(f)}`,
      );
    }
    const trials = f.trials === 1 ? '' : ` in ${f.trials} trials`;
    if (f.mode === 'locked' || f.mode === 'atomic') return at('none-lost-guarded', `none lost${trials}${cost(f)}${ownCost(model, f)}${whyCostly(model, f, unsafe, ctx)}`);
    if (isSequential(model)) return at('none-lost-cooperative', `none lost${trials} — one task at a time${cost(f)}`);
    if (isCooperative(model)) return at('none-lost-cooperative', `none lost${trials} — tasks switch only at await${cost(f)}`);
    const who = sharesNoMemory(model) || model === 'py-multiprocessing' ? 'processes' : 'threads';
    return at(
      'none-lost-by-luck',
      `none lost${trials} — luck, not safety: nothing stopped the ${who} from switching between the read and the write (more ops, more tasks or${model === 'py-threading' ? ' a shorter switch interval' : ' another run'} make it likelier)`,
    );
  });
}

/** Every finding of a run, cell by cell. */
export function describeShared(trials: readonly SharedTrial[], ctx: SharedContext = {}): SharedFinding[] {
  const cells = summarizeShared(trials);
  const showLevel = ctx.showLevel ?? new Set(cells.filter((c) => !isSequential(c.model)).map((c) => c.concurrency)).size > 1;
  return cells.flatMap((cell) => describeSharedCell(cell, { ...ctx, showLevel }));
}
