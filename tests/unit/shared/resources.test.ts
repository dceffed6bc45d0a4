// The resource estimate: memory by model and k, the workload's buffers, temporary disk and
// duration, against what the machine has free: refused beyond it (naming the field and
// both numbers), confirmed when large, silent otherwise.
import { describe, expect, it } from 'vitest';
import type { ExperimentInput } from '../../../src-shared/experiment.ts';
import { cellNeeds, estimateResources, WORKER_MEMORY, type MachineCapacity } from '../../../src-shared/resources.ts';
import { validSpec } from '../helpers/specs.ts';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const machine: MachineCapacity = { logicalCores: 2, freeMemoryBytes: 9.8 * GiB, freeDiskBytes: 40 * GiB, tempDir: '/tmp' };
const base: ExperimentInput = { workload: { kind: 'sleep', ms: 1 }, tasks: 8, models: ['threads'], concurrency: [2], repetitions: 1, warmup: 0 };
const spec = (over: Partial<ExperimentInput>) => validSpec({ ...base, ...over });

describe('resource estimate', () => {
  it('a small spec needs nothing to be asked', () => {
    const e = estimateResources(spec({}), machine);
    expect(e.verdict).toBe('ok');
    expect(e.issues).toEqual([]);
    expect(e.memoryBytes).toBe(2 * WORKER_MEMORY.thread);
  });

  it('512 processes beyond the free memory: refused, naming the level and both numbers', () => {
    const e = estimateResources(spec({ models: ['processes'], concurrency: [4, 512] }), machine);
    expect(e.verdict).toBe('refuse');
    expect(e.issues).toEqual([
      { level: 'refuse', path: 'concurrency[1]', message: '512 processes need about 20 GiB of memory; 9.8 GiB is free' },
    ]);
  });

  it('memory grows with k and with the workload buffers each worker holds', () => {
    const s = spec({ workload: { kind: 'hash', bytes: 64 * MiB, rounds: 1 }, models: ['threads', 'processes', 'async'], concurrency: [1, 8] });
    expect(cellNeeds(s, 'threads', 8).memoryBytes).toBe(8 * (WORKER_MEMORY.thread + 64 * MiB));
    expect(cellNeeds(s, 'processes', 8).memoryBytes).toBe(8 * (WORKER_MEMORY.nodeProcess + 64 * MiB));
    // One event loop, one buffer, however many tasks are in flight.
    expect(cellNeeds(s, 'async', 8).memoryBytes).toBeLessThan(cellNeeds(s, 'threads', 2).memoryBytes);
    expect(cellNeeds(s, 'py-multiprocessing', 8).memoryBytes).toBeGreaterThan(cellNeeds(s, 'py-threading', 8).memoryBytes);
  });

  it('file of 256 MiB × 512 in flight: refused for its temporary disk, naming the free space and where', () => {
    const e = estimateResources(spec({ workload: { kind: 'file', bytes: 256 * MiB }, models: ['async'], concurrency: [512] }), { ...machine, freeMemoryBytes: 1024 * GiB });
    expect(e.diskBytes).toBe(128 * GiB);
    expect(e.issues).toEqual([
      { level: 'refuse', path: 'concurrency[0]', message: 'async with 512 tasks in flight writing 256 MiB files need about 128 GiB of temporary disk; 40 GiB is free in /tmp' },
    ]);
  });

  it('more than half the free memory, or over ten minutes: confirmed, not refused', () => {
    const half = estimateResources(spec({ models: ['processes'], concurrency: [160] }), machine);
    expect(half.verdict).toBe('confirm');
    expect(half.issues[0]).toMatchObject({ level: 'confirm', path: 'concurrency[0]' });
    const long = estimateResources(spec({ workload: { kind: 'sleep', ms: 1000 }, tasks: 1000, models: ['sequential'], concurrency: [1] }), machine);
    expect(long.durationMs).toBeGreaterThan(10 * 60_000);
    expect(long.issues).toEqual([{ level: 'confirm', path: 'tasks', message: expect.stringMatching(/^the run would take about 16 min/) }]);
  });

  it('a run of years is refused in years, not "11000009 min"', () => {
    const e = estimateResources(spec({ workload: { kind: 'primes', taskMs: 10_000 }, tasks: 100_000, models: ['sequential'], concurrency: [1], repetitions: 100 }), machine);
    expect(e.verdict).toBe('refuse');
    expect(e.issues[0].message).toMatch(/^the run would take about 3 years; the lab runs at most 24 hours/);
  });

  it('a fixed CPU size never measured has no duration, so none is claimed', () => {
    const e = estimateResources(spec({ workload: { kind: 'primes', n: 1_000_000_000 } }), machine);
    expect(e.durationMs).toBeNull();
    expect(e.verdict).toBe('ok');
  });
});
