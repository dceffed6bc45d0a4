// Runs Doyensec's Electronegativity (Electron security scanner) over the app's sources,
// offline, and prints its findings as JSON lines: {"id","severity","confidence","file","line","column"}.
// The scanner fetches translations and Electron's release list from the network; here
// its HTTP client (got) fails at once instead, so it neither waits nor crashes on a retry
// timer, and the release-list check (which needs the network by nature) is left out.
// Usage: node scripts/electronegativity.cjs [dir …]   (default: src-main src-preload src-renderer)
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const scannerDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json', { paths: [root] }));
const gotPath = require.resolve('got', { paths: [scannerDir] });
const offline = () => Promise.reject(new Error('offline: the lab runs this scanner without the network'));
require.cache[gotPath] = Object.assign(new Module(gotPath), { loaded: true, exports: Object.assign(offline, { default: offline }) });

const run = require(path.join(scannerDir, 'dist/runner.js'));
const electronVersion = require(require.resolve('electron/package.json', { paths: [root] })).version;
const dirs = process.argv.slice(2).length ? process.argv.slice(2) : ['src-main', 'src-preload', 'src-renderer'];

(async () => {
  // One scan over all the sources together (a folder of links to them), so a check that
  // looks across files (navigation limits, permission handler, CSP) sees the whole app.
  const input = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-electronegativity-'));
  for (const dir of dirs) fs.symlinkSync(path.join(root, dir), path.join(input, dir));
  // The scanner reports its translation fetch failing; keep stdout for findings only.
  const log = console.log;
  console.log = (...args) => process.stderr.write(`${args.join(' ')}\n`);
  try {
    const result = await run({
      input,
      isRelative: true,
      electronVersionOverride: electronVersion,
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    });
    for (const e of result.errors.filter((e) => !e.tolerable)) {
      process.stderr.write(`electronegativity: could not parse ${e.file}: ${e.message}\n`);
      process.exitCode = 1;
    }
    console.log = log;
    for (const i of result.issues) {
      const finding = {
        id: i.id,
        severity: i.severity.name,
        confidence: i.confidence.name,
        file: String(i.file).split(path.sep).join('/'),
        line: i.location.line,
        column: i.location.column,
      };
      process.stdout.write(`${JSON.stringify(finding)}\n`);
    }
  } finally {
    console.log = log;
    fs.rmSync(input, { recursive: true, force: true });
  }
})().catch((error) => {
  process.stderr.write(`electronegativity: ${error.stack ?? error}\n`);
  process.exitCode = 2;
});
