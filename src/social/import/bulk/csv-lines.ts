import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes read at a time by the scanner. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Where each logical line of a CSV file starts: a record (which may span several physical lines
 * when a quoted field holds a newline) or a blank line. DuckDB's reader numbers rejected rows by
 * this count (header = 1, a blank line counts, a multi-line record counts once), so this index
 * turns its numbers, and the ordinals of the rows it accepted, into the physical line a person
 * opens the file at, and gives the bytes of a record to re-read with the JavaScript importer.
 */
export interface CsvLineIndex {
  /** Logical lines found (header included). */
  count: number;
  /** Byte offset where logical line i (0-based) starts. */
  start: Float64Array;
  /** Physical 1-based line where logical line i starts. */
  line: Float64Array;
  /** 1 when logical line i is empty or only "\r" (neither reader makes a record of it). */
  blank: Uint8Array;
  /** File size in bytes (the end of the last logical line). */
  size: number;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
/** Scanner states, as in RFC 4180 and csv.ts: a quote opens a field only at its start. */
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

/**
 * Scans `file` once (4 MiB at a time) and indexes its logical lines, following the quoting rules
 * of csv.ts: a quote opens a field only at its start; inside, `""` is a quote and a lone `"`
 * closes it; a newline inside quotes belongs to the field. A quote never closed runs to the end of
 * the file, as in csv.ts.
 * @example const idx = indexCsvLines('ira.csv'); idx.line[3]; // physical line of logical line 4
 */
export function indexCsvLines(file: string): CsvLineIndex {
  let cap = 1 << 16;
  let start = new Float64Array(cap);
  let line = new Float64Array(cap);
  let blank = new Uint8Array(cap);
  let count = 0;
  let phys = 1;
  let state = FIELD_START;
  let atLineStart = true;
  let lineHasContent = false;
  const push = (offset: number) => {
    if (count === cap) {
      cap *= 2;
      const s = new Float64Array(cap);
      s.set(start);
      start = s;
      const l = new Float64Array(cap);
      l.set(line);
      line = l;
      const b = new Uint8Array(cap);
      b.set(blank);
      blank = b;
    }
    start[count] = offset;
    line[count] = phys;
    count++;
  };
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let pos = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, pos);
      if (n <= 0) break;
      for (let i = 0; i < n; i++) {
        const c = buf[i] as number;
        if (atLineStart) {
          push(pos + i);
          atLineStart = false;
          lineHasContent = false;
        }
        if (c === LF) {
          phys++;
          if (state === QUOTED) continue;
          if (!lineHasContent) blank[count - 1] = 1;
          state = FIELD_START;
          atLineStart = true;
          continue;
        }
        if (c !== CR) lineHasContent = true;
        if (state === QUOTED) {
          if (c === QUOTE) state = QUOTE_IN_QUOTED;
        } else if (state === QUOTE_IN_QUOTED) {
          state = c === QUOTE ? QUOTED : c === COMMA ? FIELD_START : UNQUOTED;
        } else if (c === COMMA) state = FIELD_START;
        else if (state === FIELD_START) state = c === QUOTE ? QUOTED : UNQUOTED;
      }
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  if (count > 0 && !atLineStart && !lineHasContent) blank[count - 1] = 1;
  return { count, start, line, blank, size: pos };
}

/**
 * The logical line (0-based) of each row DuckDB accepted, by its ordinal: the records of the
 * index in order, skipping the header, blank lines and the logical lines DuckDB rejected
 * (`rejected` holds their 1-based numbers as DuckDB reports them).
 */
export function acceptedLogicalLines(idx: CsvLineIndex, rejected: Set<number>): Int32Array {
  const out = new Int32Array(idx.count);
  let k = 0;
  for (let i = 1; i < idx.count; i++) {
    if (idx.blank[i] || rejected.has(i + 1)) continue;
    out[k++] = i;
  }
  return out.subarray(0, k);
}
