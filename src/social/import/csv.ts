import { readLines } from './common.js';

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
  let start = 0;
  for await (const { line, no } of readLines(file)) {
    if (!inQuotes) {
      if (!line.trim()) continue;
      start = no;
    } else cur += '\n';
    // Fast path: most rows have no quotes at all.
    const simple = !inQuotes && !line.includes('"');
    if (simple) fields = line.split(',');
    for (let i = 0; !simple && i < line.length; i++) {
      const c = line[i];
      if (inQuotes) {
        if (c === '"') {
          if (line[i + 1] === '"') {
            cur += '"';
            i++;
          } else inQuotes = false;
        } else cur += c;
      } else if (c === '"' && cur === '') inQuotes = true;
      else if (c === ',') {
        fields.push(cur);
        cur = '';
      } else cur += c;
    }
    if (inQuotes) continue;
    if (!simple) fields.push(cur);
    cur = '';
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
