// Placeholder until the Python engine lands (issue 6): its real module replaces this file.
import type { PythonInfo } from '../../../src-shared/result.ts';
import type { ModelRunner } from '../types.ts';

export const runPythonTrial: ModelRunner = async () => {
  throw new Error('Python models are not implemented yet');
};

export async function detectPython(_executable?: string): Promise<{ ok: true; info: PythonInfo } | { ok: false; reason: string }> {
  return { ok: false, reason: 'Python models are not implemented yet' };
}
