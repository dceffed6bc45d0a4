// The name a code workload's file goes by, in messages and on disk. It lives apart from
// code-workload.ts so that worker threads and child processes, which need only this, do
// not load zod with it: each thread would hold zod's ~150 kB of JavaScript and the young
// generation its loading grows (issue 15).
import type { CodeLanguage } from './code-workload.ts';

/** The name the user knows the code by, in messages: the file's base name, else task.py / task.mjs. */
export function codeFileName(w: { language: CodeLanguage; file?: string }): string {
  if (w.file) {
    const base = w.file.split(/[\\/]/).pop();
    if (base) return base;
  }
  return w.language === 'python' ? 'task.py' : 'task.mjs';
}
