// Real file-system faults for tests: a small tmpfs to fill up, or to remount read-only.
// Mounting needs root; callers skip with the reason otherwise.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const IS_ROOT = process.getuid?.() === 0;
export const NEEDS_ROOT = 'needs root to mount a tmpfs (a real full disk / read-only file system)';

export interface Tmpfs {
  dir: string;
  file(name: string): string;
  /** Writes a filler file until the disk is full (ENOSPC); returns its path. */
  fill(): string;
  readOnly(on: boolean): void;
  remove(): void;
}

export function mountTmpfs(size: string): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), 'lab-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  return {
    dir,
    file: (name) => join(dir, name),
    fill() {
      const filler = join(dir, 'filler');
      const chunk = Buffer.alloc(64 * 1024, 0x5a);
      let written = 0;
      // Whole chunks, then smaller ones, until not one more byte fits.
      for (let size = chunk.length; size >= 1; size = Math.floor(size / 2)) {
        try {
          for (;;) {
            writeFileSync(filler, chunk.subarray(0, size), { flag: 'a' });
            written += size;
          }
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        }
      }
      return filler;
    },
    readOnly(on) {
      execFileSync('mount', ['-o', `remount,${on ? 'ro' : 'rw'}`, dir]);
    },
    remove() {
      try {
        execFileSync('umount', [dir]);
      } catch {
        execFileSync('umount', ['-l', dir]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
