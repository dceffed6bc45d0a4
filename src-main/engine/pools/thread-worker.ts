// Entry of one worker_threads pool member (and of calibration's thread).
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './protocol.ts';
import { serveTasks, threadCpuUs } from './serve-tasks.ts';

const port = parentPort;
if (!port) throw new Error('thread-worker.ts runs only as a worker thread');

serveTasks(
  {
    send: (message: FromWorker) => port.postMessage(message),
    onMessage: (listener: (message: ToWorker) => void) => port.on('message', listener),
  },
  threadCpuUs,
);
