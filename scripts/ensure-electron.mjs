#!/usr/bin/env node
// `npm run dist` step one: Electron's binary, installed with Electron's own installer when
// missing (as `npm start` does), or a stop with the same reason and retry command.
import { installElectron, noElectronMessage } from './electron-binary.mjs';
import { exitIfNodeTooOld } from './node-version.mjs';

exitIfNodeTooOld();
const electron = await installElectron();
if (!electron.executable) {
  console.error(noElectronMessage(electron.reason));
  process.exit(1);
}
