// `serve` prints one line with the URL and token, serves until its signal (Ctrl-C/SIGTERM)
// aborts, then cancels a run in progress cleanly; without a built UI it says what to do.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src-main/cli/types.ts';
import { codeRefusal, createServeCommand, parseServeArgs, serveCommands } from '../../../src-main/cli/serve-command.ts';
import { LabStore } from '../../../src-main/store/index.ts';
import { createLoopbackClient } from '../../../src-renderer/backend/loopback-client.ts';
import type { ProgressEvent } from '../../../src-shared/result.ts';
import { firstEvent, inChild, LONG, TINY } from '../service/lab-fixture.ts';
import { isAlive } from '../helpers/processes.ts';

let dir: string;
let site: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lab-serve-test-'));
  site = join(dir, 'renderer');
  mkdirSync(site);
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>lab</title>');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function context() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const controller = new AbortController();
  const ctx: CliContext = { stdout, stderr, env: {}, isTTY: false, signal: controller.signal };
  return { ctx, controller, out: () => out, err: () => err };
}

async function urlLine(read: () => string): Promise<string> {
  for (;;) {
    const line = /^Concurrency Lab at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)\n/m.exec(read());
    if (line) return line[1];
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('serve', () => {
  it('is in the command table', () => {
    expect(serveCommands.serve.usage).toBe('serve [--port N] [--host H] [--token T] [--db FILE] [--open|--no-open] [--allow-code]');
  });

  it('says "stopping", not "cancelling", when stopped with no run in progress', async () => {
    expect(serveCommands.serve.onSignal?.('SIGTERM')).toBe('SIGTERM: stopping');
    const { ctx, controller, out, err } = context();
    const exit = createServeCommand({ rendererDir: site }).run(['--port', '0', '--db', join(dir, 'idle.db'), '--no-open'], ctx);
    await urlLine(out);
    controller.abort(new Error('cancelled by SIGTERM'));
    expect(await exit).toBe(0);
    expect(err()).not.toMatch(/cancel/i);
  });

  it('prints "Concurrency Lab at URL", serves the API and the UI, and stops on the signal', async () => {
    const { ctx, controller, out } = context();
    const exit = createServeCommand({ rendererDir: site }).run(['--port', '0', '--token', 'T', '--db', join(dir, 'x.db'), '--no-open'], ctx);
    const url = await urlLine(out);
    expect(url).toMatch(/\/\?token=T$/);
    const origin = new URL(url).origin;
    expect(await (await fetch(url)).text()).toContain('<title>lab</title>');
    const client = createLoopbackClient(origin, 'T');
    const started = await client.startRun(TINY);
    const runId = started.ok ? started.value.runId : undefined;
    for (;;) {
      const active = await client.getActiveRun();
      if (active.ok && active.value === null) break;
      await new Promise((r) => setTimeout(r, 20));
    }

    controller.abort();
    expect(await exit).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
    const store = LabStore.open(join(dir, 'x.db'));
    try {
      expect(store.getRun(runId!).status).toBe('completed');
    } finally {
      store.close();
    }
  });

  it('cancels a run in progress when stopped, keeping it as cancelled, with no child left', async () => {
    const { ctx, controller, out } = context();
    const exit = createServeCommand({ rendererDir: site }).run(['--db', join(dir, 'y.db')], ctx);
    const url = new URL(await urlLine(out));
    const client = createLoopbackClient(url.origin, url.searchParams.get('token')!, { EventSource: null });
    // The baseline runs in-process for about a second first: time enough for the stream to connect.
    const childTasks = firstEvent(client, inChild);
    const started = await client.startRun(LONG);
    expect(started.ok).toBe(true);
    const tasks = (await childTasks) as Extract<ProgressEvent, { type: 'tasks' }>;
    const pids = [...new Set(tasks.spans.map((s) => s.pid!))].filter((pid) => pid !== process.pid);
    controller.abort();
    expect(await exit).toBe(0);
    expect(pids.filter(isAlive)).toEqual([]);
    const store = LabStore.open(join(dir, 'y.db'));
    try {
      expect(store.getRun(started.ok ? started.value.runId : '').status).toBe('cancelled');
    } finally {
      store.close();
    }
  });

  it('without a built UI, says to run `npm run build` first and exits 2', async () => {
    const { ctx, err } = context();
    expect(await createServeCommand({ rendererDir: join(dir, 'nothing') }).run(['--db', join(dir, 'z.db')], ctx)).toBe(2);
    expect(err()).toMatch(/run `npm run build` first/);
  });

  it('refuses bad arguments with exit 2 and the usage', async () => {
    for (const args of [['--port', 'eighty'], ['--port', '70000'], ['--bogus'], ['--db'], ['--token', 'a b']]) {
      const { ctx, err } = context();
      expect(await createServeCommand({ rendererDir: site }).run(args, ctx)).toBe(2);
      expect(err()).toMatch(/usage: concurrency-lab serve/);
    }
  });

  it('parses every option', () => {
    expect(parseServeArgs(['--port', '8080', '--host', '0.0.0.0', '--token=abc', '--db', 'f.db', '--open'])).toEqual({
      port: 8080, host: '0.0.0.0', token: 'abc', db: 'f.db', open: true,
    });
    expect(parseServeArgs([])).toEqual({ port: 0, open: false });
    expect(parseServeArgs(['--allow-code'])).toEqual({ port: 0, open: false, allowCode: true });
  });

  it('refuses code workloads when bound beyond loopback, unless started with --allow-code', () => {
    expect(codeRefusal(undefined, false)).toBeUndefined();
    expect(codeRefusal('127.0.0.1', false)).toBeUndefined();
    expect(codeRefusal('::1', false)).toBeUndefined();
    expect(codeRefusal('0.0.0.0', false)).toMatch(/beyond loopback.*--allow-code/);
    expect(codeRefusal('192.168.1.5', true)).toBeUndefined();
  });
});
