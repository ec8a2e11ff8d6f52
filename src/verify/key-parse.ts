/**
 * Reading key-archive files into `KeyCandidate`s. Accepted formats (docs/authenticity.md):
 * zone-file text or `dig` output with TXT records; JSON lines of archive.prove.email records;
 * a DNS-cache JSON object mapping names to TXT answers; a single record in a file named after
 * its DNS name (`sel._domainkey.example.com.dns`).
 */
import { basename } from 'node:path';
import type { KeyCandidate } from './types.js';
import { parseZone, splitKeyName } from './zone-parse.js';

export { parseZone, splitKeyName };

export type KeyFileFormat = 'zone' | 'prove-email' | 'dns-cache' | 'record';

export interface ParsedKeyFile {
  format: KeyFileFormat;
  keys: KeyCandidate[];
  /** Lines or entries that could not be read, with why. */
  skipped: string[];
}

/**
 * Detects the format of `text` and returns the keys it holds. `fileName` names a single-record
 * file (`sel._domainkey.example.com.dns`).
 * @example parseKeyFile('a._domainkey.ex.com. IN TXT "k=rsa; p=MIIB" "IjAN"', 'ex.zone').keys[0].record
 * // 'k=rsa; p=MIIBIjAN'
 */
export function parseKeyFile(text: string, source: string, fileName = basename(source)): ParsedKeyFile {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = tryJson(trimmed);
    if (Array.isArray(json)) return parseProveRecords(json, source);
    if (json && typeof json === 'object') return parseDnsCache(json as Record<string, unknown>, source);
    if (trimmed.startsWith('{')) return parseProveLines(trimmed, source);
  }
  const named = splitKeyName(fileName.replace(/\.(dns|txt)$/i, ''));
  if (named && !/\bTXT\b/.test(trimmed) && /\bp=/.test(trimmed)) {
    const record = trimmed.replace(/^"|"$/g, '').replace(/\s*\n\s*/g, '');
    return { format: 'record', keys: [{ ...named, record, kind: 'record', source }], skipped: [] };
  }
  return parseZone(text, source);
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseProveLines(text: string, source: string): ParsedKeyFile {
  const rows: unknown[] = [];
  const skipped: string[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    const row = tryJson(line);
    if (row && typeof row === 'object') rows.push(row);
    else skipped.push(`line ${i + 1}: not JSON`);
  }
  const out = parseProveRecords(rows, source);
  return { ...out, skipped: [...skipped, ...out.skipped] };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** archive.prove.email rows: {domain, selector, value, firstSeenAt, lastSeenAt} (snake/camel). */
function parseProveRecords(rows: unknown[], source: string): ParsedKeyFile {
  const keys: KeyCandidate[] = [];
  const skipped: string[] = [];
  rows.forEach((row, i) => {
    const r = row as Record<string, unknown>;
    const domain = str(r.domain);
    const selector = str(r.selector);
    const value = str(r.value) ?? str(r.record) ?? str(r.txt);
    if (!domain || !selector || !value) {
      skipped.push(`entry ${i + 1}: needs domain, selector and value`);
      return;
    }
    keys.push({
      domain: domain.toLowerCase(),
      selector: selector.toLowerCase(),
      record: value,
      kind: 'prove-email',
      source,
      firstSeen: str(r.firstSeenAt) ?? str(r.first_seen_at) ?? str(r.firstSeen) ?? str(r.first_seen),
      lastSeen: str(r.lastSeenAt) ?? str(r.last_seen_at) ?? str(r.lastSeen) ?? str(r.last_seen),
    });
  });
  return { format: 'prove-email', keys, skipped };
}

/** {name: {TXT: [["a","b"]]}} | {name: [["a","b"]]} | {name: ["a b"]} | {name: "a b"}. */
function parseDnsCache(obj: Record<string, unknown>, source: string): ParsedKeyFile {
  const keys: KeyCandidate[] = [];
  const skipped: string[] = [];
  for (const [name, answer] of Object.entries(obj)) {
    const named = splitKeyName(name);
    if (!named) continue; // SPF and other records share these files
    const a = answer as Record<string, unknown> | unknown[] | string;
    const txt = typeof a === 'object' && !Array.isArray(a) && a ? (a.TXT ?? a.txt) : a;
    const records = answerRecords(txt);
    if (!records.length) skipped.push(`${name}: no TXT answer`);
    for (const record of records) keys.push({ ...named, record, kind: 'dns-cache', source });
  }
  return { format: 'dns-cache', keys, skipped };
}

function answerRecords(txt: unknown): string[] {
  if (typeof txt === 'string') return [txt];
  if (!Array.isArray(txt)) return [];
  if (txt.every((x) => typeof x === 'string')) return txt.length ? [txt.join('')] : [];
  return txt.flatMap((x) => (Array.isArray(x) ? [x.map(String).join('')] : typeof x === 'string' ? [x] : []));
}
