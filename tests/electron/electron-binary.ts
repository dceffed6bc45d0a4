// Where Electron's executable is, if installed. Not require('electron'): with the binary
// missing, electron's index.js tries to download it (ELECTRON_SKIP_BINARY_DOWNLOAD / offline).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

export function electronBinary(): string | undefined {
  const dir = join(repoRoot, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const executable = join(process.env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist'), readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : undefined;
}
