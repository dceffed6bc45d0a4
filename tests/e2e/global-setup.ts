// Starts the real browser-mode server on a random port and a fresh database in a temp
// folder, hands its URL to the tests (LAB_URL, LAB_TOKEN), and stops it afterwards.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(root, 'out/renderer/index.html'))) {
    throw new Error('The renderer is not built: run `npm run build` first (scripts/test.sh does).');
  }
  const dir = mkdtempSync(join(tmpdir(), 'lab-e2e-'));
  const token = randomBytes(12).toString('hex');
  const child = spawn(process.execPath, [join(root, 'bin/concurrency-lab.js'), 'serve', '--port', '0', '--token', token, '--db', join(dir, 'lab.db'), '--no-open'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 30 s:\n${output}`)), 30_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = /Concurrency Lab at (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing its URL:\n${output}`));
    });
  });
  process.env.LAB_URL = url;
  process.env.LAB_TOKEN = token;

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
