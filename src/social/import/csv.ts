import { readLines } from './common.js';

/**
 * R's `write.csv` writes a missing value as a bare NA (a string "NA" is quoted); pandas' read_csv
 * takes a bare NA as missing too. An unquoted NA cell is therefore read as empty, never as a value:
 * otherwise every missing object id in an R export becomes the one shared object "NA".
 */
const R_MISSING = 'NA';
const cell = (v: string, quoted: boolean) => (!quoted && v === R_MISSING ? '' : v);

/**
 * Streams RFC 4180 CSV records (quoted fields may span lines; "" escapes a quote) as objects keyed
 * by the header row, each with the line where it started so failures can name it.
 * @example for await (const { row, no } of csvRecords('io.csv')) console.log(no, row.tweetid);
 */
export async function* csvRecords(
  file: string,
): AsyncGenerator<{ row: Record<string, string>; no: number; width: number; headerWidth: number }> {
  let header: string[] | null = null;
  let fields: string[] = [];
  let cur = '';
  let inQuotes = false;
  let quoted = false;
  let start = 0;
  for await (const { line, no } of readLines(file)) {
    if (!inQuotes) {
      if (!line.trim()) continue;
      start = no;
    } else cur += '\n';
    // Fast path: most rows have no quotes at all.
    const simple = !inQuotes && !line.includes('"');
    if (simple) fields = line.split(',').map((f) => cell(f, false));
    for (let i = 0; !simple && i < line.length; i++) {
      const c = line[i];
      if (inQuotes) {
        if (c === '"') {
          if (line[i + 1] === '"') {
            cur += '"';
            i++;
          } else inQuotes = false;
        } else cur += c;
      } else if (c === '"' && cur === '') inQuotes = quoted = true;
      else if (c === ',') {
        fields.push(cell(cur, quoted));
        cur = '';
        quoted = false;
      } else cur += c;
    }
    if (inQuotes) continue;
    if (!simple) fields.push(cell(cur, quoted));
    cur = '';
    quoted = false;
    if (!header) header = fields.map((h) => h.trim().replace(/^\uFEFF/, ''));
    else {
      const row: Record<string, string> = {};
      header.forEach((h, i) => {
        row[h] = fields[i] ?? '';
      });
      yield { row, no: start, width: fields.length, headerWidth: header.length };
    }
    fields = [];
  }
  // A quote never closed swallows the rest of the file: report it as one bad record (width -1).
  if (inQuotes && header) yield { row: {}, no: start, width: -1, headerWidth: header.length };
}

/** The header row of a CSV head, lower-cased, for format detection. */
export function csvHeader(head: string): string[] {
  const first = head.split(/\r?\n/)[0] ?? '';
  return first.split(',').map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
}
