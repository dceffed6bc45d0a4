// Check before run: the user's code compiled, nothing of it run in this process.
// JavaScript: `node --check` on the module, then (when it compiles) one import in a child
// process to see its exports. Python: the runner's `compile` and syntax tree. Every
// problem comes back with its line and column, for the editor and the CLI.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeFileName, type CodeCheckRequest, type CodeCheckResult, type CodeProblem } from '../../../src-shared/code-workload.ts';
import { runOnce } from '../python/run-once.ts';
import { writeCodeModule } from './code-source.ts';

const CHECK_TIMEOUT_MS = 10_000;
const INSPECT_MARK = '@@lab-inspect@@';

export interface CheckOptions {
  /** Python: the interpreter to compile with (the default one when absent). */
  executable?: string;
}

/** Node itself, also inside Electron (whose binary acts as Node with ELECTRON_RUN_AS_NODE). */
function nodeCommand(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: CHECK_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * `node --check`'s report of a syntax error: "path:line", the source line, a caret under
 * the column, then "SyntaxError: message".
 */
export function parseNodeCheck(stderr: string, path: string): CodeProblem {
  const lines = stderr.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`${path}:`));
  const line = at >= 0 ? Number(lines[at].slice(path.length + 1)) : 1;
  const caret = at >= 0 ? (lines[at + 2] ?? '').indexOf('^') : -1;
  const message = lines.find((l) => /^\w*Error: /.test(l)) ?? lines.find((l) => l.trim())?.trim() ?? 'does not compile';
  return { line: Number.isFinite(line) && line > 0 ? line : 1, column: caret >= 0 ? caret + 1 : 0, message };
}

// Runs in a child process: import the module and say which functions it exports.
const INSPECT = `
const mod = await import(process.argv[1]);
const t = mod.default;
console.log(${JSON.stringify(INSPECT_MARK)} + JSON.stringify({
  task: typeof t === 'function',
  taskIsAsync: typeof t === 'function' && t.constructor && t.constructor.name === 'AsyncFunction',
  setup: typeof mod.setup === 'function',
}));
process.exit(0);
`;

async function checkJavaScript(req: CodeCheckRequest): Promise<CodeCheckResult> {
  const name = codeFileName({ language: 'javascript', file: req.file });
  const dir = await mkdtemp(join(tmpdir(), 'concurrency-lab-check-'));
  const none = { task: false, taskAsync: false, setup: false };
  try {
    const path = await writeCodeModule({ language: 'javascript', source: req.source }, dir);
    const checked = await nodeCommand(['--check', path]);
    if (checked.code !== 0) {
      const problem = parseNodeCheck(checked.stderr, path);
      return { ok: false, problems: [{ ...problem, message: problem.message.replaceAll(path, name) }], has: none };
    }
    const inspected = await nodeCommand(['--input-type=module', '-e', INSPECT, pathToFileURL(path).href]);
    const line = inspected.stdout.split('\n').find((l) => l.startsWith(INSPECT_MARK));
    if (!line) {
      const why = inspected.stderr.split('\n').find((l) => /^\w*Error\b/.test(l)) ?? `importing it ended with code ${inspected.code}`;
      return { ok: false, problems: [{ line: 1, column: 0, message: `${name} could not be imported: ${why.replaceAll(pathToFileURL(path).href, name)}` }], has: none };
    }
    const found = JSON.parse(line.slice(INSPECT_MARK.length)) as { task: boolean; taskIsAsync: boolean; setup: boolean };
    const problems: CodeProblem[] = found.task
      ? []
      : [{ line: 1, column: 0, message: `${name} has no default export: export default function task(i) { … }` }];
    return { ok: problems.length === 0, problems, has: { task: found.task, taskAsync: found.taskIsAsync, setup: found.setup }, taskIsAsync: found.taskIsAsync };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function checkPython(req: CodeCheckRequest, options: CheckOptions): Promise<CodeCheckResult> {
  const name = codeFileName({ language: 'python', file: req.file });
  const answer = await runOnce({ mode: 'check', source: req.source, name }, { executable: options.executable, timeoutMs: CHECK_TIMEOUT_MS });
  if (answer.type !== 'checked') throw new Error('the Python runner gave no check result');
  return { ok: answer.ok, problems: answer.problems, has: answer.has };
}

export function checkCode(req: CodeCheckRequest, options: CheckOptions = {}): Promise<CodeCheckResult> {
  return req.language === 'python' ? checkPython(req, options) : checkJavaScript(req);
}

/** "task.py:3:5: SyntaxError: invalid syntax", one line per problem, for the CLI and error data. */
export function describeProblems(name: string, problems: CodeProblem[]): string {
  return problems.map((p) => `${name}:${p.line}${p.column ? `:${p.column}` : ''}: ${p.message}`).join('\n');
}
