// The experiment being designed: the form, its validation by the shared schema (so the
// inline messages are the ones the CLI and the backend give), presets, model
// availability, the Python interpreters to choose from, calibration and the time estimate.
import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { ApiResult, ModelAvailability, Preset } from '../../../src-shared/contract.ts';
import { estimateResources, type MachineCapacity, type ResourceIssue } from '../../../src-shared/resources.ts';
import { validateExperiment, type FieldIssue } from '../../../src-shared/experiment.ts';
import { isCalibratable, runtimeOf, type CalibratableKind, type ModelName, type WorkloadKind } from '../../../src-shared/models.ts';
import type { Calibration, PythonInfo } from '../../../src-shared/result.ts';
import { getBackend } from '../../backend/index.ts';
import { explainError, settle } from '../lib/api-error.ts';
import { applySpecToForm, buildSpecInput, defaultForm, defaultLevels } from '../lib/design-form.ts';
import { estimateRunMs } from '../../../src-shared/estimate.ts';
import { interpreterLabel } from '../lib/python-options.ts';
import { useMachineStore } from './machine.ts';
import { useRunStore } from './run.ts';


export interface CalibrationNote {
  kind: CalibratableKind;
  measuredMs: number;
  params: Record<string, number>;
}

export const useDesignStore = defineStore('design', () => {
  const machineStore = useMachineStore();
  const form = reactive(defaultForm());
  const presets = ref<Preset[]>([]);
  const models = ref<ModelAvailability[]>([]);
  /** The backend's default interpreter first. */
  const interpreters = ref<PythonInfo[]>([]);
  const loadError = ref<string | null>(null);
  const calibrations = ref<Partial<Record<CalibratableKind, CalibrationNote>>>({});
  const calibrating = ref(false);
  const calibrateError = ref<string | null>(null);
  const runError = ref<string | null>(null);
  /** Issues the backend found that the client-side schema did not (it should be none). */
  const serverIssues = ref<FieldIssue[]>([]);
  const selectedPreset = ref<string | null>(null);
  /** Free memory and disk as the backend last reported them. */
  const capacity = ref<MachineCapacity | null>(null);
  /** Why a large run needs a yes: set when the backend asked, cleared by confirm or cancel. */
  const confirmation = ref<ResourceIssue[] | null>(null);
  let levelsTouched = false;

  const specInput = computed(() => buildSpecInput(form));
  const validation = computed(() => validateExperiment(specInput.value));
  const unavailableChosen = computed(() =>
    form.models.filter((m) => models.value.some((a) => a.model === m && !a.available)),
  );
  const issues = computed<FieldIssue[]>(() => {
    const out = validation.value.ok ? [...serverIssues.value] : [...validation.value.issues];
    // What this machine cannot take is an issue like any other: it names the field and disables Run.
    for (const i of resources.value?.issues ?? []) if (i.level === 'refuse') out.push({ path: i.path, message: i.message });
    for (const m of unavailableChosen.value) {
      out.push({ path: 'models', message: `${m} is not available here: ${reasonFor(m) ?? 'no reason given'}` });
    }
    return out;
  });
  const valid = computed(() => issues.value.length === 0);

  const pythonChosen = computed(() => form.models.some((m) => runtimeOf(m) === 'python'));
  const multiprocessingChosen = computed(() => form.models.includes('py-multiprocessing'));
  /** The select's options; an interpreter named by a spec but not found here stays, marked, so the spec is not silently changed. */
  const interpreterOptions = computed(() => {
    const options = interpreters.value.map((info) => ({ value: info.executable, label: interpreterLabel(info) }));
    const named = form.python.executable.trim();
    if (named && !options.some((o) => o.value === named)) options.push({ value: named, label: `${named} (not found here)` });
    return options;
  });
  /**
   * The chosen interpreter's executable. The default one is left out of the spec, so a
   * saved spec runs on another machine's python3 rather than on a path that only exists here.
   */
  const interpreter = computed({
    get: () => form.python.executable.trim() || interpreters.value[0]?.executable || '',
    set: (executable: string) => {
      form.python.executable = executable === interpreters.value[0]?.executable ? '' : executable;
    },
  });

  /** Issues at a field or inside it: "workload" gathers "workload.n"; "concurrency" gathers "concurrency[2]". */
  function issuesAt(path: string): FieldIssue[] {
    return issues.value.filter((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
  }

  /** Measured ms per task of a fixed size calibrated here (scaled linearly), for the estimates. */
  const measuredMsPerTask = computed(() => {
    if (!validation.value.ok) return undefined;
    const spec = validation.value.value;
    const note = calibrationFor(spec.workload.kind);
    // A fixed size that was calibrated here has a measured cost per task; scale linearly from it.
    let perTask: number | undefined;
    if (note && spec.workload.kind === 'primes' && spec.workload.n !== undefined && note.params.n) {
      perTask = (note.measuredMs * spec.workload.n) / note.params.n;
    } else if (note && spec.workload.kind === 'hash' && spec.workload.bytes !== undefined && note.params.bytes && note.params.rounds) {
      perTask = (note.measuredMs * spec.workload.bytes * (spec.workload.rounds ?? 1)) / (note.params.bytes * note.params.rounds);
    }
    return perTask;
  });
  // Python threads run in parallel only on a free-threaded interpreter running without the GIL.
  const chosenInterpreter = computed(() => interpreters.value.find((i) => i.executable === interpreter.value) ?? null);

  const estimateMs = computed(() => {
    if (!validation.value.ok) return null;
    return estimateRunMs(validation.value.value, machineStore.logicalCores, measuredMsPerTask.value, chosenInterpreter.value);
  });

  /** Memory, temporary disk and duration against what the machine has free, as the form changes. */
  const resources = computed(() => {
    if (!validation.value.ok || !capacity.value) return null;
    return estimateResources(validation.value.value, capacity.value, { measuredMsPerTask: measuredMsPerTask.value, python: chosenInterpreter.value });
  });

  async function loadCapacity(): Promise<void> {
    const c = await settle(() => getBackend().getCapacity());
    // Without it the backend still checks at start; the view only lacks the figures.
    capacity.value = c.ok ? c.value : null;
  }

  function calibrationFor(kind: WorkloadKind): CalibrationNote | undefined {
    return isCalibratable(kind) ? calibrations.value[kind] : undefined;
  }

  function reasonFor(model: ModelName): string | undefined {
    return models.value.find((a) => a.model === model)?.reason;
  }

  function isAvailable(model: ModelName): boolean {
    return models.value.find((a) => a.model === model)?.available ?? runtimeOf(model) === 'node';
  }

  async function load(): Promise<void> {
    await machineStore.load();
    if (!levelsTouched && machineStore.machine) form.concurrency = defaultLevels(machineStore.machine.logicalCores);
    const [p, , m, i] = await Promise.all([
      settle(() => getBackend().listPresets()),
      loadCapacity(),
      settle(() => getBackend().listModels()),
      settle(() => getBackend().listInterpreters()),
    ]);
    const errors: string[] = [];
    if (p.ok) presets.value = p.value;
    else errors.push(`Presets could not be loaded: ${explainError(p)}`);
    if (m.ok) models.value = m.value;
    else errors.push(`Models could not be listed: ${explainError(m)}`);
    if (i.ok) interpreters.value = i.value;
    else errors.push(`Python interpreters could not be listed: ${explainError(i)}`);
    if (machineStore.error) errors.push(`Machine details could not be read: ${machineStore.error}`);
    loadError.value = errors.length ? errors.join(' ') : null;
  }

  function applyPreset(name: string): void {
    const preset = presets.value.find((p) => p.name === name);
    if (!preset) return;
    applySpecToForm(form, preset.spec);
    selectedPreset.value = name;
    levelsTouched = true;
    serverIssues.value = [];
  }

  function toggleModel(model: ModelName): void {
    const i = form.models.indexOf(model);
    if (i >= 0) form.models.splice(i, 1);
    else if (isAvailable(model)) form.models.push(model);
  }

  function toggleLevel(k: number): void {
    levelsTouched = true;
    const i = form.concurrency.indexOf(k);
    if (i >= 0) form.concurrency.splice(i, 1);
    else form.concurrency.push(k);
    form.concurrency.sort((a, b) => a - b);
  }

  /** A level typed by hand; out-of-range values are added so the schema's message shows on them. */
  function addLevel(k: number): void {
    levelsTouched = true;
    if (!form.concurrency.includes(k)) form.concurrency.push(k);
    form.concurrency.sort((a, b) => a - b);
  }

  function setKind(kind: WorkloadKind): void {
    form.kind = kind;
  }

  /** Measure the size that takes the asked ms per task here, then fix it in the spec so later runs compare. */
  async function calibrate(): Promise<boolean> {
    const kind = form.kind;
    if (kind !== 'primes' && kind !== 'hash' && kind !== 'mixed') return false;
    const taskMs = kind === 'mixed' ? form.mixed.cpuMs : form[kind].taskMs;
    const runtime = form.models.length > 0 && form.models.every((m) => runtimeOf(m) === 'python') ? 'python' : 'node';
    calibrating.value = true;
    calibrateError.value = null;
    const executable = runtime === 'python' ? form.python.executable.trim() || undefined : undefined;
    const r: ApiResult<Calibration> = await settle(() => getBackend().calibrate({ kind, taskMs, runtime, ...(executable ? { executable } : {}) }));
    calibrating.value = false;
    if (!r.ok) {
      calibrateError.value = explainError(r);
      return false;
    }
    calibrations.value = { ...calibrations.value, [kind]: { kind, measuredMs: r.value.measuredMs, params: r.value.params } };
    const p = r.value.params;
    if (kind === 'primes' && p.n) Object.assign(form.primes, { mode: 'size', n: Math.round(p.n) });
    if (kind === 'hash' && p.bytes && p.rounds) Object.assign(form.hash, { mode: 'size', bytes: Math.round(p.bytes), rounds: Math.round(p.rounds) });
    if (kind === 'mixed' && p.n) form.mixed.n = Math.round(p.n);
    return true;
  }

  /** Start the run; the view moves to Live run on success. */
  async function run(confirmed = false): Promise<string | null> {
    runError.value = null;
    serverIssues.value = [];
    confirmation.value = null;
    if (!valid.value) return null;
    const r = await useRunStore().start(specInput.value, confirmed ? { confirmed: true } : undefined);
    if (r.ok) return r.value.runId;
    if (r.code === 'needs-confirmation') {
      // Asked, not refused: the view shows why and starts it again confirmed on a yes.
      confirmation.value = (r.issues ?? [{ path: '', message: r.message }]).map((i) => ({ ...i, level: 'confirm' as const }));
      void loadCapacity();
      return null;
    }
    if (r.code === 'invalid-input') void loadCapacity();
    if (r.code === 'invalid-input' && r.issues?.length) serverIssues.value = r.issues;
    runError.value = explainError(r);
    return null;
  }

  function reset(): void {
    Object.assign(form, defaultForm(machineStore.logicalCores));
    selectedPreset.value = null;
    levelsTouched = false;
    serverIssues.value = [];
    runError.value = null;
  }

  return {
    form, presets, models, interpreters, loadError, calibrations, calibrating, calibrateError, runError, serverIssues, selectedPreset,
    specInput, validation, issues, valid, estimateMs, unavailableChosen, capacity, resources, confirmation, loadCapacity,
    pythonChosen, multiprocessingChosen, interpreterOptions, interpreter,
    issuesAt, calibrationFor, reasonFor, isAvailable,
    load, applyPreset, toggleModel, toggleLevel, addLevel, setKind, calibrate, run, reset,
  };
});
