// Electron's security checklist, applied to the session and to every web contents the app
// ever creates: no permissions, no navigation away, no new windows, no webviews, a CSP header.
import { app, shell, type Session } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../renderer-files/index.ts';
import { frameOrigin } from './ipc.ts';

export function hardenSession(session: Session): void {
  // Camera, notifications, geolocation…: a measurement lab needs none of them.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  // The page's own meta tag says the same; the header also covers the dev server's responses.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

export function denyNavigation(trustedOrigins: readonly string[]): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      // Reloads stay on the app's origin; a link to the web opens in the user's browser instead.
      const origin = frameOrigin(url);
      if (origin && trustedOrigins.includes(origin)) return;
      event.preventDefault();
      openExternally(url);
    });
    contents.on('will-redirect', (event, url) => {
      const origin = frameOrigin(url);
      if (!origin || !trustedOrigins.includes(origin)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      openExternally(url);
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

function openExternally(url: string): void {
  // Only plain web links leave the app, and only to the system browser.
  if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
}
