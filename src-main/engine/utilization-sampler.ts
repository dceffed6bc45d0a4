// Per-core busy fraction over a run, sampled about every 100 ms: from /proc/stat on
// Linux (jiffies per core, includes steal and irq), from os.cpus() times elsewhere.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { UtilizationSample } from '../../src-shared/result.ts';

export const UTILIZATION_INTERVAL_MS = 100;

interface CoreTimes {
  busy: number;
  total: number;
}

/** Cumulative busy and total time per core since boot, in whatever unit the source uses. */
export function readCoreTimes(): CoreTimes[] {
  if (process.platform === 'linux') {
    try {
      return parseProcStat(readFileSync('/proc/stat', 'utf8'));
    } catch {
      // /proc not mounted (some sandboxes): os.cpus() still answers.
    }
  }
  return cpus().map(({ times: t }) => {
    const total = t.user + t.nice + t.sys + t.idle + t.irq;
    return { busy: total - t.idle, total };
  });
}

/** Lines `cpuN user nice system idle iowait irq softirq steal …`; guest time is already in user. */
export function parseProcStat(text: string): CoreTimes[] {
  const out: CoreTimes[] = [];
  for (const line of text.split('\n')) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const f = m[2].trim().split(/\s+/).map(Number);
    const total = f.slice(0, 8).reduce((a, b) => a + (b || 0), 0);
    const idle = (f[3] || 0) + (f[4] || 0);
    out[Number(m[1])] = { busy: total - idle, total };
  }
  return out.filter(Boolean);
}

/** Busy fraction per core between two readings; a core with no ticks in between counts as idle. */
export function busyFractions(before: CoreTimes[], after: CoreTimes[]): number[] {
  return after.map((a, i) => {
    const b = before[i];
    if (!b) return 0;
    const dt = a.total - b.total;
    if (dt <= 0) return 0;
    return Math.min(1, Math.max(0, (a.busy - b.busy) / dt));
  });
}

export interface UtilizationSampler {
  /** Stops sampling and returns every sample taken. */
  stop(): UtilizationSample[];
}

/**
 * Samples until stopped. `startNs` is the run's start on the shared clock
 * (process.hrtime.bigint()), so sample times line up with the trials' offsets.
 */
export function startUtilizationSampler(options: {
  startNs: bigint;
  onSample?: (sample: UtilizationSample) => void;
  intervalMs?: number;
}): UtilizationSampler {
  const samples: UtilizationSample[] = [];
  let last = readCoreTimes();
  const timer = setInterval(() => {
    const now = readCoreTimes();
    const sample: UtilizationSample = {
      tMs: Math.round(Number(process.hrtime.bigint() - options.startNs) / 1e3) / 1e3,
      cores: busyFractions(last, now).map((f) => Math.round(f * 1000) / 1000),
    };
    last = now;
    samples.push(sample);
    options.onSample?.(sample);
  }, options.intervalMs ?? UTILIZATION_INTERVAL_MS);
  // Sampling alone must never keep a finished CLI alive.
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}
