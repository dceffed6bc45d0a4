// The sandboxed bridge: `window.lab`, one function per contract method, each a single
// ipcRenderer.invoke on its own channel. ipcRenderer itself never reaches the page.
// Bundled into one CommonJS file: a sandboxed preload can require nothing but 'electron'.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_PREFIX, PROGRESS_CHANNEL, type LabApi, type LabMethod } from '../src-shared/contract.ts';
import { fromWire, type WireEvent } from '../src-shared/live-spans.ts';
import type { ProgressEvent } from '../src-shared/result.ts';

const invoke = <M extends LabMethod>(method: M) =>
  ((...args: unknown[]) => ipcRenderer.invoke(IPC_PREFIX + method, ...args)) as unknown as LabApi[M];

const api = {
  getMachine: invoke('getMachine'),
  getCapacity: invoke('getCapacity'),
  listPresets: invoke('listPresets'),
  listModels: invoke('listModels'),
  listInterpreters: invoke('listInterpreters'),
  calibrate: invoke('calibrate'),
  validateSpec: invoke('validateSpec'),
  checkCode: invoke('checkCode'),
  tryCode: invoke('tryCode'),
  startRun: invoke('startRun'),
  cancelRun: invoke('cancelRun'),
  getActiveRun: invoke('getActiveRun'),
  onProgress(listener: (events: ProgressEvent[]) => void) {
    // The page gets the events only, never the IPC event (it carries the sender). Their
    // live spans came as columns (live-spans.ts): the objects are made here, in the window.
    const handler = (_event: IpcRendererEvent, events: WireEvent[]) => listener(events.map(fromWire));
    ipcRenderer.on(PROGRESS_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(PROGRESS_CHANNEL, handler);
    };
  },
  listRuns: invoke('listRuns'),
  getRun: invoke('getRun'),
  getTrialSpans: invoke('getTrialSpans'),
  updateRun: invoke('updateRun'),
  deleteRun: invoke('deleteRun'),
  compareRuns: invoke('compareRuns'),
  exportRuns: invoke('exportRuns'),
  importRuns: invoke('importRuns'),
  listStudyPresets: invoke('listStudyPresets'),
  validateStudy: invoke('validateStudy'),
  startStudy: invoke('startStudy'),
  cancelStudy: invoke('cancelStudy'),
  getActiveStudy: invoke('getActiveStudy'),
  listStudies: invoke('listStudies'),
  getStudy: invoke('getStudy'),
  updateStudy: invoke('updateStudy'),
  deleteStudy: invoke('deleteStudy'),
  exportStudy: invoke('exportStudy'),
} satisfies LabApi;

contextBridge.exposeInMainWorld('lab', api);
