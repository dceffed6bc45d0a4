// Packs a trial's spans into one BLOB of columns, and back.
//
// Why one BLOB per trial rather than one row per span: spans are only ever read
// whole (a trial's timeline, its export, its summary), never queried one by one,
// so a row per span pays SQLite's per-row costs (record header, B-tree cell, key)
// a million times over for nothing. bench/store.bench.ts writes the same million
// spans both ways, side by side: this layout is several times faster to write and
// about half the size of a WITHOUT ROWID table with integer µs columns.
//
// Layout (version 2): u8 version (2), u8 column count, u16 0, u32 span count, then
// each column as u8 field id (an index into FIELDS) and the column itself: one mode
// byte and, unless the column is absent, an f64 base and its data:
//   mode 0xff          no span has the field
//   low nibble 0       every span has the same value: the base
//   low nibble 1/2/4   unsigned integers of that many bytes, value = base + stored
//   low nibble 8       raw f64 values (fractions, huge ids, anything else)
//   bit 0x10           the values are µs: divide by 1000 to get ms
//   bit 0x20           some spans lack the field: stored 0 (or NaN in f64) means absent, others are +1
// Columns no span has are not written. A reader skips a field id it does not know (a
// column's length follows from its mode), so a newer field never breaks an older build.
// Version 1 (still read) had no ids: the first seven fields, in order, all written.
// The engine's times are µs-exact ms (clock.ts), so they pack as µs integers; any
// time that is not goes in f64, so a reload is always bit-for-bit what was saved.
import type { Span } from '../../src-shared/result.ts';
import { SpanTable, spansOf, type SpanColumns } from '../../src-shared/span-table.ts';

const VERSION = 2;
const HEADER = 8;
const ABSENT = 0xff;
const MICROS = 0x10;
const GAPS = 0x20;
/** Field ids are positions here: append, never reorder. */
const FIELDS = [
  'task', 'worker', 'startMs', 'endMs', 'pid', 'thread', 'cpu', 'runMs', 'waitMs', 'handoffInMs', 'handoffOutMs',
] as const satisfies readonly (keyof Span)[];
type Field = (typeof FIELDS)[number];
const REQUIRED = 4;
const V1_FIELDS = 7;
const TIMES = new Set<Field>(['startMs', 'endMs', 'runMs', 'waitMs', 'handoffInMs', 'handoffOutMs']);

interface Column {
  mode: number;
  base: number;
  /** 1000 when the column stores µs of ms values; 1 otherwise. */
  scale: number;
  /** 1 when some spans lack the field (stored 0 means absent); 0 otherwise. */
  bias: number;
  /** The values as the spans hold them (ms, NaN where absent); transformed as they are written. */
  raw: Float64Array;
}

/** min/max of the values as integers after scaling, or null when one is not an exact safe integer. */
function integerRange(raw: Float64Array, scale: number): { min: number; max: number; present: number } | null {
  let min = Infinity;
  let max = -Infinity;
  let present = 0;
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    if (v !== v) continue; // NaN: absent
    present++;
    const s = scale === 1 ? v : Math.round(v * scale);
    if (!Number.isSafeInteger(s) || (scale !== 1 && s / scale !== v)) return null;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  return { min, max, present };
}

/** How a column is stored; nothing is copied: its values are transformed as they are written. */
function planColumn(raw: Float64Array, isTime: boolean): Column {
  const n = raw.length;
  let present = 0;
  for (let i = 0; i < n; i++) if (raw[i] === raw[i]) present++;
  if (present === 0 && n > 0) return { mode: ABSENT, base: 0, scale: 1, bias: 0, raw };
  const gaps = present < n;
  const f64: Column = { mode: 8 | (gaps ? GAPS : 0), base: 0, scale: 1, bias: 0, raw };
  if (n === 0) return f64;

  // Times the engine gives are whole µs; anything else is kept as f64.
  let scale = isTime ? 1000 : 1;
  let range = integerRange(raw, scale);
  if (range === null && isTime) range = integerRange(raw, (scale = 1));
  if (range === null) return f64;
  const flags = (gaps ? GAPS : 0) | (scale === 1000 ? MICROS : 0);
  const { min, max } = range;
  if (min === max && !gaps) return { mode: 0 | flags, base: min, scale, bias: 0, raw };
  const top = max - min + (gaps ? 1 : 0);
  const width = top <= 0xff ? 1 : top <= 0xffff ? 2 : top <= 0xffffffff ? 4 : 8;
  if (width === 8) return f64;
  return { mode: width | flags, base: min, scale, bias: gaps ? 1 : 0, raw };
}

function columnBytes(c: Column, n: number): number {
  if (c.mode === ABSENT) return 1;
  return 1 + 8 + (c.mode & 0x0f) * n;
}

/** The integer a value is stored as: scaled, based and biased; 0 for an absent one. */
function stored(c: Column, v: number): number {
  return v !== v ? 0 : (c.scale === 1 ? v : Math.round(v * c.scale)) - c.base + c.bias;
}

export function encodeSpans(spans: readonly Span[]): Uint8Array {
  return encodeColumns(SpanTable.from(spans).columns());
}

/**
 * A trial's columns as one blob: the engine's span table is encoded as it is, with no span
 * object and no copy of a column (only the blob itself is allocated).
 */
