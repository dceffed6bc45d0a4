// On a Node older than 22.12, `npm start`, `npm run lab` and `npm test` stop at once with
// how to get Node 24, before building or running anything. The rule is tested with
// injected versions; the three commands with the system's own old Node where it has one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GET_NODE_24, nodeVersionProblem } from '../../../scripts/node-version.mjs';

const repo = join(import.meta.dirname, '..', '..', '..');
const OLD_NODE = '/usr/bin/node';
const oldVersion = existsSync(OLD_NODE) ? spawnSync(OLD_NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim() : '';
const haveOldNode = oldVersion !== '' && nodeVersionProblem({ node: oldVersion }) !== undefined;

describe('the Node version check', () => {
  it('accepts 22.12 and newer, refuses older with the way to Node 24', () => {
    for (const node of ['22.12.0', '22.18.1', '23.0.0', '24.21.0', '30.1.0']) expect(nodeVersionProblem({ node }), node).toBeUndefined();
    for (const node of ['22.11.0', '20.20.2', '18.0.0', '22.9.9']) {
      const problem = nodeVersionProblem({ node });
      expect(problem, node).toContain(`needs Node.js 22.12 or newer; this is Node.js v${node}.`);
      expect(problem).toContain(GET_NODE_24);
    }
    expect(GET_NODE_24).toMatch(/nvm install 24/);
    expect(GET_NODE_24).toMatch(/node@24/);
  });

  describe.skipIf(!haveOldNode)(`with the system's Node ${oldVersion || '(none older than 22.12 at /usr/bin/node)'}`, () => {
    // A PATH whose `node` is the old one: what npm's scripts run.
    const bin = mkdtempSync(join(tmpdir(), 'lab-old-node-'));
    symlinkSync(OLD_NODE, join(bin, 'node'));
    afterAll(() => rmSync(bin, { recursive: true, force: true }));
    const env = { ...process.env, PATH: `${bin}:/usr/bin:/bin` };

    it.each([
      ['npm start', 'npm', ['start']],
      ['npm run lab', 'npm', ['run', 'lab', '--', 'machine']],
      ['npm test', 'npm', ['test']],
    ])('%s stops at once with the advice', (_name, command, args) => {
      const result = spawnSync(command, args, { cwd: repo, env, encoding: 'utf8', timeout: 60_000 });
      const output = result.stdout + result.stderr;
      expect(result.status, output).toBe(2);
      expect(output).toContain(`this is Node.js v${oldVersion}.`);
      expect(output).toContain(GET_NODE_24);
      // Stopped before anything else ran: no build, no typecheck, no test output.
      expect(output).not.toMatch(/vite|typecheck|building|== /);
    });
  });
});
