export { startServer, type RunningServer, type ServerOptions } from './start-server.ts';
export { rendererDir } from './renderer-dir.ts';
export { CONTENT_SECURITY_POLICY } from './csp.ts';
