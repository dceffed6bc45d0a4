// The one CLI test harness: the real main() in process with captured output (exit codes,
// usage errors and service errors handled as for a user), or the real bin in a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src-main/cli.ts';

export const BIN = fileURLToPath(new URL('../../../bin/concurrency-lab.js', import.meta.url));

class Capture extends Writable {
  text = '';
  _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, { stdout, stderr, env, isTTY: false });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export function spawnCli(argv: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess & { output(): string } {
  const child = spawn(process.execPath, [BIN, ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  child.stderr!.on('data', (d) => (text += d));
  return Object.assign(child, { output: () => text });
}

export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}
