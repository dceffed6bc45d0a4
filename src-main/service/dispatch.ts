// One call of the contract by name, as a transport receives it (IPC channel or HTTP path,
// arguments from the wire). Both transports go through here, so a malformed call gets
// the same error data in Electron and in the browser.
import { errorMessage } from '../../src-shared/errors.ts';
import { LAB_METHODS, type ApiError, type ApiResult, type LabApi, type LabMethod } from '../../src-shared/contract.ts';

const METHODS: ReadonlySet<string> = new Set(LAB_METHODS);

/** How many arguments each method takes; more is a malformed call. */
const ARITY: Record<LabMethod, number> = {
  getMachine: 0,
  getCapacity: 0,
  listPresets: 0,
  listModels: 0,
  listInterpreters: 0,
  calibrate: 1,
  validateSpec: 1,
  checkCode: 1,
  tryCode: 1,
  startRun: 2,
  cancelRun: 1,
  getActiveRun: 0,
  listRuns: 1,
  getRun: 1,
  getTrialSpans: 1,
  updateRun: 2,
  deleteRun: 1,
  compareRuns: 1,
  exportRuns: 1,
  importRuns: 1,
  listStudyPresets: 0,
  validateStudy: 1,
  startStudy: 2,
  cancelStudy: 1,
  getActiveStudy: 0,
  listStudies: 0,
  getStudy: 1,
  updateStudy: 2,
  deleteStudy: 1,
  exportStudy: 1,
};

export function isLabMethod(name: unknown): name is LabMethod {
  return typeof name === 'string' && METHODS.has(name);
}

export function malformed(message: string): ApiError {
  return { ok: false, code: 'invalid-input', message };
}

/** What is wrong with a call before it reaches the service, if anything. */
export function checkCall(method: unknown, args: unknown): ApiError | undefined {
  if (!isLabMethod(method)) {
    return malformed(`unknown method ${JSON.stringify(String(method))}: expected one of ${LAB_METHODS.join(', ')}`);
  }
  if (!Array.isArray(args)) return malformed(`${method}: arguments must be a list`);
  if (args.length > ARITY[method]) {
    return malformed(`${method}: takes ${ARITY[method]} argument${ARITY[method] === 1 ? '' : 's'}, got ${args.length}`);
  }
  return undefined;
}

export async function dispatchCall(api: LabApi, method: unknown, args: unknown): Promise<ApiResult<unknown>> {
  const problem = checkCall(method, args);
  if (problem || !isLabMethod(method)) return problem ?? malformed('unknown method');
  try {
    const fn = api[method] as (...a: unknown[]) => Promise<ApiResult<unknown>>;
    return await fn.apply(api, args as unknown[]);
  } catch (err) {
    return { ok: false, code: 'internal', message: errorMessage(err) };
  }
}
