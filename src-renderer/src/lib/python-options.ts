// How the Design view names Python interpreters and multiprocessing start methods.
import type { PythonInfo } from '../../../src-shared/result.ts';
import type { StartMethod } from './design-form.ts';

/** "CPython 3.11.7 · GIL", "CPython 3.13.1 free-threaded · no GIL": the GIL is what decides whether threads run in parallel. */
export function interpreterLabel(info: PythonInfo): string {
  // Before 3.13 gilEnabled is unknown (null): such a build always has the GIL.
  return `${info.implementation} ${info.version}${info.freeThreaded ? ' free-threaded' : ''} · ${info.gilEnabled === false ? 'no GIL' : 'GIL'}`;
}

export const START_METHODS: { value: StartMethod | ''; label: string }[] = [
  { value: '', label: 'Platform default' },
  { value: 'spawn', label: 'spawn: a fresh interpreter per worker' },
  { value: 'fork', label: 'fork: a copy of the parent' },
  { value: 'forkserver', label: 'forkserver: forked from a clean server' },
];
