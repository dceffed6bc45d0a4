import { describe, expect, it } from 'vitest';
import os from 'node:os';
import { NODE_MODELS, PYTHON_MODELS } from '../../../src-shared/models.ts';
import { fingerprintOf, getMachineInfo, listModels } from '../../../src-main/engine/machine.ts';
import { detectPython } from '../../../src-main/engine/python/index.ts';

describe('machine info', () => {
  it('describes this machine', async () => {
    const m = await getMachineInfo({ electron: '45.0.0' });
    expect(m.logicalCores).toBe(os.availableParallelism());
    expect(m.memoryBytes).toBe(os.totalmem());
    expect(m.cpuModel.length).toBeGreaterThan(0);
    expect(m.platform).toBe(process.platform);
    expect(m.arch).toBe(process.arch);
    expect(m.kernel).toBe(os.release());
    expect(m.node).toBe(process.versions.node);
    expect(m.hostname).toBe(os.hostname());
    expect(m.electron).toBe('45.0.0');
    expect(m.os.length).toBeGreaterThan(0);
    expect(m.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('includes Python when detectPython answers', async () => {
    const [m, detected] = await Promise.all([getMachineInfo(), detectPython()]);
    if (detected.ok) expect(m.python?.version).toBe(detected.info.version);
    else expect(m.python).toBeUndefined();
  });

  it('keeps the fingerprint stable on the same machine and ignores the host name', async () => {
    const a = await getMachineInfo();
    const b = await getMachineInfo();
    expect(b.fingerprint).toBe(a.fingerprint);
    const { fingerprint: _, ...fields } = a;
    expect(fingerprintOf({ ...fields, hostname: 'renamed' })).toBe(a.fingerprint);
    // A few MiB of memory more or less is the same machine; another core count is not.
    expect(fingerprintOf({ ...fields, memoryBytes: fields.memoryBytes + 3 * 1024 ** 2 })).toBe(a.fingerprint);
    expect(fingerprintOf({ ...fields, logicalCores: fields.logicalCores + 1 })).not.toBe(a.fingerprint);
    expect(fingerprintOf({ ...fields, node: '0.0.1' })).not.toBe(a.fingerprint);
  });
});

describe('listModels', () => {
  it('always offers the Node models, and Python models as detectPython says', async () => {
    const [models, detected] = await Promise.all([listModels(), detectPython()]);
    expect(models.map((m) => m.model)).toEqual([...NODE_MODELS, ...PYTHON_MODELS]);
    for (const m of models.filter((x) => NODE_MODELS.includes(x.model as never))) expect(m.available).toBe(true);
    for (const m of models.filter((x) => PYTHON_MODELS.includes(x.model as never))) expect(m.available).toBe(detected.ok);
  });

  it('marks Python models unavailable with the reason when the interpreter is missing', async () => {
    const models = await listModels({ python: { executable: '/nonexistent/python3' } });
    const py = models.filter((m) => m.model.startsWith('py-'));
    expect(py).toHaveLength(PYTHON_MODELS.length);
    for (const m of py) {
      expect(m.available).toBe(false);
      expect(m.reason?.length).toBeGreaterThan(0);
    }
  });
});
