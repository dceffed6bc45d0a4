// Where Electron's executable is, if installed, and why the tests skip when it is not: the
// check and wording of scripts/electron-binary.mjs, which `npm start` and `npm run dist` use.
// Never require('electron'): with the binary missing, its index.js starts a download.
import { join } from 'node:path';
import { electronBinary, missingReason, noElectronMessage } from '../../scripts/electron-binary.mjs';

export const repoRoot = join(import.meta.dirname, '..', '..');

export { electronBinary };

/** The skip reason where the binary is missing. */
export function electronSkipReason(): string {
  return `${noElectronMessage(missingReason())} Meanwhile the shell's window options, IPC sender check and launcher are unit-tested, and the UI runs end to end in Chromium against browser mode.`;
}
