// Where the files that run in other threads and processes live. In the source tree
// (tests, CLI in a checkout) they are .ts files that Node runs directly; in the
// electron-vite bundle they are flat .js entries beside this module's chunk.
import { fileURLToPath } from 'node:url';

const SOURCES = {
  'thread-worker': './engine/pools/thread-worker.ts',
  'process-child': './engine/pools/process-child.ts',
  'loop-worker': './engine/runners/loop-worker.ts',
  'code-try-worker': './engine/code/try-worker.ts',
} as const;

export type EntryName = keyof typeof SOURCES;

const bundled = !import.meta.url.endsWith('.ts');

export function entryPath(name: EntryName): string {
  return unpacked(fileURLToPath(new URL(bundled ? `./${name}.js` : SOURCES[name], import.meta.url)));
}

/** The repository's (or installed app's) resources/ folder: presets, the Python runner. */
export function resourcesDir(): string {
  // Source: src-main/ -> ../resources. Bundle: out/main/ -> ../../resources (asar-unpacked in the app).
  return unpacked(fileURLToPath(new URL(bundled ? '../../resources/' : '../resources/', import.meta.url)));
}

/**
 * In a packaged app these files are opened by other processes (worker threads, utility
 * processes, python3), which cannot read inside the asar archive: electron-builder.yml
 * unpacks them beside it, into app.asar.unpacked.
 */
function unpacked(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}
