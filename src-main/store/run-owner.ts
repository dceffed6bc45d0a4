// Who is recording a running run: pid, host and the process's start time, so that
// another process opening the same database can tell a live run from one whose
// recorder died (kill -9, a crash, a power cut) without mistaking a recycled pid.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface RunOwner {
  pid: number;
  host: string;
  /** Start time of the process (Linux clock ticks since boot); null where unknown. */
  start: string | null;
}

export function currentOwner(): RunOwner {
  return { pid: process.pid, host: hostname(), start: procStat(process.pid)?.start ?? null };
}

/**
 * Whether the recorder of a run is still alive. A run recorded on another host is
 * assumed alive: its process cannot be checked from here, and wrongly marking a live
 * run interrupted would be worse than leaving a dead one `running`.
 */
export function isOwnerAlive(owner: { pid: number | null; host: string | null; start: string | null }): boolean {
  if (owner.pid === null) return false;
  if (owner.host !== null && owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(owner.pid);
  if (stat === null) return true; // no /proc here: the pid answering is all we can know
  // A zombie has ended but not been reaped yet; another start time is a recycled pid.
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return owner.start === null || stat.start === owner.start;
}

function procStat(pid: number): { state: string; start: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], start: fields[19] }; // fields 3 and 22
  } catch {
    return null;
  }
}
