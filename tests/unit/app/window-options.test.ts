// The main window is built with Electron's security checklist settings.
import { describe, expect, it } from 'vitest';
import { buildWindowOptions } from '../../../src-main/app/window-options.ts';

describe('window options', () => {
  const options = buildWindowOptions({ preload: '/app/out/preload/index.cjs', dev: false });
  const web = options.webPreferences!;

  it('isolates the page: context isolation, sandbox, no Node, web security on', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
  });

  it('turns off middle-click (auxclick) navigation', () => {
    expect(web.disableBlinkFeatures?.split(',')).toContain('Auxclick');
  });

  it('loads the bundled preload', () => {
    expect(web.preload).toBe('/app/out/preload/index.cjs');
  });

  it('has devtools only in development', () => {
    expect(web.devTools).toBe(false);
    expect(buildWindowOptions({ preload: '/p.cjs', dev: true }).webPreferences!.devTools).toBe(true);
  });

  it('keeps the security settings in development too', () => {
    const devWeb = buildWindowOptions({ preload: '/p.cjs', dev: true }).webPreferences!;
    expect([devWeb.contextIsolation, devWeb.sandbox, devWeb.nodeIntegration, devWeb.webSecurity]).toEqual([true, true, false, true]);
  });
});
