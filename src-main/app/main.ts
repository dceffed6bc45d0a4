// The Electron main process: the orchestrator. It owns the window, the IPC transport and the
// service (engine + store); task code runs only in worker threads and utility processes.
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, utilityProcess } from 'electron';
import { PROGRESS_CHANNEL } from '../../src-shared/contract.ts';
import { rendererDir } from '../renderer-files/index.ts';
import { createLabService, createProgressBatcher, type History, type LabService } from '../service/index.ts';
import { APP_ORIGIN, registerAppScheme, serveAppScheme } from './app-protocol.ts';
import { exportWithDialog, importWithDialog } from './history-dialogs.ts';
import { frameOrigin, registerLabHandlers } from './ipc.ts';
import { aboutText, menuTemplate } from './menu.ts';
import { openHistoryOrAsk } from './open-history.ts';
import { createUtilityProcessLauncher } from './utility-process-launcher.ts';
import { denyNavigation, hardenSession } from './web-security.ts';
import { buildWindowOptions } from './window-options.ts';

// electron-vite sets the dev server's URL in development only; a packaged app never loads it.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const dev = devServerUrl !== undefined;
const trustedOrigins = [APP_ORIGIN, ...(devServerUrl ? [frameOrigin(devServerUrl) ?? ''] : [])].filter(Boolean);
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // A second launch hands over to the first (focused below) instead of opening a second database.
  app.quit();
} else {
  startApp();
}

function startApp(): void {
  let window: BrowserWindow | undefined;
  let service: LabService | undefined;
  let store: History | undefined;
  let shutDown = false;

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('child-process-gone', (_event, details) => {
    // The engine sees its own children end through the launcher; this logs what it cannot see.
    if (details.type === 'Utility' && details.reason !== 'clean-exit') {
      console.warn(`utility process ${details.name ?? details.serviceName ?? ''} gone: ${details.reason} (exit code ${details.exitCode})`);
    }
  });

  function createWindow(): void {
    const win = new BrowserWindow(buildWindowOptions({ preload: preloadPath, dev }));
    window = win;
    win.once('ready-to-show', () => win.show());
    let closeConfirmed = false;
    win.on('close', (event) => {
      if (closeConfirmed || !service) return;
      // Whether a run is going is an async question; hold the close until it is answered.
      event.preventDefault();
      void confirmClose(win, service).then((close) => {
        if (!close) return;
        closeConfirmed = true;
        win.close();
      });
    });
    win.on('closed', () => {
      if (window === win) window = undefined;
    });
    void win.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  }

  app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    denyNavigation(trustedOrigins);
    serveAppScheme(rendererDir());

    store = await openHistoryOrAsk();
    if (!store) {
      app.quit();
      return;
    }
    const lab = createLabService({
      store,
      launcher: createUtilityProcessLauncher((modulePath, args, options) => utilityProcess.fork(modulePath, args, options)),
      electronVersion: process.versions.electron,
    });
    service = lab;
    // As in `serve`: the window's first getMachine would otherwise wait for the Python probe.
    void lab.getMachine();
    registerLabHandlers(ipcMain, lab, {
      origins: trustedOrigins,
      isKnownWindow: (id) => window?.webContents.id === id,
    });
    const batcher = createProgressBatcher((events) => {
      if (window && !window.isDestroyed()) window.webContents.send(PROGRESS_CHANNEL, events);
    });
    lab.onProgress((events) => {
      for (const e of events) batcher.push(e);
    });

    const withWindow = (action: (win: BrowserWindow) => Promise<void>) => () => {
      if (window) void action(window);
    };
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(
          {
            importRuns: withWindow((win) => importWithDialog(win, lab)),
            exportRuns: withWindow((win) => exportWithDialog(win, lab)),
            about: () =>
              void dialog.showMessageBox({
                title: 'About Concurrency Lab',
                message: 'Concurrency Lab',
                detail: aboutText(
                  { app: app.getVersion(), electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node, v8: process.versions.v8 },
                  `${process.platform} ${process.arch}`,
                ),
              }),
          },
          { dev, platform: process.platform },
        ),
      ),
    );
    createWindow();
    app.on('activate', () => {
      if (!window) createWindow();
    });
  }).catch((err: unknown) => {
    dialog.showErrorBox('Concurrency Lab could not start', err instanceof Error ? (err.stack ?? err.message) : String(err));
    app.exit(1);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', (event) => {
    if (shutDown) return;
    // Cancel a run still going (children end, finished trials are kept), then close the database.
    event.preventDefault();
    shutDown = true;
    void (async () => {
      try {
        await service?.close();
      } finally {
        store?.close();
        app.quit();
      }
    })();
  });
}

/** Closing during a run asks first; yes cancels it cleanly before the window goes. */
async function confirmClose(win: BrowserWindow, service: LabService): Promise<boolean> {
  const active = await service.getActiveRun();
  if (!active.ok || !active.value) return true;
  const { response } = await dialog.showMessageBox(win, {
    type: 'warning',
    message: 'A run is in progress',
    detail: `“${active.value.name || active.value.runId}” has not finished. Closing cancels it; the trials finished so far stay in the history.`,
    buttons: ['Cancel the run and close', 'Keep running'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
  if (response !== 0) return false;
  await service.cancelActiveRun();
  return true;
}
