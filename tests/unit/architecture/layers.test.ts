// The layer rules of docs/architecture.md ("Who may import whom"), checked on every import
// of every source file, the way VS Code enforces its layers by lint. A failure names the
// file, the line, the import and the rule it breaks.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerOf, violations, type Layer } from './layer-rules.ts';

const root = join(import.meta.dirname, '../../..');
const ROOTS = ['src-shared', 'src-main', 'src-preload', 'src-renderer'];

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|mts|vue)$/.test(entry.name) ? [path] : [];
  });
}

describe('layers: every import follows docs/architecture.md', () => {
  const files = ROOTS.flatMap(sources);

  it('finds the sources of every layer', () => {
    const seen = new Set(files.map(layerOf));
    const layers: Layer[] = ['shared', 'entries', 'engine', 'store', 'service', 'renderer-files', 'server', 'cli', 'app', 'preload', 'renderer'];
    expect(layers.filter((l) => !seen.has(l))).toEqual([]);
    expect(files.length).toBeGreaterThan(150);
  });

  it('no file imports what its layer may not', () => {
    const broken = files.flatMap((file) => violations(file, readFileSync(join(root, file), 'utf8')));
    expect(broken, broken.join('\n')).toEqual([]);
  });
});

describe('layers: the check fails, naming the file and the import', () => {
  it('a front end that reaches below the service', () => {
    const text = "// the CLI\nimport { runExperiment } from '../engine/index.ts';\n";
    expect(violations('src-main/cli/run-commands.ts', text)).toEqual([
      "src-main/cli/run-commands.ts:2 imports '../engine/index.ts' (engine): cli may import only service, server, renderer-files, shared",
    ]);
    expect(violations('src-main/app/main.ts', "const { LabStore } = await import('../store/index.ts');")).toEqual([
      "src-main/app/main.ts:1 imports '../store/index.ts' (store): app may import only service, renderer-files, shared",
    ]);
    expect(violations('src-main/server/http-server.ts', "export type { Recorder } from '../store/recorder.ts';")).toHaveLength(1);
  });

  it('a front end that reaches past the service\'s door into its files', () => {
    expect(violations('src-main/server/http-server.ts', "import { createLabService } from '../service/lab-service.ts';")).toEqual([
      "src-main/server/http-server.ts:1 imports '../service/lab-service.ts' (src-main/service/lab-service.ts): server reaches the service through src-main/service/index.ts only",
    ]);
    expect(violations('src-main/server/http-server.ts', "import { createLabService } from '../service/index.ts';")).toEqual([]);
  });

  it('the shell importing the HTTP transport, or the engine the store', () => {
    expect(violations('src-main/app/app-protocol.ts', "import { serveStatic } from '../server/static-files.ts';")).toEqual([
      "src-main/app/app-protocol.ts:1 imports '../server/static-files.ts' (server): app may import only service, renderer-files, shared",
    ]);
    expect(violations('src-main/engine/run-experiment.ts', "import type { LabStore } from '../store/index.ts';")).toEqual([
      "src-main/engine/run-experiment.ts:1 imports '../store/index.ts' (store): engine may import only shared, entries",
    ]);
  });

  it('src-shared importing the app or Node', () => {
    expect(violations('src-shared/format.ts', "import { x } from '../src-main/engine/clock.ts';\nimport { readFile } from 'node:fs';\nimport os from 'os';")).toEqual([
      "src-shared/format.ts:1 imports '../src-main/engine/clock.ts' (engine): shared may import nothing of the project outside itself",
      "src-shared/format.ts:2 imports 'node:fs' (Node built-ins): only entries, engine, store, service, renderer-files, server, cli, app may",
      "src-shared/format.ts:3 imports 'os' (Node built-ins): only entries, engine, store, service, renderer-files, server, cli, app may",
    ]);
  });

  it('the renderer importing src-main, Node or electron, in a .vue file at its line', () => {
    const vue = "<template><p>hi</p></template>\n\n<script setup lang=\"ts\">\nimport { ref } from 'vue';\nimport { ipcRenderer } from 'electron';\nimport { getRun } from '../../../src-main/service/index.ts';\n</script>\n";
    expect(violations('src-renderer/src/views/HistoryView.vue', vue)).toEqual([
      "src-renderer/src/views/HistoryView.vue:5 imports 'electron' (electron): only app, preload may",
      "src-renderer/src/views/HistoryView.vue:6 imports '../../../src-main/service/index.ts' (service): renderer may import only shared",
    ]);
  });

  it('SQLite outside the store, an import outside every layer, a file in no layer', () => {
    expect(violations('src-main/service/history.ts', "import Database from 'better-sqlite3';")).toEqual([
      "src-main/service/history.ts:1 imports 'better-sqlite3' (better-sqlite3): only store may",
    ]);
    expect(violations('src-main/cli/x.ts', "import data from '../../tests/unit/fixture.ts';")).toEqual([
      "src-main/cli/x.ts:1 imports '../../tests/unit/fixture.ts' (tests/unit/fixture.ts): outside every layer",
    ]);
    expect(violations('src-main/plugins/x.ts', '')).toEqual(['src-main/plugins/x.ts: in no layer of docs/architecture.md (add it to tests/unit/architecture/layer-rules.ts)']);
  });

  it('comments and strings that look like imports are not imports; allowed imports pass', () => {
    const text = "// import x from '../engine/index.ts'\nconst s = \"import y from '../store/index.ts'\";\nimport { createLabService } from '../service/index.ts';\nimport { z } from 'zod';\n";
    expect(violations('src-main/cli/lab-session.ts', text)).toEqual([]);
  });
});
