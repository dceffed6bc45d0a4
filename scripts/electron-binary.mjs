// Electron's binary: whether it is installed, installing it with Electron's own installer,
// and why not when that fails. One module, so `npm start` (scripts/start.mjs), `npm run dist`
// (scripts/ensure-electron.mjs) and the Electron e2e tests' skip reason say the same thing.
//
// Electron 45 has no postinstall: `npm install` leaves node_modules/electron without its
// binary. Its index.js downloads the binary on the first `require('electron')` (blocking,
// unbounded, and offline it throws); install.js is that download on its own: it fetches
// the zip for this platform with @electron/get, unpacks it into dist/ and writes path.txt,
// the executable's path inside dist/. So the binary is installed when path.txt names a file
// that exists under dist/ (or under ELECTRON_OVERRIDE_DIST_PATH, as index.js honours).
import { spawn } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const RETRY_COMMAND = 'npx install-electron --no';

/** How long `npm start` lets the installer download (about 110 MB) before browser mode. */
export const INSTALL_TIMEOUT_S = 300;

const repoRoot = join(import.meta.dirname, '..');

/**
 * Electron's package folder. CONCURRENCY_LAB_ELECTRON_DIR points elsewhere for the test of
 * the install-then-launch flow (a stand-in package whose installer needs no network).
 */
export function electronDir(env = process.env) {
  return env.CONCURRENCY_LAB_ELECTRON_DIR || join(repoRoot, 'node_modules', 'electron');
}

/** The installed executable's path, or undefined; never downloads (unlike require('electron')). */
export function electronBinary(env = process.env) {
  const dir = electronDir(env);
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const executable = join(env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist'), readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : undefined;
}

/** Whether the user asked for no download (the variable Electron's docs and .ci/run use). */
export function skipDownloadSet(env = process.env) {
  const value = env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** The one sentence every front door prints when there is no binary: why, and how to retry. */
export function noElectronMessage(reason) {
  return `Electron's binary is not installed: ${reason}. To retry: \`${RETRY_COMMAND}\` (then \`npm start\`).`;
}

/**
 * Why there is no binary, without trying to install it (the e2e tests' skip reason): the
 * variable that forbids the download, or that it has not been downloaded yet.
 */
export function missingReason(env = process.env) {
  if (skipDownloadSet(env)) return 'ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is never downloaded';
  return 'it has not been downloaded yet (`npm start` downloads it)';
}

/** The host the installer downloads from: ELECTRON_MIRROR's, else GitHub's. */
export function downloadHost(env = process.env) {
  const mirror = env.ELECTRON_MIRROR || env.npm_config_electron_mirror;
  try {
    if (mirror) return new URL(mirror).hostname;
  } catch {
    // not a URL: the installer will say so; probe GitHub as the default
  }
  return 'github.com';
}

/**
 * Why the installer failed, told apart by whether the download host resolves: offline (it
 * does not), or blocked (it does, yet the download failed: a proxy, a firewall, an HTTP
 * error or a policy against the unzipper; the installer's own message is printed above).
 */
export async function classifyInstallFailure(env = process.env, resolve = lookup) {
  const host = downloadHost(env);
  try {
    await resolve(host);
  } catch {
    return `offline (${host} cannot be resolved)`;
  }
  return `the download from ${host} failed or was blocked (a proxy, a firewall or a security policy; the installer's message is above)`;
}

/**
 * Installs the binary with Electron's own installer (install.js in Electron's package),
 * its progress and errors on this terminal, stopped after `timeoutS` seconds.
 * Resolves { executable } once installed, or { reason } when it is not.
 */
export async function installElectron({ env = process.env, timeoutS = INSTALL_TIMEOUT_S, log = console.log } = {}) {
  const installed = electronBinary(env);
  if (installed) return { executable: installed };
  if (skipDownloadSet(env)) return { reason: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not downloaded' };

  const dir = electronDir(env);
  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  log(`Electron's binary is not installed yet: downloading Electron ${version} with its installer (at most ${timeoutS} s; Ctrl-C stops)…`);
  const started = Date.now();
  const child = spawn(process.execPath, [join(dir, 'install.js')], { cwd: dir, env, stdio: ['ignore', 'inherit', 'inherit'] });
  // The installer draws its own progress bar on a terminal after 30 s; elsewhere (a log,
  // CI) say every 15 s that it is still going.
  const heartbeat = process.stderr.isTTY ? undefined : setInterval(() => log(`  still downloading Electron… ${Math.round((Date.now() - started) / 1000)} s`), 15_000);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
  }, timeoutS * 1000);
  const { code, error } = await new Promise((done) => {
    child.on('error', (err) => done({ code: null, error: err }));
    child.on('exit', (exitCode) => done({ code: exitCode }));
  });
  clearTimeout(timer);
  if (heartbeat) clearInterval(heartbeat);

  if (timedOut) return { reason: `the download did not finish within ${timeoutS} s` };
  if (error) return { reason: `its installer could not start (${error.message})` };
  if (code !== 0) return { reason: await classifyInstallFailure(env) };
  const executable = electronBinary(env);
  if (!executable) return { reason: `its installer finished but left no executable under ${join(dir, 'dist')}` };
  log(`Electron ${version} installed (${Math.round((Date.now() - started) / 1000)} s).`);
  return { executable };
}
