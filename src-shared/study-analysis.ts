// What a study shows (issue 13), from its runs' figures alone: the classic table for a
// workload study; speedup against task size with each model's crossover for a taskMs
// study (break-even); speedup against CPU share, where one model overtakes another and
// where an event loop stops helping, for a cpuShare study.
import { classicTable, GAIN, type ClassicTable } from './classic-table.ts';
import { crossing, crossingBelow, crossingSettled, overtakes, plateauFrom, type AxisScale, type Bound, type Crossing, type CurvePoint } from './crossover.ts';
import { formatMs, formatPct, formatSpeedup } from './format.ts';
import { cpuLanes, isSequential, MODEL_INFO, runtimeOf, type InterpreterGil, type ModelName } from './models.ts';
import { median } from './stats.ts';
import type { StudyMember, StudyResult } from './study-result.ts';

export interface StudyPoint extends CurvePoint {
  /**
   * The value asked for (ms per task, each calibrated on this machine; or CPU share): x is
   * this, the axis the study varied. What the baseline measured is `measured`: on a busy
   * machine it wanders (a 1 ms task took 9 ms while other work held the cores), and a
   * curve plotted on it would fold back on itself.
   */
  requested: number;
  /** Per task, what the sequential baseline measured: its wall ÷ tasks, or its CPU share; null without a baseline. */
  measured: number | null;
  runId: string;
  ideal: number | null;
  handoffMs: number | null;
  startupMs: number | null;
  processors: number | null;
  noisy: boolean;
}

export interface StudyCurve {
  model: ModelName;
  concurrency: number;
  points: StudyPoint[];
}

export interface BreakEven {
  model: ModelName;
  concurrency: number;
  crossing: Crossing;
  /** Where it reaches 90% of its speedup at the largest size tried; null without a speedup there. */
  plateau: { at: number; kind: 'always' | 'crosses'; target: number } | null;
  /** "Worker threads (k = 2) start to pay from 0.42 ms per task (0.30–0.61 ms)…" */
  sentence: string;
  /** What the curve's hand-off and start-up say about it, in one sentence. */
  explanation: string;
}

export interface ShareFinding {
  /** e.g. "py-multiprocessing overtakes py-threading", "py-asyncio stops helping". */
  what: string;
  models: ModelName[];
  concurrency: number;
  crossing: Crossing;
  sentence: string;
}

export type StudyAnalysis =
  | { axis: 'workload'; table: ClassicTable }
  | { axis: 'taskMs'; curves: StudyCurve[]; breakEven: BreakEven[] }
  | { axis: 'cpuShare'; curves: StudyCurve[]; findings: ShareFinding[] };

/** What a member's sequential baseline measured per task: wall ÷ tasks (ms), or its CPU share. */
function measuredX(member: StudyMember, model: ModelName, axis: 'taskMs' | 'cpuShare'): number | null {
  const base = member.summary.find((r) => r.model === MODEL_INFO[model].baseline && r.concurrency === 1);
  if (!base) return null;
  if (axis === 'taskMs') return member.experiment.tasks > 0 ? base.wallMs.median / member.experiment.tasks : null;
  return base.cpuShare;
}

export function studyCurves(members: readonly StudyMember[], axis: 'taskMs' | 'cpuShare'): StudyCurve[] {
  const curves = new Map<string, StudyCurve>();
  for (const member of members) {
    if (member.runId === null) continue;
    for (const row of member.summary) {
      if (isSequential(row.model) || row.speedup === null) continue;
      const key = `${row.model}@${row.concurrency}`;
      let curve = curves.get(key);
      if (!curve) curves.set(key, (curve = { model: row.model, concurrency: row.concurrency, points: [] }));
      curve.points.push({
        x: member.value as number,
        measured: measuredX(member, row.model, axis),
        y: row.speedup,
        low: row.speedupCi95?.low ?? null,
        high: row.speedupCi95?.high ?? null,
        requested: member.value as number,
        runId: member.runId,
        ideal: row.idealSpeedup,
        handoffMs: row.handoffMs?.median ?? null,
        startupMs: row.startupMs.median,
        processors: row.processorsUsed ?? null,
        noisy: row.noisy,
      });
    }
  }
  for (const c of curves.values()) c.points.sort((a, b) => a.x - b.x);
  return [...curves.values()];
}

function boundText(b: Bound, range: { min: number; max: number }, show: (x: number) => string): string {
  if (b.kind === 'at') return show(b.x);
  return b.kind === 'below-range' ? `below ${show(range.min)}` : `above ${show(range.max)}`;
}

/**
 * A crossing in words, around what is crossed: "faster than sequential from 0.42 ms per task
 * (within the intervals: 0.30 ms to 0.61 ms per task)", "never faster than sequential in the
 * range tried (…)", "faster than sequential at every size tried (…)".
 */
export function describeCrossing(c: Crossing, show: (x: number) => string, what: string, noun = 'value'): string {
  const span = `${boundText(c.earliest, c.range, show)} to ${boundText(c.latest, c.range, show)}`;
  const range = `${show(c.range.min)} to ${show(c.range.max)}`;
  if (c.kind === 'crosses') {
    // Intervals that reach past both ends of the range tried leave the crossing anywhere: the medians' point is no finding.
    if (!crossingSettled(c)) {
      return `${what} from ${show(c.at!)} by the medians, though the intervals do not settle it (anywhere from ${span})`;
    }
    return `${what} from ${show(c.at!)} (within the intervals: ${span})`;
  }
  if (c.kind === 'always') {
    return c.latest.kind === 'below-range'
      ? `${what} at every ${noun} tried (${range})`
      : `${what} at every ${noun} tried (${range}), though within the intervals only from ${boundText(c.latest, c.range, show)}`;
  }
  return c.earliest.kind === 'above-range'
    ? `never ${what} in the range tried (${range})`
    : `never ${what} in the range tried (${range}), though within the intervals perhaps from ${boundText(c.earliest, c.range, show)}`;
}

