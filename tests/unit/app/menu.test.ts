// The native menu: File has Import…, Export…, Quit; reload and devtools exist in development only.
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { aboutText, menuTemplate } from '../../../src-main/app/menu.ts';

const actions = { importRuns: () => {}, exportRuns: () => {}, about: () => {} };
const items = (template: MenuItemConstructorOptions[], label: string) =>
  (template.find((m) => m.label === label || m.role === label)?.submenu as MenuItemConstructorOptions[]) ?? [];
const names = (list: MenuItemConstructorOptions[]) => list.filter((i) => i.type !== 'separator').map((i) => i.label ?? i.role);

describe('menu', () => {
  it('has File: Import…, Export…, Quit', () => {
    expect(names(items(menuTemplate(actions, { dev: false, platform: 'linux' }), 'File'))).toEqual(['Import…', 'Export…', 'quit']);
  });

  it('offers reload and devtools in development only', () => {
    const prod = names(items(menuTemplate(actions, { dev: false, platform: 'linux' }), 'View'));
    const dev = names(items(menuTemplate(actions, { dev: true, platform: 'linux' }), 'View'));
    expect(prod).not.toContain('reload');
    expect(prod).not.toContain('toggleDevTools');
    expect(dev).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('runs the import and export actions from File', () => {
    const done: string[] = [];
    const file = items(
      menuTemplate({ importRuns: () => done.push('import'), exportRuns: () => done.push('export'), about: () => {} }, { dev: false, platform: 'linux' }),
      'File',
    );
    for (const item of file) (item.click as (() => void) | undefined)?.();
    expect(done).toEqual(['import', 'export']);
  });

  it('keeps Quit in the application menu on macOS', () => {
    const template = menuTemplate(actions, { dev: false, platform: 'darwin' });
    expect(template[0].role).toBe('appMenu');
    expect(names(items(template, 'File'))).toEqual(['Import…', 'Export…', 'close']);
  });

  it('names every version in About', () => {
    const text = aboutText({ app: '0.1.0', electron: '45.5.0', chrome: '142.0', node: '22.20.0', v8: '14.2' }, 'linux x64');
    expect(text.split('\n')).toEqual(['Concurrency Lab 0.1.0', 'Electron 45.5.0', 'Chromium 142.0', 'Node.js 22.20.0', 'V8 14.2', 'Platform linux x64']);
  });
});
