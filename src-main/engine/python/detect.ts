// Finds and describes the Python interpreters the lab can run: version,
// implementation, whether the GIL is on, whether the build is free-threaded.
// A missing or unusable interpreter is answered with what is wrong and how to fix it.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { PythonInfo } from '../../../src-shared/result.ts';

export const MIN_PYTHON: readonly [number, number] = [3, 9];
export const DEFAULT_EXECUTABLE = 'python3';

export type Detection = { ok: true; info: PythonInfo } | { ok: false; reason: string };

const PROBE_TIMEOUT_MS = 10_000;
// A failure may be fixed by installing Python while the app runs: ask again after this long.
const FAILURE_TTL_MS = 10_000;

// Valid Python 2 too, so an old interpreter is named as too old rather than as broken.
const PROBE = [
  'import json, platform, sys, sysconfig',
  "gil = getattr(sys, '_is_gil_enabled', None)",
  'print(json.dumps({',
  "  'version': '.'.join(str(x) for x in sys.version_info[:3]),",
  "  'major': sys.version_info[0], 'minor': sys.version_info[1],",
  "  'implementation': platform.python_implementation(),",
  "  'executable': sys.executable,",
  "  'gilEnabled': gil() if gil else None,",
  "  'freeThreaded': bool(sysconfig.get_config_var('Py_GIL_DISABLED')),",
  '}))',
].join('\n');

interface ProbeAnswer {
  version: string;
  major: number;
  minor: number;
  implementation: string;
  executable: string;
  gilEnabled: boolean | null;
  freeThreaded: boolean;
}

const cache = new Map<string, Promise<Detection>>();

/** Describes the interpreter (python3 on PATH by default); cached per executable. */
export function detectPython(executable: string = DEFAULT_EXECUTABLE): Promise<Detection> {
  const hit = cache.get(executable);
  if (hit) return hit;
  const result = probe(executable).then((detection) => {
    if (!detection.ok) setTimeout(() => cache.delete(executable), FAILURE_TTL_MS).unref();
    return detection;
  });
  cache.set(executable, result);
  return result;
}

const howToFix = 'install Python 3.9+ or set the interpreter path';

function notFound(executable: string): string {
  return isBareName(executable)
    ? `${executable} not found on PATH: ${howToFix}`
    : `${executable} not found: ${howToFix} to an existing interpreter`;
}

function isBareName(executable: string): boolean {
  return !isAbsolute(executable) && !executable.includes('/') && !executable.includes('\\');
}

function probe(executable: string): Promise<Detection> {
  return new Promise((resolve) => {
    execFile(
      executable,
      ['-c', PROBE],
      { timeout: PROBE_TIMEOUT_MS, killSignal: 'SIGKILL', windowsHide: true, maxBuffer: 64 * 1024 },
      (error, stdout, stderr) => {
        const e = error as (NodeJS.ErrnoException & { killed?: boolean; code?: string | number }) | null;
        if (e?.code === 'ENOENT') return resolve({ ok: false, reason: notFound(executable) });
        if (e?.code === 'EACCES') return resolve({ ok: false, reason: `${executable} is not executable: ${howToFix}` });
        if (e?.killed) {
          return resolve({ ok: false, reason: `${executable} did not answer within ${PROBE_TIMEOUT_MS / 1000} s: ${howToFix}` });
        }
        const answer = parseAnswer(String(stdout));
        if (e || !answer) {
          const said = (String(stderr).trim() || String(stdout).trim()).split('\n').slice(-3).join(' ').slice(0, 300);
          return resolve({
            ok: false,
            reason: `${executable} did not answer like a Python interpreter${said ? ` (${said})` : ''}: ${howToFix}`,
          });
        }
        if (answer.major < MIN_PYTHON[0] || (answer.major === MIN_PYTHON[0] && answer.minor < MIN_PYTHON[1])) {
          return resolve({
            ok: false,
            reason: `Python ${answer.major}.${answer.minor} is too old: ${MIN_PYTHON.join('.')}+ needed (${executable}); ${howToFix}`,
          });
        }
        resolve({
          ok: true,
          info: {
            executable: answer.executable || executable,
            version: answer.version,
            implementation: answer.implementation,
            gilEnabled: answer.gilEnabled,
            freeThreaded: answer.freeThreaded,
          },
        });
      },
    );
  });
}

function parseAnswer(stdout: string): ProbeAnswer | undefined {
  try {
    const v = JSON.parse(stdout.trim()) as Partial<ProbeAnswer>;
    if (typeof v.version !== 'string' || typeof v.major !== 'number' || typeof v.minor !== 'number') return undefined;
    return {
      version: v.version,
      major: v.major,
      minor: v.minor,
      implementation: typeof v.implementation === 'string' ? v.implementation : 'unknown',
      executable: typeof v.executable === 'string' ? v.executable : '',
      gilEnabled: typeof v.gilEnabled === 'boolean' ? v.gilEnabled : null,
      freeThreaded: v.freeThreaded === true,
    };
  } catch {
    return undefined;
  }
}

/** Free-threaded builds on PATH (python3.13t, python3.14t…): the first of each name, as a path. */
function freeThreadedOnPath(): string[] {
  const found = new Map<string, string>();
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of entries) {
      if (/^python3\.\d+t(\.exe)?$/.test(name) && !found.has(name)) found.set(name, join(dir, name));
    }
  }
  return [...found.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((name) => found.get(name)!);
}

/**
 * The interpreters to offer: the preferred one (a configured interpreter) or python3 first,
 * then python3 and any free-threaded build on PATH (a second interpreter, on which threads
 * run in parallel). Only working ones, each once.
 */
export async function findInterpreters(preferred?: string): Promise<PythonInfo[]> {
  const candidates = [...(preferred ? [preferred] : []), DEFAULT_EXECUTABLE, ...freeThreadedOnPath()];
  const found: PythonInfo[] = [];
  for (const detection of await Promise.all(candidates.map((c) => detectPython(c)))) {
    if (detection.ok && !found.some((f) => f.executable === detection.info.executable)) found.push(detection.info);
  }
  return found;
}
