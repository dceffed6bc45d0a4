// JSON written in pieces, so a run of millions of spans goes to its file (the CLI's --json,
// an export) without ever being one string in memory. The text is what JSON.stringify
// would give for the same value, byte for byte: an export made this way imports, diffs
// and hashes like one made in a single call.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

export interface TextSink {
  write(text: string): void;
}

/** An array whose elements are made when written (one trial's spans read from the store at a time). */
export class LazyArray<T> {
  readonly length: number;
  readonly #get: (index: number) => T;

  constructor(length: number, get: (index: number) => T) {
    this.length = length;
    this.#get = get;
  }

  get(index: number): T {
    return this.#get(index);
  }
}

/** JSON text made elsewhere (a spool file of trials), written where the value goes at `indent`. */
export class JsonPiece {
  readonly writeTo: (sink: TextSink, indent: string) => void;

  constructor(writeTo: (sink: TextSink, indent: string) => void) {
    this.writeTo = writeTo;
  }
}

/** Collects the pieces into one string, for the contract's ExportPayload. */
export class StringSink implements TextSink {
  readonly #parts: string[] = [];

  write(text: string): void {
    this.#parts.push(text);
  }

  toString(): string {
    return this.#parts.join('');
  }
}

const FLUSH_AT = 1 << 20;

/**
 * Writes to `<file>.partial` in 1 MiB writes, then renames it over `file` on `commit`:
 * a failure half-way (a full disk, a crash) leaves no half-written file under the name.
 */
export class FileSink implements TextSink {
  readonly file: string;
  readonly #partial: string;
  readonly #fd: number;
  // Text is encoded straight into one reused buffer as it comes: joining a million small
  // pieces into a string first, then encoding that, took most of a big trace export's time.
  readonly #buffer = Buffer.allocUnsafe(FLUSH_AT);
  #used = 0;
  #bytes = 0;

  constructor(file: string) {
    this.file = file;
    this.#partial = `${file}.partial`;
    this.#fd = openSync(this.#partial, 'w');
  }

  write(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: a piece that might not fit flushes first.
    if (this.#used + text.length * 3 > FLUSH_AT) {
      this.#flush();
      if (text.length * 3 > FLUSH_AT) {
        this.#bytes += writeAll(this.#fd, Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.#used += this.#buffer.write(text, this.#used, 'utf8');
  }

  #flush(): void {
    if (this.#used === 0) return;
    this.#bytes += writeAll(this.#fd, this.#buffer.subarray(0, this.#used));
    this.#used = 0;
  }

  /** Bytes written so far (after a flush). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Flushes, syncs and renames into place; returns the bytes written. */
  commit(): number {
    try {
      this.#flush();
      fsyncSync(this.#fd);
    } catch (error) {
      this.abort();
      throw error;
    }
    closeSync(this.#fd);
    renameSync(this.#partial, this.file);
    return this.#bytes;
  }

  /** Closes and removes the partial file. */
  abort(): void {
    try {
      closeSync(this.#fd);
    } catch {
      // already closed
    }
    rmSync(this.#partial, { force: true });
  }
}

/** writeSync until every byte is written (a file may take fewer than asked). */
function writeAll(fd: number, bytes: Uint8Array): number {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
  return done;
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** Values JSON.stringify leaves out of an object (and writes as null in an array). */
function skipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * Whether to write a value member by member: lazy arrays, arrays of more than a few
 * members, and anything holding one. The rest is written with one JSON.stringify, which
 * is faster (a span, a summary row).
 */
function isLarge(value: unknown): boolean {
  if (value instanceof LazyArray || value instanceof JsonPiece) return true;
  if (Array.isArray(value)) return value.length > 16 || value.some(isLarge);
  if (!isContainer(value)) return false;
  for (const key in value) {
    if (Object.hasOwn(value, key) && isLarge((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** Writes `value` to `sink` exactly as `JSON.stringify(value, null, gap)` would, nested at `indent`. */
export function writeJson(sink: TextSink, value: unknown, gap = '', indent = ''): void {
  if (value instanceof JsonPiece) return value.writeTo(sink, indent);
  if (!isLarge(value)) {
    const text = JSON.stringify(value, null, gap);
    sink.write(gap && indent ? text.replaceAll('\n', `\n${indent}`) : text);
    return;
  }
  const inner = indent + gap;
  const open = gap ? `\n${inner}` : '';
  const separator = gap ? `,\n${inner}` : ',';
  const close = gap ? `\n${indent}` : '';
  if (value instanceof LazyArray || Array.isArray(value)) {
    const length = value.length;
    if (length === 0) return sink.write('[]');
    sink.write(`[${open}`);
    for (let i = 0; i < length; i++) {
      if (i > 0) sink.write(separator);
      const v: unknown = value instanceof LazyArray ? value.get(i) : value[i];
      writeJson(sink, skipped(v) ? null : v, gap, inner);
    }
    sink.write(`${close}]`);
    return;
  }
  const entries = Object.entries(value as object).filter(([, v]) => !skipped(v));
  if (entries.length === 0) return sink.write('{}');
  sink.write(`{${open}`);
  entries.forEach(([key, v], i) => {
    if (i > 0) sink.write(separator);
    sink.write(`${JSON.stringify(key)}:${gap ? ' ' : ''}`);
    writeJson(sink, v, gap, inner);
  });
  sink.write(`${close}}`);
}
