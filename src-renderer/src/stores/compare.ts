// Two to four saved runs side by side: the comparison the backend computes (medians,
// % change and significance per (model, k), machine differences, warnings).
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Comparison } from '../../../src-shared/contract.ts';
import { getBackend } from '../../backend/index.ts';
import { explainError, settle } from '../lib/api-error.ts';

export const useCompareStore = defineStore('compare', () => {
  const runIds = ref<string[]>([]);
  const comparison = shallowRef<Comparison | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let loadSeq = 0;

  async function load(ids: string[]): Promise<void> {
    const seq = ++loadSeq;
    runIds.value = [...ids];
    comparison.value = null;
    error.value = null;
    if (ids.length < 2) {
      loading.value = false;
      return;
    }
    loading.value = true;
    const r = await settle(() => getBackend().compareRuns(ids));
    if (seq !== loadSeq) return;
    loading.value = false;
    if (r.ok) comparison.value = r.value;
    else error.value = explainError(r);
  }

  return { runIds, comparison, loading, error, load };
});
