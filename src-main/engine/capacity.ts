// What the machine has free right now, for the resource estimate (src-shared/resources.ts):
// memory available to new work and disk space where the file workload writes.
import { statfs } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import type { MachineCapacity } from '../../src-shared/resources.ts';

export async function getCapacity(): Promise<MachineCapacity> {
  const tempDir = tmpdir();
  const fs = await statfs(tempDir);
  return {
    logicalCores: availableParallelism(),
    // MemAvailable, or what a cgroup's memory limit leaves, whichever is smaller (Node ≥ 22).
    freeMemoryBytes: process.availableMemory(),
    // Blocks an unprivileged process may use (bavail, not bfree: root's reserve is not ours).
    freeDiskBytes: fs.bavail * fs.bsize,
    tempDir,
  };
}
