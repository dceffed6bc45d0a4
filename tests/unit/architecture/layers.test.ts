// The layer rule of docs/architecture.md, checked on the sources: src-shared is common code
// (neither electron nor node:*), only the shell (src-main/app) imports electron,
// and the renderer reaches the backend only through its one client module.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|vue)$/.test(name)) out.push(path);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)) {
    found.push(m[1] ?? m[2] ?? m[3]);
  }
  return found;
}

function offenders(dir: string, bad: (spec: string, file: string) => boolean): string[] {
  return sources(dir).flatMap((file) => imports(file).filter((s) => bad(s, file)).map((s) => `${file} imports ${s}`));
}

const isNodeBuiltin = (s: string) => s.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto'].includes(s);

describe('layers', () => {
  it('src-shared imports neither electron nor node built-ins', () => {
    expect(offenders('src-shared', (s) => s === 'electron' || isNodeBuiltin(s))).toEqual([]);
  });

  it('only src-main/app imports electron', () => {
    const outsideShell = (file: string) => relative('src-main/app', file).startsWith('..');
    expect(offenders('src-main', (s, file) => s === 'electron' && outsideShell(file))).toEqual([]);
  });

  it('the renderer has no Node and reaches src-main only through its backend client', () => {
    expect(offenders('src-renderer', (s) => s === 'electron' || isNodeBuiltin(s) || s.includes('src-main'))).toEqual([]);
  });
});
