// The Node.js version the lab needs, checked before anything else runs: `npm start`
// (scripts/start.mjs), `npm run lab` (bin/concurrency-lab.js) and `npm test`
// (scripts/test.sh runs this file). Plain JavaScript any old Node parses, so that an old
// Node gets this advice instead of a crash further on (better-sqlite3, TypeScript sources).
// Run as a script, it exits 2 with the advice when the Node running it is too old.
import { fileURLToPath } from 'node:url';

export const NODE_REQUIRED = '22.12';

export const GET_NODE_24 =
  'Get Node 24 with `nvm install 24` (the repository has an .nvmrc), or without nvm: ' +
  '`npm install --prefix ~/.node24 node@24` and put ~/.node24/node_modules/.bin first on PATH.';

/**
 * Why this Node cannot run the lab, with the way out; undefined when it can.
 * `versions` is process.versions, injectable so the rule is tested on any Node.
 */
export function nodeVersionProblem(versions = process.versions) {
  const [major, minor] = String(versions.node).split('.').map(Number);
  const [needMajor, needMinor] = NODE_REQUIRED.split('.').map(Number);
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return `Concurrency Lab needs Node.js ${NODE_REQUIRED} or newer; this is Node.js v${versions.node}.\n${GET_NODE_24}`;
}

/** Stops the process at once, with the advice, on a Node that is too old. */
export function exitIfNodeTooOld() {
  const problem = nodeVersionProblem();
  if (problem) {
    console.error(problem);
    process.exit(2);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) exitIfNodeTooOld();
