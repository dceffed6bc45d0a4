// What machine a run ran on, and a fingerprint of the fields that decide whether two
// runs can be compared at all.
import { errorMessage } from '../../src-shared/errors.ts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { NODE_MODELS, PYTHON_MODELS } from '../../src-shared/models.ts';
import type { ModelAvailability } from '../../src-shared/contract.ts';
import type { MachineInfo, PythonInfo } from '../../src-shared/result.ts';
import { detectPython } from './python/index.ts';

export interface MachineOptions {
  python?: { executable?: string };
  electron?: string;
}

const GIB = 1024 ** 3;

/**
 * The fields that make runs comparable. Hostname is left out (a renamed machine runs
 * the same), memory is rounded to GiB (the kernel's total moves by a few MiB between
 * boots), and the Python version counts because Python models run on it.
 */
export function fingerprintOf(m: Omit<MachineInfo, 'fingerprint'>): string {
  const fields = [
    m.cpuModel,
    m.logicalCores,
    Math.round(m.memoryBytes / GIB),
    m.platform,
    m.arch,
    m.kernel,
    m.node,
    m.python?.version ?? '',
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 16);
}

function osName(): string {
  if (process.platform === 'linux') {
    try {
      const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
      if (pretty?.[1]) return pretty[1];
    } catch {
      // No os-release (some minimal containers): fall through to the kernel's own name.
    }
  }
  if (process.platform === 'darwin') return `macOS (Darwin ${os.release()})`;
  return os.version() || os.type();
}

/** Logical cores this process may use (affinity and cgroup-aware), not the host's count. */
export function logicalCores(): number {
  return os.availableParallelism();
}

export async function getMachineInfo(options: MachineOptions = {}): Promise<MachineInfo> {
  const detected = await detectPython(options.python?.executable).catch(() => ({ ok: false as const, reason: '' }));
  const python: PythonInfo | undefined = detected.ok ? detected.info : undefined;
  const cpuList = os.cpus();
  const info: Omit<MachineInfo, 'fingerprint'> = {
    hostname: os.hostname(),
    cpuModel: cpuList[0]?.model.trim() || 'unknown CPU',
    logicalCores: logicalCores(),
    memoryBytes: os.totalmem(),
    os: osName(),
    platform: process.platform,
    arch: process.arch,
    kernel: os.release(),
    node: process.versions.node,
    ...(options.electron ? { electron: options.electron } : {}),
    ...(python ? { python } : {}),
  };
  return { fingerprint: fingerprintOf(info), ...info };
}

/** Node models always run; Python models need an interpreter that detectPython accepts. */
export async function listModels(options: { python?: { executable?: string } } = {}): Promise<ModelAvailability[]> {
  const detected = await detectPython(options.python?.executable).catch((e: unknown) => ({
    ok: false as const,
    reason: errorMessage(e),
  }));
  return [
    ...NODE_MODELS.map((model) => ({ model, available: true })),
    ...PYTHON_MODELS.map((model) =>
      detected.ok ? { model, available: true } : { model, available: false, reason: detected.reason },
    ),
  ];
}
