// What this machine is: shown on the Design view's machine card, and the core count
// that sets the default concurrency levels and the estimate.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { MachineInfo } from '../../../src-shared/result.ts';
import { getBackend } from '../../backend/index.ts';
import { errorFromThrown, explainError } from '../lib/api-error.ts';

export const useMachineStore = defineStore('machine', () => {
  const machine = ref<MachineInfo | null>(null);
  const error = ref<string | null>(null);
  const loading = ref(false);
  let pending: Promise<void> | null = null;

  const logicalCores = computed(() => machine.value?.logicalCores ?? 2);

  /** Loads once; later calls share the first answer. */
  function load(): Promise<void> {
    pending ??= (async () => {
      loading.value = true;
      try {
        const r = await getBackend().getMachine();
        if (r.ok) {
          machine.value = r.value;
          error.value = null;
        } else {
          error.value = explainError(r);
          pending = null;
        }
      } catch (e) {
        error.value = explainError(errorFromThrown(e));
        pending = null;
      } finally {
        loading.value = false;
      }
    })();
    return pending;
  }

  return { machine, error, loading, logicalCores, load };
});
