import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { listPresets } from '../../../src-main/engine/index.ts';
import { runCli } from './cli-helpers.ts';

describe('presets, machine, calibrate', () => {
  it('presets lists every preset with its title and an estimate', async () => {
    const r = await runCli(['presets']);
    expect(r.code).toBe(0);
    // A preset with fixed sizes shows "—" and says why: only measuring its tasks can tell how long they take.
    for (const p of listPresets()) expect(r.stdout).toMatch(new RegExp(`^${p.name}\\s+(~\\d+ (s|min)\\S*|—)\\s+.*${p.title.slice(0, 20).replace(/[()]/g, '.')}`, 'm'));
    expect(r.stdout).not.toMatch(/^\S+\s+\?\s/m);
    expect(r.stdout).toMatch(/^node-vs-python\s+—\s.*\n(.*\n)*?\s+Duration not estimated: its task size is fixed/m);
    for (const name of ['cpu-bound', 'io-bound', 'mixed', 'spawn-cost']) expect(r.stdout).toMatch(new RegExp(`^${name}\\s+~\\d+ s`, 'm'));
    const json = await runCli(['presets', '--json']);
    const list = JSON.parse(json.stdout) as { name: string; estimatedMs: number | null }[];
    expect(list.map((p) => p.name)).toEqual(listPresets().map((p) => p.name));
  });

  it('machine prints the fingerprint fields, and --json the whole record', async () => {
    const r = await runCli(['machine']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fingerprint\s+[0-9a-f]{16}$/m);
    expect(r.stdout).toMatch(new RegExp(`^logical cores\\s+${os.availableParallelism()}$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^node\\s+${process.versions.node.replace(/\./g, '\\.')}$`, 'm'));
    // Every interpreter found, one line each: version, GIL or free-threaded, path.
    expect(r.stdout).toMatch(/^interpreters\s+\d+\.\d+\.\d+\s+(GIL|free-threaded(, GIL on)?)\s+\S*python\S*$/m);
    const json = JSON.parse((await runCli(['machine', '--json'])).stdout);
    expect(json).toMatchObject({ logicalCores: os.availableParallelism(), node: process.versions.node, platform: process.platform });
  });

  it('calibrate prints the size and the measured time', async () => {
    const r = await runCli(['calibrate', 'primes', '--task-ms', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^primes \(node\): n = \d+, measured [\d.]+ ms per task/);
    expect((await runCli(['calibrate', 'primes'])).code).toBe(2);
    expect((await runCli(['calibrate', 'sleep', '--task-ms', '2'])).stderr).toMatch(/kind: must be one of primes, hash, mixed/);
    expect((await runCli(['calibrate', 'hash', '--task-ms', '0'])).stderr).toMatch(/--task-ms: must be a number from 0.1 to 10000/);
  });
});