const perTask = (ms: number) => `${formatMs(ms)} per task`;

function label(model: ModelName, k: number): string {
  return `${MODEL_INFO[model].label} (k = ${k})`;
}

function breakEven(curve: StudyCurve, python?: InterpreterGil | null): BreakEven {
  const c = crossing(curve.points, 1, 'log');
  const plateau = plateauFrom(curve.points, 'log');
  const who = label(curve.model, curve.concurrency);
  let sentence = `${who}: ${describeCrossing(c, perTask, 'faster than sequential', 'size')}`;
  if (plateau) {
    const large = curve.points[curve.points.length - 1];
    sentence +=
      plateau.kind === 'always'
        ? `; 90% of its large-task speedup (${formatSpeedup(large.y)}) already at ${perTask(plateau.at)}.`
        : `; 90% of its large-task speedup (${formatSpeedup(large.y)}) from ${perTask(plateau.at)}.`;
  } else sentence += '.';

  const handoffs = curve.points.map((p) => p.handoffMs).filter((h): h is number => h !== null);
  const startups = curve.points.map((p) => p.startupMs).filter((s): s is number => s !== null);
  const processors = curve.points.map((p) => p.processors).filter((p): p is number => p !== null);
  const runner = MODEL_INFO[curve.model].runner;
  const busy = processors.length ? median(processors) : null;
  let explanation: string;
  if (c.kind === 'never' && cpuLanes(curve.model, curve.concurrency, Number.MAX_SAFE_INTEGER, python) === 1) {
    explanation = `One task computes at a time in it (${busy === null ? 'one processor' : `about ${busy.toFixed(1)} processor busy`}), so no task size makes CPU work pay.`;
  } else if (handoffs.length) {
    // Start-up is measured apart from the wall (docs/architecture.md), so it does not move this curve; the hand-off does.
    const startup = startups.length ? ` Starting its ${curve.concurrency} ${runner} (${formatMs(median(startups))}) is paid once per trial and kept out of these walls.` : '';
    explanation = `Each task pays about ${formatMs(median(handoffs))} of hand-off (to a worker and back), which its own work must outweigh before ${curve.concurrency} at once can gain.${startup}`;
  } else if (startups.length) {
    explanation = `No hand-off was measured for it; starting it (${formatMs(median(startups))}) is paid once per trial and kept out of these walls.`;
  } else explanation = 'No hand-off or start-up was measured for it.';
  if (cpuLanes(curve.model, curve.concurrency, Number.MAX_SAFE_INTEGER, python) > 1 && busy !== null && busy < 1) {
    explanation += ` It kept only ${busy.toFixed(2)} processors busy on average: other work held the cores, so these figures say more about the machine's load than about the model.`;
  }
  return { model: curve.model, concurrency: curve.concurrency, crossing: c, plateau, sentence, explanation };
}

function shareFindings(curves: readonly StudyCurve[]): ShareFinding[] {
  const out: ShareFinding[] = [];
  const show = (x: number) => `${formatPct(x)} CPU`;
  const scale: AxisScale = 'linear';
  for (const a of curves) {
    if (MODEL_INFO[a.model].runner !== 'processes') continue;
    for (const b of curves) {
      if (MODEL_INFO[b.model].runner !== 'threads' || b.concurrency !== a.concurrency || runtimeOf(b.model) !== runtimeOf(a.model)) continue;
      const c = overtakes(a.points, b.points, scale);
      if (!c) continue;
      const what = `${a.model} overtakes ${b.model}`;
      const who = `${MODEL_INFO[a.model].label} (k = ${a.concurrency})`;
      const sentence = `${who}: ${describeCrossing(c, show, `faster than ${MODEL_INFO[b.model].label}`, 'share')}.`;
      out.push({ what, models: [a.model, b.model], concurrency: a.concurrency, crossing: c, sentence });
    }
  }
  for (const a of curves) {
    if (MODEL_INFO[a.model].runner !== 'event-loop') continue;
    const c = crossingBelow(a.points, GAIN, scale);
    const who = `${MODEL_INFO[a.model].label} (k = ${a.concurrency})`;
    const sentence = `${who}: ${describeCrossing(c, show, `no help (below ${formatSpeedup(GAIN)}, the smallest gain the lab tells from noise)`, 'share')}.`;
    out.push({ what: `${a.model} stops helping`, models: [a.model], concurrency: a.concurrency, crossing: c, sentence });
  }
  return out;
}

export function analyzeStudy(study: Pick<StudyResult, 'axis' | 'members' | 'machine'>): StudyAnalysis {
  if (study.axis === 'workload') {
    return { axis: 'workload', table: classicTable(study.members, study.machine?.logicalCores ?? 1, study.machine?.python) };
  }
  const curves = studyCurves(study.members, study.axis);
  if (study.axis === 'taskMs') return { axis: 'taskMs', curves, breakEven: curves.filter((c) => c.points.length > 0).map((c) => breakEven(c, study.machine?.python)) };
  return { axis: 'cpuShare', curves, findings: shareFindings(curves) };
}
