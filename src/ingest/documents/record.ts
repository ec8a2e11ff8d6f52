import type { DocumentMetadata } from '../../model/entities.js';
import type { ChildOut, IngestInput, IngestOutput } from '../ingestor.js';
import { detectLanguage } from './language.js';

/**
 * Builds the Document output every format ingestor returns: metadata with empty fields dropped,
 * text cut at `maxTextChars` (with a warning), the text's language, and warnings.
 */
export function documentOutput(
  input: IngestInput,
  mime: string,
  metadata: DocumentMetadata,
  text: string,
  warnings: string[] = [],
  children: ChildOut[] = [],
): IngestOutput & { kind: 'Document' } {
  const max = input.limits.maxTextChars;
  let body = text;
  if (body.length > max) {
    warnings.push(`text cut at ${max} characters (maxTextChars)`);
    body = body.slice(0, max);
  }
  const meta = compact(metadata);
  const doc = {
    filename: input.name || null,
    mime,
    text: body,
    language: detectLanguage(body),
    metadata: meta,
    ...(warnings.length ? { warnings } : {}),
  };
  return { kind: 'Document', mime, document: doc, children, ...(warnings.length ? { warnings } : {}) };
}

/** Drops undefined, null, '' and empty objects/arrays, so records only hold what a file said. */
export function compact(m: DocumentMetadata): DocumentMetadata {
  const out: DocumentMetadata = {};
  for (const [k, v] of Object.entries(m)) {
    if (v === undefined || v === null || v === '') continue;
    if (typeof v === 'number' && !Number.isFinite(v)) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0) continue;
    out[k] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

/** Parses a non-negative integer property; undefined when absent or not a number. */
export function int(s: string | undefined): number | undefined {
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s.trim());
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/** Splits an application string such as "Microsoft Office Word" + AppVersion "16.0000". */
export function hasMagic(head: Uint8Array, sig: number[], off = 0): boolean {
  return sig.every((b, i) => head[off + i] === b);
}
