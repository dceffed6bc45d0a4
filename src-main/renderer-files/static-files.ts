// The built renderer over HTTP: files under one root only, index.html for app routes, and the
// same Content-Security-Policy the Electron window has.
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  // The page's URL carries the token: never send it on as a referrer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * The file a URL path names inside root, or undefined for anything that would leave it
 * (`..`, encoded separators, NUL) or names a hidden file.
 */
export function resolveInside(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return undefined;
  const base = resolve(root);
  const file = resolve(base, ...segments);
  return file === base || file.startsWith(base + sep) ? file : undefined;
}

/**
 * The file to answer a path with: the file itself, index.html for an app route (no
 * extension: /history, /runs/abc belong to the single-page app), else undefined.
 * Shared with the Electron shell's app:// protocol.
 */
export async function findFile(root: string, pathname: string): Promise<string | undefined> {
  const target = resolveInside(root, pathname);
  if (!target) return undefined;
  if (await isFile(target)) return target;
  if (target !== resolve(root) && extname(target) !== '') return undefined;
  const index = join(resolve(root), 'index.html');
  return (await isFile(index)) ? index : undefined;
}

export function contentType(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Vite names assets by content hash; everything else (index.html) must be revalidated to pick up a new build. */
export function cacheControl(root: string, file: string): string {
  return /^[\\/]assets[\\/]/.test(file.slice(resolve(root).length)) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
    return;
  }
  const file = await findFile(root, pathname);
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('not found\n');
    return;
  }
  const body = await readFile(file);
  res.writeHead(200, {
    'Content-Type': contentType(file),
    'Content-Length': body.length,
    'Cache-Control': cacheControl(root, file),
    ...SECURITY_HEADERS,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
