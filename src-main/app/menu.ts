// The native menu, as a template built without Electron (so a test can read it):
// File (Import…, Export…, Quit), View (reload and devtools in development only), Help (About).
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  importRuns(): void;
  exportRuns(): void;
  about(): void;
}

export function menuTemplate(actions: MenuActions, options: { dev: boolean; platform: NodeJS.Platform }): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const view: MenuItemConstructorOptions[] = options.dev
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  view.push({ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' });
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Import…', accelerator: 'CmdOrCtrl+O', click: () => actions.importRuns() },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportRuns() },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'About Concurrency Lab', click: () => actions.about() }] },
  ];
  // macOS keeps Quit in the application menu, named after the app.
  if (mac) template.unshift({ role: 'appMenu' });
  return template;
}

/** The About box's text: every version that decides what a measurement means. */
export function aboutText(versions: { app: string; electron?: string; chrome?: string; node: string; v8?: string }, platform: string): string {
  return [
    `Concurrency Lab ${versions.app}`,
    versions.electron ? `Electron ${versions.electron}` : undefined,
    versions.chrome ? `Chromium ${versions.chrome}` : undefined,
    `Node.js ${versions.node}`,
    versions.v8 ? `V8 ${versions.v8}` : undefined,
    `Platform ${platform}`,
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}
