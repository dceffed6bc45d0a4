// The CLI's verdicts for a py-threading run read this machine's interpreters from the real
// service, so the GIL-bound step can say whether a free-threaded one is here.
import { describe, expect, it } from 'vitest';
import { explainContext } from '../../../src-main/cli/lab-session.ts';
import { createLabService } from '../../../src-main/service/index.ts';

describe('explainContext', () => {
  it('lists the interpreters for a run with py-threading, and looks nothing up without it', async () => {
    const lab = createLabService({});
    try {
      const withThreads = await explainContext(lab, ['py-sequential', 'py-threading']);
      const found = await lab.listInterpreters();
      expect(found.ok).toBe(true);
      expect(withThreads.interpreters).toEqual(found.ok ? found.value : undefined);
      expect(withThreads.interpreters!.length).toBeGreaterThan(0);
      expect(await explainContext(lab, ['sequential', 'threads', 'py-multiprocessing'])).toEqual({});
    } finally {
      await lab.close();
    }
  });
});