export function encodeColumns(source: SpanColumns): Uint8Array {
  const n = source.count;
  const columns: { id: number; column: Column }[] = [];
  FIELDS.forEach((field, id) => {
    const raw = source[field];
    if (raw === null) return;
    const column = planColumn(raw.length === n ? raw : raw.subarray(0, n), TIMES.has(field));
    if (id < REQUIRED || column.mode !== ABSENT) columns.push({ id, column });
  });
  const bytes = new Uint8Array(HEADER + columns.reduce((sum, c) => sum + 1 + columnBytes(c.column, n), 0));
  const view = new DataView(bytes.buffer);
  view.setUint8(0, VERSION);
  view.setUint8(1, columns.length);
  view.setUint32(4, n, true);
  let at = HEADER;
  for (const { id, column: c } of columns) {
    view.setUint8(at++, id);
    view.setUint8(at++, c.mode);
    if (c.mode === ABSENT) continue;
    view.setFloat64(at, c.base, true);
    at += 8;
    const v = c.raw;
    switch (c.mode & 0x0f) {
      case 1:
        for (let i = 0; i < n; i++) bytes[at + i] = stored(c, v[i]);
        break;
      case 2:
        for (let i = 0; i < n; i++) view.setUint16(at + 2 * i, stored(c, v[i]), true);
        break;
      case 4:
        for (let i = 0; i < n; i++) view.setUint32(at + 4 * i, stored(c, v[i]), true);
        break;
      case 8:
        for (let i = 0; i < n; i++) view.setFloat64(at + 8 * i, v[i], true);
        break;
    }
    at += (c.mode & 0x0f) * n;
  }
  return bytes;
}

/** Whether typed arrays on this machine read the blob's little-endian integers as they are. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A column's stored unsigned integers (little-endian, at any byte offset) as a typed array. */
function storedValues(view: DataView, at: number, n: number, width: 1 | 2 | 4): Uint8Array | Uint16Array | Uint32Array {
  const bytes = new Uint8Array(view.buffer, view.byteOffset + at, width * n);
  if (width === 1) return bytes;
  if (LITTLE_ENDIAN) {
    // A copy aligns the bytes for a typed-array view (a column may start at any offset).
    const aligned = bytes.slice().buffer;
    return width === 2 ? new Uint16Array(aligned) : new Uint32Array(aligned);
  }
  const out = width === 2 ? new Uint16Array(n) : new Uint32Array(n);
  if (width === 2) for (let i = 0; i < n; i++) out[i] = view.getUint16(at + 2 * i, true);
  else for (let i = 0; i < n; i++) out[i] = view.getUint32(at + 4 * i, true);
  return out;
}

/** One column back as values, NaN where a span lacks the field; null when no span has it. */
function readColumn(view: DataView, at: number, n: number): { values: Float64Array | null; next: number } {
  const mode = view.getUint8(at++);
  if (mode === ABSENT) return { values: null, next: at };
  const base = view.getFloat64(at, true);
  at += 8;
  const width = mode & 0x0f;
  const gaps = (mode & GAPS) !== 0;
  const divide = mode & MICROS ? 1000 : 1;
  const out = new Float64Array(n);
  if (width === 8) {
    for (let i = 0; i < n; i++) out[i] = view.getFloat64(at + 8 * i, true);
    return { values: out, next: at + 8 * n };
  }
  if (width !== 0 && width !== 1 && width !== 2 && width !== 4) throw new Error(`unknown span column mode ${mode}`);
  // One plain loop per width: a CLI export decodes each column once, before V8 has
  // optimised anything, and a loop that picks the width per value ran ~8x slower then.
  const stored = width === 0 ? new Uint8Array(n) : storedValues(view, at, n, width);
  if (gaps) {
    for (let i = 0; i < n; i++) out[i] = stored[i] === 0 ? NaN : (base + stored[i] - 1) / divide;
  } else if (divide === 1) {
    for (let i = 0; i < n; i++) out[i] = base + stored[i];
  } else {
    for (let i = 0; i < n; i++) out[i] = (base + stored[i]) / divide;
  }
  return { values: out, next: at + width * n };
}

export type { SpanColumns };

export function decodeColumns(blob: Uint8Array): SpanColumns {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const version = blob.byteLength >= HEADER ? view.getUint8(0) : 0;
  if (version !== 1 && version !== VERSION) {
    throw new Error(`unknown span encoding (version ${blob.byteLength ? view.getUint8(0) : 'none'})`);
  }
  const n = view.getUint32(4, true);
  const count = version === 1 ? V1_FIELDS : view.getUint8(1);
  let at = HEADER;
  const cols: (Float64Array | null)[] = FIELDS.map(() => null);
  for (let c = 0; c < count; c++) {
    const id = version === 1 ? c : view.getUint8(at++);
    const { values, next } = readColumn(view, at, n);
    // A field this build does not know is skipped whole.
    if (id < FIELDS.length) cols[id] = values;
    at = next;
  }
  if (at !== blob.byteLength) throw new Error(`span data of ${blob.byteLength} bytes does not hold ${n} spans`);
  for (let f = 0; f < REQUIRED; f++) {
    if (!cols[f] && n > 0) throw new Error(`span data lacks its ${FIELDS[f]} column`);
  }
  const empty = new Float64Array(0);
  const [task, worker, startMs, endMs, pid, thread, cpu, runMs, waitMs, handoffInMs, handoffOutMs] = cols;
  return {
    count: n,
    task: task ?? empty,
    worker: worker ?? empty,
    startMs: startMs ?? empty,
    endMs: endMs ?? empty,
    pid, thread, cpu, runMs, waitMs, handoffInMs, handoffOutMs,
  };
}

/** The number of spans in a blob, from its header alone. */
export function countSpans(blob: Uint8Array): number {
  return blob.byteLength < HEADER ? 0 : new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getUint32(4, true);
}

export function decodeSpans(blob: Uint8Array): Span[] {
  return spansOf(decodeColumns(blob));
}
