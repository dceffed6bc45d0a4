// Browser mode takes imports as large as the lab exports: the loopback client sends the
// export file itself (not one escaped string in a JSON list), read as it streams in,
// past the 16 MiB cap on other calls. An import over its own limit is refused with 413.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { RAW_IMPORT_CONTENT_TYPE } from '../../../src-shared/contract.ts';
import { DEFAULT_BODY_LIMIT } from '../../../src-main/server/api-route.ts';
import { startServer } from '../../../src-main/server/index.ts';
import { LabStore } from '../../../src-main/store/index.ts';
import { createLoopbackClient } from '../../../src-renderer/backend/loopback-client.ts';
import { makeRun, makeSpans, makeSpec, recordRun, seeded, tempDir } from '../store/fixtures/make-run.ts';
import { serveLab } from './server-fixture.ts';

const served = serveLab();

/** A real export of one run with 15 trials of 20,000 spans: well over 16 MiB of JSON. */
function bigExport(): { content: string; runId: string } {
  const tmp = tempDir();
  const store = LabStore.open(tmp.file('source.db'));
  const run = makeRun({ seed: 7, runId: 'big00000-0000-4000-8000-000000000000', experiment: makeSpec({ tasks: 20_000 }) });
  const rand = seeded(70);
  for (const t of run.trials) t.spans = makeSpans(20_000, t.concurrency, rand, t.model);
  recordRun(store, run);
  const content = store.exportRuns([run.runId], 'json').content;
  store.close();
  tmp.remove();
  return { content, runId: run.runId };
}

describe('importing in browser mode', () => {
  it('takes an export over 16 MiB, sent as the file itself', async () => {
    const { content, runId } = bigExport();
    expect(Buffer.byteLength(content)).toBeGreaterThan(DEFAULT_BODY_LIMIT);
    const client = createLoopbackClient(served.server.origin, served.server.token);
    const result = await client.importRuns(content);
    expect(result, JSON.stringify(result).slice(0, 300)).toEqual({ ok: true, value: { imported: [runId], skipped: [] } });
    const back = await client.getRun(runId);
    expect(back.ok && back.value.trials.every((t) => t.spanCount === 20_000)).toBe(true);
  }, 120_000);

  it('refuses an import over its own limit with 413, naming the limit', async () => {
    const small = await startServer({ service: served.lab.service, importLimit: 1024 * 1024 });
    try {
      const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: small.port,
            path: '/api/importRuns',
            method: 'POST',
            headers: { Authorization: `Bearer ${small.token}`, 'Content-Type': RAW_IMPORT_CONTENT_TYPE, 'Transfer-Encoding': 'chunked' },
          },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        for (let i = 0; i < 20; i++) req.write('z'.repeat(100 * 1024));
        req.end();
      });
      expect(status.status).toBe(413);
      expect(JSON.parse(status.body)).toMatchObject({ ok: false, message: `request body too large: the limit is ${1024 * 1024} bytes` });
    } finally {
      await small.close();
    }
  });
});
