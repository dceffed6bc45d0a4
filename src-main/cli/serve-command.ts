// `serve`: browser mode. The same service the desktop app uses, headless, with the built
// renderer on a loopback port; runs until Ctrl-C / SIGTERM, then cancels a run cleanly.
import { errorMessage } from '../../src-shared/errors.ts';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rendererDir } from '../renderer-files/index.ts';
import { isLoopbackHost } from '../server/request-guard.ts';
import { startServer } from '../server/start-server.ts';
import { createLabService } from '../service/lab-service.ts';
import { LabStore, resolveDbPath, StoreError } from '../store/index.ts';
import { UsageError, type CliCommand, type CliContext, type CommandTable } from './types.ts';

interface ServeArgs {
  port: number;
  host?: string;
  token?: string;
  db?: string;
  open: boolean;
  /** Run code workloads even when bound beyond loopback. */
  allowCode?: boolean;
}

export function parseServeArgs(args: string[]): ServeArgs {
  const out: ServeArgs = { port: 0, open: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const text = value();
        const port = Number(text);
        if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port: must be an integer from 0 to 65535 (0 picks a free one), got ${text}`);
        out.port = port;
        break;
      }
      case '--host':
        out.host = value();
        break;
      case '--token': {
        const token = value();
        if (!/^[\x21-\x7e]+$/.test(token)) throw new UsageError('--token: must be printable characters without spaces');
        out.token = token;
        break;
      }
      case '--db':
        out.db = value();
        break;
      case '--open':
        out.open = true;
        break;
      case '--no-open':
        out.open = false;
        break;
      case '--allow-code':
        out.allowCode = true;
        break;
      default:
        throw new UsageError(`serve: unknown argument ${arg}`);
    }
  }
  return out;
}

const USAGE = 'serve [--port N] [--host H] [--token T] [--db FILE] [--open|--no-open] [--allow-code]';

/**
 * Why a server refuses code workloads: user code runs with this user's permissions, so a
 * server others can reach runs none unless its owner says so. Undefined when it may.
 */
export function codeRefusal(host: string | undefined, allowCode: boolean): string | undefined {
  if (allowCode || host === undefined || isLoopbackHost(host)) return undefined;
  return `this lab listens on ${host}, beyond loopback, so it runs no code workloads (they run with the permissions of the user who started it): start it with --allow-code to allow them`;
}

export function createServeCommand(options: { rendererDir?: string } = {}): CliCommand {
  return {
    onSignal: (signal) => `${signal}: stopping`,
    summary: 'Start the lab headless and serve its UI to a browser (browser mode)',
    usage: USAGE,
    async run(args, ctx) {
      let parsed: ServeArgs;
      try {
        parsed = parseServeArgs(args);
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        ctx.stderr.write(`${err.message}\nusage: concurrency-lab ${USAGE}\n`);
        return 2;
      }
      const staticDir = options.rendererDir ?? rendererDir();
      if (!existsSync(join(staticDir, 'index.html'))) {
        ctx.stderr.write(`The UI is not built (no ${join(staticDir, 'index.html')}): run \`npm run build\` first.\n`);
        return 2;
      }
      let store: LabStore;
      try {
        store = LabStore.open(resolveDbPath({ flag: parsed.db, env: ctx.env }));
      } catch (err) {
        ctx.stderr.write(`${errorMessage(err)}\n`);
        return err instanceof StoreError && err.code === 'invalid-input' ? 2 : 1;
      }
      const health = store.health();
      if (!health.writable) {
        ctx.stderr.write(`note: ${store.path} is open for reading only (${health.readOnly}): runs can be browsed and exported, not started or changed.\n`);
      }
      const codeRefused = codeRefusal(parsed.host, parsed.allowCode ?? false);
      const service = createLabService({ store, ...(codeRefused ? { codeRefused } : {}) });
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        server = await startServer({ service, host: parsed.host, port: parsed.port, token: parsed.token, staticDir });
      } catch (err) {
        await service.close();
        store.close();
        ctx.stderr.write(`cannot listen on ${parsed.host ?? '127.0.0.1'}:${parsed.port}: ${errorMessage(err)}\n`);
        return 1;
      }
      // The e2e tests and scripts/start.mjs parse this line: keep its shape.
      ctx.stdout.write(`Concurrency Lab at ${server.url}\n`);
      if (parsed.host !== undefined && !isLoopbackHost(parsed.host)) {
        ctx.stderr.write(`warning: listening on ${parsed.host}, not only this machine: anyone who can reach it and has the token can run experiments here.\n`);
        ctx.stderr.write(
          codeRefused
            ? 'note: code workloads (your own functions) are refused on this address; --allow-code allows them.\n'
            : 'warning: --allow-code: anyone with the token can run their own code here, with your permissions.\n',
        );
      }
      if (parsed.open) openInBrowser(server.url, ctx);

      await untilAborted(ctx.signal);
      // "cancelling" only where there is something to cancel.
      const running = await service.getActiveRun();
      ctx.stderr.write(running.ok && running.value ? 'cancelling the run in progress…\n' : '');
      await server.close();
      await service.close();
      store.close();
      return 0;
    },
  };
}

export const serveCommands: CommandTable = { serve: createServeCommand() };

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function openInBrowser(url: string, ctx: CliContext): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => ctx.stderr.write(`could not open a browser (${command}): open ${url} yourself\n`));
  child.unref();
}
