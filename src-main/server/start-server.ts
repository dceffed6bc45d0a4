// Browser mode: the lab's contract over loopback HTTP, plus the built renderer, for a headless
// lab on a server and for end-to-end tests in a real browser. Loopback only unless told
// otherwise, and every API request needs the token printed with the URL.
import { errorMessage } from '../../src-shared/errors.ts';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LabApi } from '../../src-shared/contract.ts';
import { DEFAULT_BODY_LIMIT, DEFAULT_IMPORT_LIMIT, handleApiCall, sendJson } from './api-route.ts';
import { createEventStreamHub } from './event-stream.ts';
import { hostAllowed, isLoopbackHost, originAllowed, requestToken, tokenMatches } from './request-guard.ts';
import { serveStatic } from '../renderer-files/index.ts';

export interface ServerOptions {
  /** The contract's implementation (the LabService); the server never closes it. */
  service: LabApi;
  /** 127.0.0.1 unless given: anything else exposes the lab beyond this machine. */
  host?: string;
  /** 0 (the default) lets the OS pick a free port. */
  port?: number;
  /** Random unless given. */
  token?: string;
  /** The built renderer (out/renderer); without it only the API is served. */
  staticDir?: string;
  bodyLimit?: number;
  /** Bytes of an import sent as the file itself; default DEFAULT_IMPORT_LIMIT. */
  importLimit?: number;
  /** Time a client has to send a request's headers (tests shorten it). */
  headersTimeoutMs?: number;
  /** Time a client has to send a whole request, body included (tests shorten it). */
  requestTimeoutMs?: number;
}

/**
 * A request's headers must arrive within 10 s and the whole request within 60 s; past that
 * the server answers 408 and closes the connection. Node's defaults (60 s and 300 s) let a
 * client that trickles a body hold a connection and its buffers for five minutes. The
 * largest legitimate body, an import, crosses loopback in a second or two.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 60_000;

export interface RunningServer {
  /** http://HOST:PORT/?token=TOKEN — what a user opens. */
  url: string;
  origin: string;
  host: string;
  port: number;
  token: string;
  /** The socket's address as the OS bound it. */
  address(): AddressInfo;
  /** Event streams open now (pages listening for progress). */
  readonly eventStreams: number;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  if (token.length < 1 || /[^\x21-\x7e]/.test(token)) throw new Error('token must be printable ASCII without spaces');
  const limits = { body: options.bodyLimit ?? DEFAULT_BODY_LIMIT, import: options.importLimit ?? DEFAULT_IMPORT_LIMIT };
  const loopback = isLoopbackHost(host);
  const hub = createEventStreamHub(options.service);
  let port = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (loopback && !hostAllowed(req, port)) {
      sendJson(res, 403, { ok: false, code: 'unavailable', message: 'this server answers only to 127.0.0.1 / localhost' });
      return;
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      const isEvents = url.pathname === '/api/events';
      if (!tokenMatches(requestToken(req, url, isEvents), token)) {
        sendJson(res, 401, {
          ok: false,
          code: 'unavailable',
          message: 'missing or wrong token: open the URL that `concurrency-lab serve` printed',
        }, { 'WWW-Authenticate': 'Bearer' });
        return;
      }
      if (!originAllowed(req)) {
        sendJson(res, 403, { ok: false, code: 'unavailable', message: 'cross-origin requests are refused' });
        return;
      }
      if (isEvents) {
        if (req.method !== 'GET') {
          sendJson(res, 405, { ok: false, code: 'invalid-input', message: 'events: use GET' }, { Allow: 'GET' });
          return;
        }
        hub.attach(res);
        return;
      }
      await handleApiCall(options.service, url.pathname.slice('/api/'.length), req, res, limits);
      return;
    }
    if (!options.staticDir) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    await serveStatic(options.staticDir, req, res, url.pathname);
  }

  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS, requestTimeout);
  const server = createServer({
    headersTimeout,
    requestTimeout,
    // Node checks the two timeouts this often (30 s by default, which would stretch them).
    connectionsCheckingInterval: Math.min(1000, headersTimeout),
  }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { ok: false, code: 'internal', message: errorMessage(err) });
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const origin = `http://${urlHost}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    host,
    port,
    token,
    address: () => server.address() as AddressInfo,
    get eventStreams() {
      return hub.clients;
    },
    close() {
      closing ??= new Promise<void>((resolveClose) => {
        hub.close();
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
