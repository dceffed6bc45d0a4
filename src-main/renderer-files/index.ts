// The built renderer as both transports serve it: where its files lie, how a request maps to
// a file (one root, index.html for app routes, content types, caching), and the one
// Content-Security-Policy. The Electron shell (app://) and the browser-mode server (HTTP)
// both import this; neither imports the other.
export { rendererDir } from './renderer-dir.ts';
export { CONTENT_SECURITY_POLICY } from './csp.ts';
export { cacheControl, contentType, findFile, resolveInside, SECURITY_HEADERS, serveStatic } from './static-files.ts';
