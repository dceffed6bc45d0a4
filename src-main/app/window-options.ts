// The main window's options, built apart from Electron so a test can check every security setting.
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (out/preload/index.cjs). */
  preload: string;
  /** Development only: devtools on. */
  dev: boolean;
  /** Background painted before the page, so a dark theme does not flash white. */
  backgroundColor?: string;
}

export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'Concurrency Lab',
    show: false,
    backgroundColor: input.backgroundColor ?? '#ffffff',
    webPreferences: {
      preload: input.preload,
      // Electron's security checklist: the page gets the bridge, never Node or the preload's world.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // A middle click on a link would open a new window without a click event the page
      // can cancel; setWindowOpenHandler denies it anyway, this removes the path altogether.
      disableBlinkFeatures: 'Auxclick',
      devTools: input.dev,
    },
  };
}
