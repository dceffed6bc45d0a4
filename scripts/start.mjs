#!/usr/bin/env node
// `npm start`: the desktop app. Where Electron's binary is missing (Electron 45 downloads it
// on first use, not at `npm install`), Electron's own installer fetches it first; only when
// that fails does the lab start in browser mode (the same backend headless, the built UI in
// Chromium's app mode when one is installed), saying why and how to retry.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { installElectron, noElectronMessage } from './electron-binary.mjs';
import { exitIfNodeTooOld } from './node-version.mjs';

exitIfNodeTooOld();

const root = fileURLToPath(new URL('..', import.meta.url));

function onPath(name) {
  if (name.includes('/')) return existsSync(name) ? name : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function findChromium() {
  for (const name of ['/usr/bin/chromium', 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const found = onPath(name);
    if (found) return found;
  }
  return undefined;
}

function run(command, args) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
}

const extraArgs = process.argv.slice(2);

const electron = await installElectron();
if (electron.executable) {
  // electron-vite builds main, preload and renderer, then launches Electron on the bundle;
  // ELECTRON_EXEC_PATH tells it which executable (the one just found or installed).
  const child = spawn(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'preview', ...extraArgs], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_EXEC_PATH: electron.executable },
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  console.log(`${noElectronMessage(electron.reason)}\nStarting browser mode instead.`);
  await startBrowserMode();
}

async function startBrowserMode() {
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    const status = run('npm', ['run', '--silent', 'build']);
    if (status !== 0) process.exit(status);
  }
  const serve = spawn(process.execPath, [join(root, 'bin', 'concurrency-lab.js'), 'serve', ...extraArgs], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    // Its own process group: a terminal's Ctrl-C reaches only this script, which passes on
    // one SIGTERM (a second signal would make serve exit without cancelling a run cleanly).
    detached: true,
  });
  let browser;
  let profile;
  const stop = () => {
    browser?.kill('SIGTERM');
    serve.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  serve.on('exit', (code) => {
    browser?.kill('SIGTERM');
    if (profile) rmSync(profile, { recursive: true, force: true });
    process.exit(code ?? 0);
  });

  const lines = createInterface({ input: serve.stdout });
  for await (const line of lines) {
    console.log(line);
    const url = /^Concurrency Lab at (\S+)$/.exec(line)?.[1];
    if (!url || browser) continue;
    const chromium = findChromium();
    const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
    if (!chromium || headless) {
      console.log(`Open ${url} in a browser${headless ? ' (no display here)' : ''}; Ctrl-C stops the lab.`);
      continue;
    }
    // A profile of its own: the window is the app's, not a tab of a running browser, and
    // closing it stops the lab.
    profile = mkdtempSync(join(tmpdir(), 'concurrency-lab-chromium-'));
    const args = [`--app=${url}`, `--user-data-dir=${profile}`, '--no-first-run', '--no-default-browser-check'];
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    browser = spawn(chromium, args, { stdio: 'ignore' });
    let failed = false;
    browser.on('error', (err) => {
      failed = true;
      console.log(`could not start ${chromium} (${err.message}): open ${url} yourself`);
    });
    browser.on('exit', () => {
      if (!failed) serve.kill('SIGTERM');
    });
  }
}
