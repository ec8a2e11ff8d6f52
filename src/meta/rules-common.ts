import type { DocumentMetadata, Severity } from '../model/entities.js';

/**
 * Outlier rules over a dump's documents (issue 5, "Outlier flags"). Pure: rows in, flags out, so
 * they are tested without a case. Majorities are only trusted when there is one: at least
 * MIN_SAMPLE values, the majority holding at least MAJORITY_SHARE of them.
 */
export interface DocRow {
  id: string;
  filename: string | null;
  size: number;
  language: string | null;
  textLength: number;
  metadata: DocumentMetadata;
  /** Date (ISO UTC) of the e-mail carrying this document, if it is an attachment. */
  emailDate: string | null;
}

export interface OutlierFlag {
  itemId: string;
  kind: string;
  severity: Severity;
  message: string;
  evidence: Record<string, unknown>;
}

export const MIN_SAMPLE = 5;
export const MAJORITY_SHARE = 0.6;
/** Documents edited by one outside editor within this window form a burst. */
export const BURST_WINDOW_MS = 10 * 60_000;
export const BURST_MIN_DOCS = 3;

/** Most common value, if it is a real majority. */
export function majority<T>(values: T[]): { value: T; share: number; n: number } | undefined {
  if (values.length < MIN_SAMPLE) return undefined;
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  let n = 0;
  for (const [k, c] of counts) if (c > n) [best, n] = [k, c];
  const share = n / values.length;
  return best !== undefined && share >= MAJORITY_SHARE ? { value: best, share, n: values.length } : undefined;
}

/** The people fields of a document: author, last editor, save-history authors. */
export function names(m: DocumentMetadata): { field: string; name: string }[] {
  const out: { field: string; name: string }[] = [];
  if (m.author) out.push({ field: 'author', name: m.author });
  if (m.lastModifiedBy) out.push({ field: 'lastModifiedBy', name: m.lastModifiedBy });
  for (const s of m.savedBy ?? []) if (s.author) out.push({ field: 'savedBy', name: s.author });
  return out;
}

/** The application's language: Word's install language, else the default editing language. */
export function appLanguage(m: DocumentMetadata): string | undefined {
  const tag =
    (m.appLanguage as string | undefined) ?? (m.editingLanguages as string[] | undefined)?.[0] ?? m.language;
  return tag ? tag.split('-')[0]?.toLowerCase() : undefined;
}

export function appFamily(m: DocumentMetadata): string | undefined {
  const app = m.application ?? m.software ?? m.producer;
  if (!app) return undefined;
  const major = (m.appVersion ?? '').split('.')[0];
  return major ? `${app} ${major}` : app;
}

export const t = (iso: string | undefined): number | undefined => {
  if (!iso) return undefined;
  const v = Date.parse(/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(iso) ? `${iso}Z` : iso);
  return Number.isFinite(v) ? v : undefined;
};
export const hasZone = (iso: string | undefined) => !!iso && /(Z|[+-]\d\d:\d\d)$/.test(iso);

export const round = (v: number) => Math.round(v * 1000) / 1000;
export function fmtOffset(m: number): string {
  const s = m < 0 ? '-' : '+';
  const a = Math.abs(m);
  return `${s}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
