// The `file` workload: write, fsync, read back and delete a file, so the task
// waits on the disk (fsync) and not only on the page cache.
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

let data: Buffer | undefined;
let serial = 0;

function fileData(bytes: number): Buffer {
  if (data?.length !== bytes) data = Buffer.alloc(bytes, 0x61);
  return data;
}

/** Round-trips `bytes` through a file of its own in dir; rejects if the read-back length differs. */
export async function fileRoundTrip(dir: string, bytes: number, task: number): Promise<void> {
  // pid + thread + task + serial: unique across every worker of every model, even on a retry.
  const path = join(dir, `task-${process.pid}-${threadId}-${task}-${serial++}.bin`);
  const handle = await open(path, 'wx');
  try {
    const buffer = fileData(bytes);
    let written = 0;
    while (written < bytes) written += (await handle.write(buffer, written, bytes - written)).bytesWritten;
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    const back = await readFile(path);
    if (back.length !== bytes) throw new Error(`read back ${back.length} bytes of ${bytes} from ${path}`);
  } finally {
    await unlink(path);
  }
}
