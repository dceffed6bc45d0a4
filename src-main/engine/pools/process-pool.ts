// A pool of child processes, started through a ProcessLauncher (child_process under
// Node, utilityProcess under Electron) and driven by the same dispatcher as threads.
import { entryPath } from '../../entries.ts';
import type { ProcessLauncher } from '../types.ts';
import { TaskPool } from './task-pool.ts';
import type { ToWorker } from './protocol.ts';

/** A pool of `size` child processes, each running one task at a time. */
export function processPool(size: number, init: Extract<ToWorker, { type: 'init' }>, launcher: ProcessLauncher): TaskPool {
  const modulePath = entryPath('process-child');
  return new TaskPool({
    size,
    init,
    label: 'process',
    spawn: (index) => launcher.launch(modulePath, { name: `concurrency-lab process ${index}` }),
  });
}
