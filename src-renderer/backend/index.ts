// The renderer's one way to the backend: `window.lab` when the Electron preload gave it,
// otherwise the loopback client of browser mode. Stores call getBackend(); tests set a fake.
import type { LabApi } from '../../src-shared/contract.ts';
import { createLoopbackClient } from './loopback-client.ts';

declare global {
  interface Window {
    lab?: LabApi;
  }
}

let backend: LabApi | undefined;

export function getBackend(): LabApi {
  backend ??= window.lab ?? createLoopbackClient(window.location.origin, browserToken());
  return backend;
}

/** For tests: a fake client in place of the real one. */
export function setBackend(client: LabApi | undefined): void {
  backend = client;
}

/** Browser mode's token comes in the URL the server printed; kept for reloads of this tab. */
function browserToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem('lab-token', fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem('lab-token') ?? '';
}
