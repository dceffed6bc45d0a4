// Entry of one child-process pool member. It talks to its parent through Electron's
// process.parentPort in a utility process, through Node's IPC channel when forked.
import type { FromWorker, ToWorker } from './protocol.ts';
import { dieWithParent } from './die-with-parent.ts';
import { processCpuUs, serveTasks, type ParentChannel } from './serve-tasks.ts';

interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const electronPort = (process as { parentPort?: ElectronParentPort }).parentPort;

/**
 * The channel to the parent. Messages that arrive before `guarded` resolves wait for it,
 * in order: the child answers its init (and so runs a task) only once its watcher runs.
 */
function channel(guarded: Promise<void>): ParentChannel {
  if (electronPort) {
    return {
      send: (message: FromWorker) => electronPort.postMessage(message),
      onMessage: (listener) => electronPort.on('message', (event) => void guarded.then(() => listener(event.data as ToWorker))),
    };
  }
  if (!process.send) throw new Error('process-child.ts must be started with an IPC channel (fork or utilityProcess)');
  // No orphans: when the parent goes away, for whatever reason, the IPC channel closes and so
  // do we — at once while idle; dieWithParent covers a task that never lets this handler run.
  process.on('disconnect', () => process.exit(0));
  return {
    send: (message: FromWorker) => {
      if (process.connected) process.send!(message);
    },
    onMessage: (listener) => process.on('message', (message) => void guarded.then(() => listener(message as ToWorker))),
  };
}

serveTasks(channel(dieWithParent()), processCpuUs);
