// Files that start with a UTF-8 byte-order mark (as some Windows editors save them) are
// read as the JSON they hold: a spec to run, an export to import.
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { LabStore } from '../../../src-main/store/index.ts';
import { makeRun, recordRun, tempDir } from '../store/fixtures/make-run.ts';
import { runCli } from './cli-helpers.ts';

const BOM = '\uFEFF';
const tmp = tempDir();
afterAll(() => tmp.remove());

describe('a file that starts with a byte-order mark', () => {
  it('a spec file runs', async () => {
    const spec = tmp.file('bom-spec.json');
    writeFileSync(spec, BOM + JSON.stringify({ workload: { kind: 'sleep', ms: 1 }, tasks: 2, models: ['async'], concurrency: [1], repetitions: 1, warmup: 0 }), 'utf8');
    const { code, stdout, stderr } = await runCli(['run', spec, '--no-save']);
    expect(stderr).not.toMatch(/invalid JSON/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Completed in/);
  });

  it('an export imports', async () => {
    const source = LabStore.open(tmp.file('source.db'));
    const run = makeRun({ seed: 1 });
    recordRun(source, run);
    const file = tmp.file('bom-export.json');
    writeFileSync(file, BOM + source.exportRuns([run.runId], 'json').content, 'utf8');
    source.close();
    const { code, stdout } = await runCli(['import', file, '--db', tmp.file('target.db')]);
    expect(code).toBe(0);
    expect(stdout).toContain(`+ ${run.runId}`);
  });
});
