// Who may import whom, as docs/architecture.md states it, in a form a test can apply to
// every import of every source file: each file belongs to one layer, each layer names the
// layers and packages it may import. TypeScript's own scanner finds the imports (static,
// dynamic, `export … from`, type-only), so comments and strings cannot fool it.
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import ts from 'typescript';

export type Layer =
  | 'shared'
  | 'entries'
  | 'engine'
  | 'store'
  | 'service'
  | 'renderer-files'
  | 'server'
  | 'cli'
  | 'app'
  | 'preload'
  | 'renderer';

/** The folders (or single files) of each layer, relative to the repository root; the first match wins. */
const LAYER_OF: [prefix: string, layer: Layer][] = [
  ['src-shared/', 'shared'],
  // Where the bundled worker entries and resources/ lie: a leaf the engine reads paths from.
  ['src-main/entries.ts', 'entries'],
  ['src-main/engine/', 'engine'],
  ['src-main/store/', 'store'],
  ['src-main/service/', 'service'],
  ['src-main/renderer-files/', 'renderer-files'],
  ['src-main/server/', 'server'],
  ['src-main/cli/', 'cli'],
  ['src-main/cli.ts', 'cli'],
  ['src-main/app/', 'app'],
  ['src-preload/', 'preload'],
  ['src-renderer/', 'renderer'],
];

/** The project's layers each layer may import (itself always). */
const MAY_IMPORT: Record<Layer, Layer[]> = {
  shared: [],
  entries: [],
  engine: ['shared', 'entries'],
  store: ['shared'],
  service: ['engine', 'store', 'shared'],
  'renderer-files': ['shared'],
  server: ['service', 'renderer-files', 'shared'],
  // `serve` starts the browser-mode server: a transport, not the backend.
  cli: ['service', 'server', 'renderer-files', 'shared'],
  app: ['service', 'renderer-files', 'shared'],
  preload: ['shared'],
  // Its one backend client (src-renderer/backend) is part of the renderer: window.lab or loopback HTTP.
  renderer: ['shared'],
};

/** The service's one door: a front end imports the service from this file alone. */
const SERVICE_DOOR = 'src-main/service/index.ts';
const FRONT_ENDS: Layer[] = ['cli', 'server', 'app'];

/** Packages only some layers may import; any other package is free to all. */
const RESTRICTED_PACKAGES: { test: (spec: string) => boolean; name: string; only: Layer[] }[] = [
  { test: (s) => s === 'electron' || s.startsWith('electron/'), name: 'electron', only: ['app', 'preload'] },
  { test: (s) => s === 'better-sqlite3', name: 'better-sqlite3', only: ['store'] },
  {
    // Common code runs in the renderer too; the sandboxed preload and the renderer have no Node.
    test: (s) => s.startsWith('node:') || builtinModules.includes(s.split('/')[0]),
    name: 'Node built-ins',
    only: ['entries', 'engine', 'store', 'service', 'renderer-files', 'server', 'cli', 'app'],
  },
];

export function layerOf(file: string): Layer | undefined {
  return LAYER_OF.find(([prefix]) => file === prefix || file.startsWith(prefix))?.[1];
}

/** The imports of one source file (a .vue file's <script> blocks), with their line numbers. */
export function importsOf(file: string, text: string): { spec: string; line: number }[] {
  const found: { spec: string; line: number }[] = [];
  const blocks = file.endsWith('.vue') ? [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => ({ code: m[1], at: m.index + m[0].indexOf('>') + 1 })) : [{ code: text, at: 0 }];
  for (const { code, at } of blocks) {
    for (const imported of ts.preProcessFile(code, true, true).importedFiles) {
      found.push({ spec: imported.fileName, line: text.slice(0, at + imported.pos).split('\n').length });
    }
  }
  return found;
}

/**
 * Every import of `file` (repository-relative, `/`-separated) that its layer may not make,
 * each as "FILE:LINE imports 'SPEC' (WHAT): WHY".
 */
export function violations(file: string, text: string): string[] {
  const from = layerOf(file);
  if (!from) return [`${file}: in no layer of docs/architecture.md (add it to tests/unit/architecture/layer-rules.ts)`];
  const out: string[] = [];
  for (const { spec, line } of importsOf(file, text)) {
    const where = `${file}:${line} imports '${spec}'`;
    if (spec.startsWith('.')) {
      const target = posix.normalize(posix.join(posix.dirname(file), spec.replace(/\?.*$/, '')));
      const to = layerOf(target);
      if (!to) out.push(`${where} (${target}): outside every layer`);
      else if (to !== from && !MAY_IMPORT[from].includes(to)) {
        const allowed = MAY_IMPORT[from].length ? `only ${MAY_IMPORT[from].join(', ')}` : 'nothing of the project outside itself';
        out.push(`${where} (${to}): ${from} may import ${allowed}`);
      } else if (to === 'service' && FRONT_ENDS.includes(from) && target !== SERVICE_DOOR) {
        out.push(`${where} (${target}): ${from} reaches the service through ${SERVICE_DOOR} only`);
      }
      continue;
    }
    const restricted = RESTRICTED_PACKAGES.find((p) => p.test(spec));
    if (restricted && !restricted.only.includes(from)) out.push(`${where} (${restricted.name}): only ${restricted.only.join(', ')} may`);
  }
  return out;
}
