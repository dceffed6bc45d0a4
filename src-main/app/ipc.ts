// The contract over Electron IPC. Every handler goes through one wrapper that refuses any
// sender frame that is not the app's own page (another origin, a navigated-away frame, an
// unknown window). Pure over an ipcMain-like registrar, so it is tested without Electron.
import { IPC_PREFIX, LAB_METHODS, type ApiError, type LabApi } from '../../src-shared/contract.ts';
import { dispatchCall } from '../service/index.ts';

/** The parts of Electron's IpcMainInvokeEvent the check reads. */
export interface InvokeEventLike {
  senderFrame: { url: string } | null;
  sender: { id: number };
}

export type InvokeHandler = (event: InvokeEventLike, ...args: unknown[]) => unknown;

/** The part of ipcMain used here; Electron's ipcMain fits it. */
export interface IpcRegistrar {
  handle(channel: string, listener: InvokeHandler): void;
  removeHandler(channel: string): void;
}

export interface SenderTrust {
  /** Origins of the app's own pages: `app://lab`, plus the dev server's in development. */
  origins: readonly string[];
  /** The app's windows; a sender outside them is refused whatever its URL. */
  isKnownWindow?: (webContentsId: number) => boolean;
}

/** scheme://host of a URL; Node's URL.origin is "null" for custom schemes like app://. */
export function frameOrigin(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : undefined;
  } catch {
    return undefined;
  }
}

export function isTrustedSender(event: InvokeEventLike, trust: SenderTrust): boolean {
  // senderFrame is null once the frame has navigated away or been destroyed.
  const url = event.senderFrame?.url;
  if (!url) return false;
  const origin = frameOrigin(url);
  if (!origin || !trust.origins.includes(origin)) return false;
  return trust.isKnownWindow ? trust.isKnownWindow(event.sender.id) : true;
}

export function refused(): ApiError {
  return { ok: false, code: 'unavailable', message: "refused: the call did not come from the lab's own window" };
}

/** The one way a handler is registered: the sender is checked before the handler runs. */
export function handleTrusted(ipc: IpcRegistrar, channel: string, trust: SenderTrust, handler: (...args: unknown[]) => unknown): void {
  const guarded: InvokeHandler = (event, ...args) => (isTrustedSender(event, trust) ? handler(...args) : refused());
  ipc.handle(channel, guarded);
}

/** Registers `lab:<method>` for every contract method; returns a function that removes them. */
export function registerLabHandlers(ipc: IpcRegistrar, api: LabApi, trust: SenderTrust): () => void {
  for (const method of LAB_METHODS) {
    handleTrusted(ipc, IPC_PREFIX + method, trust, (...args) => dispatchCall(api, method, args));
  }
  return () => {
    for (const method of LAB_METHODS) ipc.removeHandler(IPC_PREFIX + method);
  };
}
