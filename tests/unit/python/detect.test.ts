// Interpreter detection: what the real python3 is, and for a missing, too old or
// not-Python executable, a reason that says what is wrong and how to fix it.
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPython, findInterpreters } from '../../../src-main/engine/python/index.ts';
import { fixture } from './helpers.ts';

describe('detectPython', () => {
  it('describes python3 on PATH', async () => {
    const detected = await detectPython();
    if (!detected.ok) throw new Error(detected.reason);
    expect(detected.info.version).toMatch(/^3\.\d+\.\d+$/);
    expect(detected.info.implementation).toBe('CPython');
    expect(detected.info.executable).toMatch(/python/);
    expect(typeof detected.info.freeThreaded).toBe('boolean');
    // sys._is_gil_enabled() exists from 3.13; before that the answer is unknown.
    const minor = Number(detected.info.version.split('.')[1]);
    if (minor < 13) expect(detected.info.gilEnabled).toBeNull();
    else expect(typeof detected.info.gilEnabled).toBe('boolean');
  });

  it('caches per executable', () => {
    expect(detectPython('python3')).toBe(detectPython('python3'));
  });

  it('says a bare name is not on PATH, and how to fix it', async () => {
    expect(await detectPython('python3-no-such-interpreter')).toEqual({
      ok: false,
      reason: 'python3-no-such-interpreter not found on PATH: install Python 3.9+ or set the interpreter path',
    });
  });

  it('says a path does not exist', async () => {
    const detected = await detectPython('/nonexistent/bin/python3');
    expect(detected.ok).toBe(false);
    if (!detected.ok) expect(detected.reason).toMatch(/^\/nonexistent\/bin\/python3 not found: install Python 3\.9\+/);
  });

  it('says an interpreter is too old', async () => {
    const detected = await detectPython(fixture('old-python'));
    expect(detected.ok).toBe(false);
    if (!detected.ok) expect(detected.reason).toMatch(/^Python 3\.8 is too old: 3\.9\+ needed \(.*old-python\); install Python 3\.9\+/);
  });

  it('says a program is not a Python interpreter', async () => {
    const detected = await detectPython(fixture('not-python'));
    expect(detected.ok).toBe(false);
    if (!detected.ok) expect(detected.reason).toMatch(/not-python did not answer like a Python interpreter \(usage: not-python \[--help\]\)/);
  });

  it('says a file that is not executable cannot run', async () => {
    const detected = await detectPython(fixture('../helpers.ts'));
    expect(detected.ok).toBe(false);
    if (!detected.ok) expect(detected.reason).toMatch(/helpers\.ts is not executable/);
  });

  // pyenv's versions, where this machine has them: the oldest real interpreters the lab meets.
  const pyenv = (version: string, exe = 'python3') => join(homedir(), '.pyenv', 'versions', version, 'bin', exe);
  it.skipIf(!existsSync(pyenv('2.7.18', 'python')))('names a real Python 2 as too old', async () => {
    const detected = await detectPython(pyenv('2.7.18', 'python'));
    expect(detected).toMatchObject({ ok: false, reason: expect.stringMatching(/^Python 2\.7 is too old/) });
  });
  it.skipIf(!existsSync(pyenv('3.13.0')))('reads whether the GIL is on from Python 3.13', async () => {
    const detected = await detectPython(pyenv('3.13.0'));
    expect(detected).toMatchObject({ ok: true, info: { version: '3.13.0' } });
    if (detected.ok) expect(detected.info.gilEnabled).toBe(!detected.info.freeThreaded);
  });
});

describe('findInterpreters', () => {
  it('offers python3 first, each interpreter once', async () => {
    const found = await findInterpreters();
    const python3 = await detectPython('python3');
    expect(found.length).toBeGreaterThanOrEqual(1);
    if (python3.ok) expect(found[0]).toEqual(python3.info);
    expect(new Set(found.map((f) => f.executable)).size).toBe(found.length);
  });

  it('offers a configured interpreter first, and a pythonX.Yt found on PATH after python3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-interpreters-'));
    const freeThreaded = join(dir, 'python3.99t');
    symlinkSync(fixture('fake-python'), freeThreaded);
    const path = process.env.PATH;
    process.env.PATH = `${path}${delimiter}${dir}`;
    try {
      const python3 = await detectPython('python3');
      if (!python3.ok) throw new Error(python3.reason);
      const found = await findInterpreters(fixture('fake-python'));
      expect(found.map((f) => f.executable)).toEqual([fixture('fake-python'), python3.info.executable, freeThreaded]);
      expect(await findInterpreters(fixture('not-python'))).toEqual((await findInterpreters()));
    } finally {
      process.env.PATH = path;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
