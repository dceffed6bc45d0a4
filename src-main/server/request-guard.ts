// Who may talk to browser mode's API: the page that got the token from the printed URL,
// on the host the server is bound to. The token stops other local users and web pages;
// the Host check stops a DNS-rebinding page from using the loopback port as its own origin.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The token of a request: bearer header, x-lab-token header, or (event stream only) ?token=. */
export function requestToken(req: IncomingMessage, url: URL, allowQuery: boolean): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  const header = req.headers['x-lab-token'];
  if (typeof header === 'string') return header;
  if (allowQuery) return url.searchParams.get('token') ?? undefined;
  return undefined;
}

export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // timingSafeEqual needs equal lengths; comparing b with itself keeps the time the same.
  return a.length === b.length ? timingSafeEqual(a, b) : (timingSafeEqual(b, b), false);
}

/**
 * Host header names this server as a loopback name and port. Only enforced when the
 * server is bound to loopback: bound elsewhere on purpose, any name may reach it.
 */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  if (!host) return false;
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  return allowed.includes(host.toLowerCase());
}

/** A browser names the page's origin; a cross-origin page must not call the API even with a leaked token. */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === `http://${req.headers.host}`;
}
