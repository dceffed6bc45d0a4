// `serve`: browser mode. The same service the desktop app uses, headless, with the built
// renderer on a loopback port; runs until Ctrl-C / SIGTERM, then cancels a run cleanly.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../../src-shared/errors.ts';
import { rendererDir } from '../renderer-files/index.ts';
import { isLoopbackHost } from '../server/request-guard.ts';
import { startServer } from '../server/start-server.ts';
import { createLabService, describeHistory, historyPath, openHistory } from '../service/index.ts';
import { parse } from './args.ts';
import { EXIT, exitCodeFor } from './exit-codes.ts';
import { CommandFailed, UsageError, type CliCommand, type CliContext, type CommandTable } from './types.ts';

interface ServeArgs {
  port: number;
  host?: string;
  token?: string;
  db?: string;
  open: boolean;
  /** Run code workloads even when bound beyond loopback. */
  allowCode?: boolean;
}

const USAGE = 'serve [--port N] [--host H] [--token T] [--db FILE] [--open|--no-open] [--allow-code]';

export function parseServeArgs(args: string[]): ServeArgs {
  const { values, positionals } = parse(
    args,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      db: { type: 'string' },
      open: { type: 'boolean' },
      'no-open': { type: 'boolean' },
      'allow-code': { type: 'boolean' },
    },
    USAGE,
  );
  if (positionals.length) throw new UsageError(`serve: unknown argument ${positionals[0]}`);
  const out: ServeArgs = { port: 0, open: Boolean(values.open) && !values['no-open'] };
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) {
      throw new UsageError(`--port: must be an integer from 0 to 65535 (0 picks a free one), got ${values.port}`);
    }
    out.port = port;
  }
  if (values.host !== undefined) out.host = values.host;
  if (values.token !== undefined) {
    if (!/^[\x21-\x7e]+$/.test(values.token)) throw new UsageError('--token: must be printable characters without spaces');
    out.token = values.token;
  }
  if (values.db !== undefined) out.db = values.db;
  if (values['allow-code']) out.allowCode = true;
  return out;
}

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
        ctx.stderr.write(`${err.message.split('\nusage:')[0]}\nusage: concurrency-lab ${USAGE}\n`);
        return EXIT.usage;
      }
      const staticDir = options.rendererDir ?? rendererDir();
      if (!existsSync(join(staticDir, 'index.html'))) {
        ctx.stderr.write(`The UI is not built (no ${join(staticDir, 'index.html')}): run \`npm run build\` first.\n`);
        return EXIT.usage;
      }
      const opened = openHistory(historyPath({ flag: parsed.db, env: ctx.env }));
      if (!opened.ok) {
        ctx.stderr.write(`${CommandFailed.from(opened).message}\n`);
        return exitCodeFor(opened);
      }
      const history = describeHistory(opened.value);
      if (!history.writable) {
        ctx.stderr.write(`note: ${history.path} is open for reading only (${history.readOnly}): runs can be browsed and exported, not started or changed.\n`);
      }
      const codeRefused = codeRefusal(parsed.host, parsed.allowCode ?? false);
      const service = createLabService({ store: opened.value, ownsStore: true, ...(codeRefused ? { codeRefused } : {}) });
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        server = await startServer({ service, host: parsed.host, port: parsed.port, token: parsed.token, staticDir });
      } catch (err) {
        await service.close();
        ctx.stderr.write(`cannot listen on ${parsed.host ?? '127.0.0.1'}:${parsed.port}: ${errorMessage(err)}\n`);
        return EXIT.failed;
      }
      // Every page asks for the machine as it loads, and the first answer waits for the Python
      // probe (a process start: 0.5-6.7 s on a loaded 2-core machine, with the page's own
      // requests queued behind it). Ask now, while the browser starts; later answers are cached.
      void service.getMachine();
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
      return EXIT.ok;
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
