import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshPathBeside, resolveDbPath } from '../../../src-main/store/index.ts';

describe('where the database lives', () => {
  const env = { HOME: '/home/ada', XDG_DATA_HOME: '/data/ada', CONCURRENCY_LAB_DB: '/env/lab.db' };

  it('takes --db first, then $CONCURRENCY_LAB_DB, then the app folder, then XDG', () => {
    expect(resolveDbPath({ flag: '/flag/x.db', env, userDataDir: '/app' })).toBe('/flag/x.db');
    expect(resolveDbPath({ env, userDataDir: '/app' })).toBe('/env/lab.db');
    expect(resolveDbPath({ env: { ...env, CONCURRENCY_LAB_DB: '' }, userDataDir: '/app/Concurrency Lab' })).toBe('/app/Concurrency Lab/lab.db');
    expect(resolveDbPath({ env: { HOME: '/home/ada', XDG_DATA_HOME: '/data/ada' } })).toBe('/data/ada/concurrency-lab/lab.db');
  });

  it('falls back to ~/.local/share, ignoring a relative XDG_DATA_HOME as the XDG spec says', () => {
    expect(resolveDbPath({ env: { HOME: '/home/ada' } })).toBe('/home/ada/.local/share/concurrency-lab/lab.db');
    expect(resolveDbPath({ env: { HOME: '/home/ada', XDG_DATA_HOME: 'rel/data' } })).toBe('/home/ada/.local/share/concurrency-lab/lab.db');
    expect(resolveDbPath({ env: {} })).toBe(join(homedir(), '.local/share/concurrency-lab/lab.db'));
  });

  it('makes a relative --db absolute against the working folder', () => {
    expect(resolveDbPath({ flag: 'runs.db', env })).toBe(resolve('runs.db'));
  });

  it('puts a fresh database beside the old one, stamped to the second', () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    expect(freshPathBeside('/d/lab.db', at)).toBe('/d/lab-2026-01-02T03-04-05.db');
    expect(freshPathBeside('/d/history', at)).toBe('/d/history-2026-01-02T03-04-05.db');
  });
});
