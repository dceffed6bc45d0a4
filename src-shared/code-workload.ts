// The `code` workload: the user's own function (a JavaScript module's default export,
// or a Python file's `task`) as what one task does. Its schema, its rules, and the
// shapes the check-before-run and "Try once" results take across the contract.
import { z } from 'zod';
import { MODEL_INFO, type ModelName, type Runtime } from './models.ts';

export const CODE_LANGUAGES = ['python', 'javascript'] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

/** A million characters is far more than one function needs, and small enough to store with every run. */
export const CODE_MAX_CHARS = 1_000_000;

export const codeWorkloadSchema = z.strictObject({
  kind: z.literal('code'),
  language: z.enum(CODE_LANGUAGES, { error: 'must be python or javascript' }),
  /** A file to read the source from (the CLI resolves it against the spec's folder). Kept in the spec as run, for its name. */
  file: z
    .string({ error: 'must be a path' })
    .trim()
    .min(1, { error: 'must be a path' })
    .max(4096, { error: 'must be a path of at most 4096 characters' })
    .optional(),
  /** The source itself; the spec as run always carries it, so history keeps exactly what ran. */
  source: z
    .string({ error: 'must be the source text' })
    .max(CODE_MAX_CHARS, { error: `must be at most ${CODE_MAX_CHARS} characters` })
    .optional(),
  /** SHA-256 of the source (hex), set by the engine; compare uses it to tell runs of different code apart. */
  sha256: z
    .string({ error: 'must be 64 hex digits' })
    .regex(/^[0-9a-f]{64}$/, { error: 'must be 64 lowercase hex digits' })
    .optional(),
});

export type CodeWorkload = z.output<typeof codeWorkloadSchema>;

/** The runtime that runs code of a language. */
export function runtimeOfLanguage(language: CodeLanguage): Runtime {
  return language === 'python' ? 'python' : 'node';
}

export function languageLabel(language: CodeLanguage): string {
  return language === 'python' ? 'Python' : 'JavaScript';
}

interface IssueSink {
  addIssue(issue: { code: 'custom'; path: PropertyKey[]; message: string }): void;
}

/** Rules of one code workload on its own (called from the workload schema's refinement). */
export function checkCodeWorkload(w: CodeWorkload, ctx: IssueSink): void {
  if (w.file === undefined && w.source === undefined) {
    ctx.addIssue({ code: 'custom', path: ['source'], message: 'give source (the code itself) or file (a path to it)' });
  }
  if (w.source !== undefined && w.source.trim() === '') {
    ctx.addIssue({ code: 'custom', path: ['source'], message: 'must not be empty' });
  }
}

/** Code runs only on its own runtime: a Python file under `threads` is a mistake to name, not to run. */
export function checkCodeModels(w: CodeWorkload, models: readonly ModelName[], ctx: IssueSink): void {
  const runtime = runtimeOfLanguage(w.language);
  models.forEach((model, i) => {
    if (MODEL_INFO[model].runtime !== runtime) {
      ctx.addIssue({
        code: 'custom',
        path: ['models', i],
        message: `${model} runs ${MODEL_INFO[model].runtime === 'python' ? 'Python' : 'JavaScript'}; this code is ${languageLabel(w.language)}`,
      });
    }
  });
}

export { codeFileName } from './code-file-name.ts';

/** One problem found before running, at a place in the source (1-based; column 0 when unknown). */
export interface CodeProblem {
  line: number;
  column: number;
  message: string;
}

export interface CodeCheckRequest {
  language: CodeLanguage;
  source: string;
  /** For messages only: the name to show (task.py when absent). */
  file?: string;
}

export interface CodeCheckResult {
  /** True when the code compiles and has a task to run. */
  ok: boolean;
  /** Syntax errors and missing entry points, with their place. */
  problems: CodeProblem[];
  /** The functions found (Python: from the syntax tree; JavaScript: after importing it in a child process). */
  has: { task: boolean; taskAsync: boolean; setup: boolean };
  /** JavaScript: whether task is declared async (under `async`, a sync task runs one at a time). */
  taskIsAsync?: boolean;
}

export interface CodeTryRequest extends CodeCheckRequest {
  /** Python: the interpreter to try on (the backend's default when absent). */
  executable?: string;
  /** Give up (and end the worker) after this long; 10 s by default. */
  timeoutMs?: number;
}

export interface CodeTryResult {
  /** 'ok': task(0) returned; 'error': it threw (or setup did); 'timeout' / 'crashed': its worker was ended or died. */
  outcome: 'ok' | 'error' | 'timeout' | 'crashed';
  /** How long task(0) took, ms (setup excluded); null when it never finished. */
  ms: number | null;
  /** Its result, abbreviated (repr / util.inspect), when it returned. */
  result?: string;
  /** The exception, with the line in the user's file where known. */
  error?: string;
  /** Whether task(0) returned a promise (JavaScript) or was task_async (Python). */
  async?: boolean;
}

/** Why a model cannot run this code, or undefined when it can (py-asyncio needs task_async). */
export function codeModelGap(model: ModelName, check: Pick<CodeCheckResult, 'has'>): string | undefined {
  if (model === 'py-asyncio' && !check.has.taskAsync) {
    return 'py-asyncio runs async def task_async(i), and this code has none';
  }
  return undefined;
}
