// `npm start` with Electron's binary missing runs Electron's installer, then launches the
// desktop app through electron-vite; browser mode only when the install fails, with why.
// No network: a stand-in Electron package whose install.js "downloads" a stand-in
// executable (a shell script that records how it was started) exactly where the real
// installer puts the binary (dist/ and path.txt).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installElectron, noElectronMessage, RETRY_COMMAND } from '../../../scripts/electron-binary.mjs';

const repo = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'lab-start-electron-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of Electron's package whose install step is `installBody` (run by Node). */
function standInPackage(name: string, installBody: string): string {
  const pkg = join(dir, name);
  mkdirSync(pkg, { recursive: true });
  copyFileSync(join(repo, 'node_modules', 'electron', 'package.json'), join(pkg, 'package.json'));
  writeFileSync(join(pkg, 'install.js'), installBody);
  return pkg;
}

// Installs like Electron's install.js: the executable under dist/, its name in path.txt.
// The stand-in executable writes its arguments, directory and parent's command line.
const installsStandIn = `
const fs = require('fs'); const path = require('path');
console.log('stand-in installer: downloading');
fs.writeFileSync(path.join(__dirname, 'installer-ran'), '');
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
const exe = path.join(__dirname, 'dist', 'electron');
fs.writeFileSync(exe, '#!/bin/sh\\n{ echo "args: $*"; echo "cwd: $(pwd)"; echo "parent: $(tr "\\\\0" " " </proc/$PPID/cmdline)"; } >"$STAND_IN_LOG"\\n');
fs.chmodSync(exe, 0o755);
fs.writeFileSync(path.join(__dirname, 'dist', 'version'), 'v' + require('./package.json').version);
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
`;

/** This environment with the stand-in package, without the variable that forbids the download. */
function envFor(pkg: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CONCURRENCY_LAB_ELECTRON_DIR: pkg, ...extra };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  return env;
}

function runStart(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repo, 'scripts', 'start.mjs'), '--skipBuild'], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('npm start without the Electron binary', () => {
  it('runs the install step, then launches the installed executable through electron-vite, not browser mode', async () => {
    const pkg = standInPackage('electron-online', installsStandIn);
    const log = join(dir, 'stand-in.log');
    const env = envFor(pkg, { STAND_IN_LOG: log, ELECTRON_ENTRY: '.' });
    delete env.ELECTRON_EXEC_PATH;

    const { code, output } = await runStart(env);

    expect(code, output).toBe(0);
    expect(output).toMatch(/not installed yet: downloading Electron \d+\.\d+\.\d+ with its installer/);
    expect(output).toMatch(/stand-in installer: downloading/);
    expect(output).not.toMatch(/browser mode/);
    expect(existsSync(log), output).toBe(true);
    const started = readFileSync(log, 'utf8');
    expect(started).toMatch(/^args: \.$/m);
    expect(started).toContain(`cwd: ${repo.replace(/\/$/, '')}`);
    expect(started).toMatch(/^parent: .*electron-vite.* preview --skipBuild/m);
  });

  it('does not run the installer when ELECTRON_SKIP_BINARY_DOWNLOAD is set, and says so', async () => {
    const pkg = standInPackage('electron-skip', installsStandIn);
    const result = await installElectron({ env: { ...process.env, CONCURRENCY_LAB_ELECTRON_DIR: pkg, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, log: () => {} });
    expect(result.reason).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD is set/);
    expect(existsSync(join(pkg, 'installer-ran'))).toBe(false);
  });

  it('says "offline" when the installer fails and its download host does not resolve', async () => {
    const pkg = standInPackage('electron-offline', `console.error('getaddrinfo ENOTFOUND'); process.exit(1);`);
    const env = envFor(pkg, { ELECTRON_MIRROR: 'https://electron-mirror.invalid/' });
    const result = await installElectron({ env, log: () => {} });
    expect(result.reason).toBe('offline (electron-mirror.invalid cannot be resolved)');
    expect(noElectronMessage(result.reason!)).toContain(`\`${RETRY_COMMAND}\``);
  });

  it('says the download was blocked when the host resolves but the installer fails', async () => {
    const pkg = standInPackage('electron-blocked', `console.error('Response code 403 (Forbidden)'); process.exit(1);`);
    const env = envFor(pkg, { ELECTRON_MIRROR: 'http://localhost:9/' });
    const result = await installElectron({ env, log: () => {} });
    expect(result.reason).toMatch(/^the download from localhost failed or was blocked/);
  });

  it('stops an installer that runs past its time limit', async () => {
    const pkg = standInPackage('electron-slow', `setTimeout(() => {}, 60_000);`);
    const env = envFor(pkg);
    const result = await installElectron({ env, timeoutS: 1, log: () => {} });
    expect(result.reason).toBe('the download did not finish within 1 s');
  });

  it('says so when the installer succeeds but leaves no executable', async () => {
    const pkg = standInPackage('electron-empty', `process.exit(0);`);
    const env = envFor(pkg);
    const result = await installElectron({ env, log: () => {} });
    expect(result.reason).toMatch(/finished but left no executable/);
  });
});
