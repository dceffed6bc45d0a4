import type { LabApi } from '../../src-shared/contract.ts'; export function createLoopbackClient(_o: string, _t: string): LabApi { throw new Error('placeholder'); }
