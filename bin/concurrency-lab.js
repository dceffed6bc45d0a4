#!/usr/bin/env node
// Runs the CLI: from the TypeScript source in a checkout (Node >= 22.18 runs it directly,
// so it is never stale), or from the electron-vite bundle where the source is absent.
import { existsSync } from 'node:fs';
import nodeModule from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { exitIfNodeTooOld } from '../scripts/node-version.mjs';

exitIfNodeTooOld();
// Node keeps the compiled (and type-stripped) modules in a cache folder under the temp dir,
// so later commands start in about half the CPU time (`help`: 1.2 s of CPU before, 0.6 s
// after): each command is one short process, and loading the lab's modules was most of a
// small one. A cache that cannot be written only means no speed-up. Read off the default
// export because Node 20 lacks it and must still reach the advice above.
nodeModule.enableCompileCache?.();
// A reader that stops early (`show <id> --json | head -1`) closes the pipe: the command
// ends there, quietly and successfully, as Unix tools do, not with an EPIPE stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const source = fileURLToPath(new URL('../src-main/cli.ts', import.meta.url));
const bundle = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (existsSync(source) && !process.features.typescript) {
  console.error('This Node.js cannot run TypeScript sources; use Node 22.18+ or run `npm run build` first.');
}
const entry = existsSync(source) && process.features.typescript ? source : bundle;
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
