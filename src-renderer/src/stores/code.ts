// The "Your code" card's state: the last check of the source (problems at their line and
// column, the entry points found) and the last Try once, both through the contract.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CodeCheckResult, CodeLanguage, CodeTryResult } from '../../../src-shared/code-workload.ts';
import { NODE_MODELS, PYTHON_MODELS, type ModelName } from '../../../src-shared/models.ts';
import { getBackend } from '../../backend/index.ts';
import { explainError, settle } from '../lib/api-error.ts';
import { CODE_EXAMPLES } from '../lib/code-examples.ts';
import { useDesignStore } from './design.ts';

/** The models a language runs, all of them (py-asyncio only when the code has task_async). */
export function modelsFor(language: CodeLanguage, hasTaskAsync: boolean): ModelName[] {
  if (language === 'javascript') return [...NODE_MODELS];
  return PYTHON_MODELS.filter((m) => m !== 'py-asyncio' || hasTaskAsync);
}

export const useCodeStore = defineStore('code', () => {
  const design = useDesignStore();
  const check = ref<CodeCheckResult | null>(null);
  const checkError = ref<string | null>(null);
  const checking = ref(false);
  const tried = ref<CodeTryResult | null>(null);
  const tryError = ref<string | null>(null);
  const trying = ref(false);
  let checkSerial = 0;

  /** Compiles the source in the backend (nothing of it runs there); a newer check supersedes an older one. */
  async function runCheck(): Promise<void> {
    const { language, source, file } = design.form.code;
    if (!source.trim()) return;
    const serial = ++checkSerial;
    checking.value = true;
    const r = await settle(() => getBackend().checkCode({ language, source, ...(file ? { file } : {}) }));
    if (serial !== checkSerial) return;
    checking.value = false;
    if (!r.ok) {
      check.value = null;
      checkError.value = explainError(r);
      return;
    }
    checkError.value = null;
    check.value = r.value;
  }

  /** task(0) once, in a worker: its time, abbreviated result or exception. */
  async function tryOnce(): Promise<void> {
    const { language, source, file } = design.form.code;
    trying.value = true;
    tried.value = null;
    tryError.value = null;
    const executable = language === 'python' ? design.form.python.executable.trim() : '';
    const r = await settle(() => getBackend().tryCode({ language, source, ...(file ? { file } : {}), ...(executable ? { executable } : {}) }));
    trying.value = false;
    if (r.ok) tried.value = r.value;
    else tryError.value = explainError(r);
  }

  /** An example poured into the editor, with every model of its language chosen. */
  function useExample(id: string): void {
    const example = CODE_EXAMPLES.find((e) => e.id === id);
    if (!example) return;
    design.form.code = { language: example.language, source: example.source, file: '' };
    design.form.models = modelsFor(example.language, /async def task_async/.test(example.source));
    tried.value = null;
    void runCheck();
  }

  return { check, checkError, checking, tried, tryError, trying, runCheck, tryOnce, useExample };
});
