// The app's pages come from app://lab/, a privileged custom scheme over the built renderer,
// never from a remote origin or file:// (which would give the page every file's origin).
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { cacheControl, contentType, findFile, SECURITY_HEADERS } from '../renderer-files/index.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'lab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // standard + secure: a real origin for the page (storage, fetch, CSP 'self') like https.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export function serveAppScheme(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return new Response('not found', { status: 404 });
    const file = await findFile(rendererRoot, url.pathname);
    if (!file) return new Response('not found', { status: 404, headers: SECURITY_HEADERS });
    return new Response(await readFile(file), {
      headers: { 'Content-Type': contentType(file), 'Cache-Control': cacheControl(rendererRoot, file), ...SECURITY_HEADERS },
    });
  });
}
