import type { DocumentMetadata, Severity } from '../model/entities.js';
import { userInPath, writingSystem } from './script.js';

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

const t = (iso: string | undefined): number | undefined => {
  if (!iso) return undefined;
  const v = Date.parse(/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(iso) ? `${iso}Z` : iso);
  return Number.isFinite(v) ? v : undefined;
};
const hasZone = (iso: string | undefined) => !!iso && /(Z|[+-]\d\d:\d\d)$/.test(iso);

export function scriptFlags(docs: DocRow[]): OutlierFlag[] {
  const all = docs
    .flatMap((d) => names(d.metadata).map((n) => writingSystem(n.name)))
    .filter((s) => s !== 'None');
  const maj = majority(all);
  if (!maj) return [];
  const out: OutlierFlag[] = [];
  for (const d of docs) {
    for (const n of names(d.metadata)) {
      const script = writingSystem(n.name);
      if (script === 'None' || script === maj.value) continue;
      out.push({
        itemId: d.id,
        kind: 'foreign-script',
        severity: 'high',
        message: `${n.field} "${n.name}" is written in ${script}; ${Math.round(maj.share * 100)}% of the names in the dump are ${maj.value}`,
        evidence: {
          field: n.field,
          name: n.name,
          script,
          majorityScript: maj.value,
          majorityShare: round(maj.share),
          sample: maj.n,
        },
      });
    }
  }
  return out;
}

/**
 * `usual` holds the languages the organisation writes in besides the majority (those of its
 * e-mails, from the stage): an English memo in a French organisation that also mails in English
 * is not foreign; a Russian one is. Languages of ≥ 5% of the documents count as usual too.
 */
export function languageFlags(docs: DocRow[], usual: Set<string> = new Set()): OutlierFlag[] {
  const out: OutlierFlag[] = [];
  const langs = docs.map((d) => d.language).filter((l): l is string => !!l);
  const text = majority(langs);
  const known = new Set(usual);
  for (const l of new Set(langs))
    if (langs.filter((x) => x === l).length / langs.length >= 0.05) known.add(l);
  const app = majority(docs.map((d) => appLanguage(d.metadata)).filter((l): l is string => !!l));
  for (const d of docs) {
    if (text && d.language && d.language !== text.value && !known.has(d.language)) {
      out.push({
        itemId: d.id,
        kind: 'foreign-language',
        severity: 'medium',
        message: `text is in "${d.language}"; ${Math.round(text.share * 100)}% of documents are in "${text.value}"`,
        evidence: {
          source: 'text',
          language: d.language,
          majority: text.value,
          majorityShare: round(text.share),
        },
      });
    }
    const a = appLanguage(d.metadata);
    if (app && a && a !== app.value) {
      out.push({
        itemId: d.id,
        kind: 'foreign-language',
        severity: 'high',
        message: `the editing application was set to "${a}"; ${Math.round(app.share * 100)}% of documents say "${app.value}"`,
        evidence: {
          source: 'application',
          language: a,
          majority: app.value,
          majorityShare: round(app.share),
        },
      });
    }
  }
  return out;
}

/** Usual offsets: those of ≥ 15% (and at least 2) of the documents with a known offset; two with daylight saving. */
export function timezoneFlags(docs: DocRow[]): OutlierFlag[] {
  const offs = docs.map((d) => d.metadata.timezoneOffset).filter((o): o is number => typeof o === 'number');
  if (offs.length < MIN_SAMPLE) return [];
  const counts = new Map<number, number>();
  for (const o of offs) counts.set(o, (counts.get(o) ?? 0) + 1);
  const usual = [...counts]
    .filter(([, c]) => c >= 2 && c / offs.length >= 0.15)
    .map(([o]) => o)
    .sort((a, b) => a - b);
  const out: OutlierFlag[] = [];
  for (const d of docs) {
    const o = d.metadata.timezoneOffset;
    if (typeof o !== 'number' || usual.includes(o)) continue;
    out.push({
      itemId: d.id,
      kind: 'foreign-timezone',
      severity: 'medium',
      message: `written at UTC${fmtOffset(o)}; the organisation's documents are at ${usual.map((u) => `UTC${fmtOffset(u)}`).join(' or ')}`,
      evidence: { timezoneOffset: o, usualOffsets: usual, sample: offs.length },
    });
  }
  return out;
}

/** An application + major version on at most 3 documents and under 5% of them (≥ 20 documents known). */
export function applicationFlags(docs: DocRow[]): OutlierFlag[] {
  const fams = docs.map((d) => appFamily(d.metadata)).filter((a): a is string => !!a);
  if (fams.length < 20) return [];
  const counts = new Map<string, number>();
  for (const f of fams) counts.set(f, (counts.get(f) ?? 0) + 1);
  const out: OutlierFlag[] = [];
  for (const d of docs) {
    const f = appFamily(d.metadata);
    const c = f ? (counts.get(f) ?? 0) : 0;
    if (!f || c / fams.length >= 0.05 || c > 3) continue;
    out.push({
      itemId: d.id,
      kind: 'rare-application',
      severity: 'low',
      message: `made with "${f}", seen on ${c} of ${fams.length} documents`,
      evidence: { application: f, count: c, sample: fams.length },
    });
  }
  return out;
}

export function dateFlags(docs: DocRow[]): OutlierFlag[] {
  const out: OutlierFlag[] = [];
  for (const d of docs) {
    const m = d.metadata;
    const created = t(m.created);
    const modified = t(m.modified);
    if (
      created !== undefined &&
      modified !== undefined &&
      hasZone(m.created) === hasZone(m.modified) &&
      created - modified > 60_000
    ) {
      out.push({
        itemId: d.id,
        kind: 'created-after-modified',
        severity: 'medium',
        message: `created ${m.created}, after its last modification ${m.modified}`,
        evidence: { created: m.created, modified: m.modified },
      });
    }
    const sent = t(d.emailDate ?? undefined);
    // A zone-less local time can be up to 14 h off UTC; with a zone, 5 minutes of clock skew.
    const slack = hasZone(m.modified) ? 5 * 60_000 : 14 * 3_600_000;
    if (modified !== undefined && sent !== undefined && modified - sent > slack) {
      out.push({
        itemId: d.id,
        kind: 'modified-after-email',
        severity: 'high',
        message: `last modified ${m.modified}, after the e-mail carrying it was sent (${d.emailDate})`,
        evidence: { modified: m.modified, emailDate: d.emailDate, slackMinutes: slack / 60_000 },
      });
    }
    const edit = m.totalEditingTime;
    if (typeof edit === 'number') {
      const chars = m.characters ?? d.textLength;
      const span =
        created !== undefined && modified !== undefined && hasZone(m.created) === hasZone(m.modified)
          ? (modified - created) / 1000
          : undefined;
      if (chars >= 3000 && edit < 60) {
        out.push({
          itemId: d.id,
          kind: 'implausible-editing-time',
          severity: 'low',
          message: `${chars} characters written in ${edit} s of editing: pasted or generated`,
          evidence: { totalEditingTime: edit, characters: chars },
        });
      } else if (span !== undefined && span >= 0 && edit > span + 3600) {
        out.push({
          itemId: d.id,
          kind: 'implausible-editing-time',
          severity: 'medium',
          message: `${edit} s of editing in a document that existed for ${Math.round(span)} s`,
          evidence: { totalEditingTime: edit, lifetimeSeconds: Math.round(span) },
        });
      }
    }
  }
  return out;
}

/**
 * Several documents last edited by one editor who is not their author, within a few minutes: the
 * pattern of someone preparing a batch of files for a dump.
 */
export function burstFlags(docs: DocRow[]): OutlierFlag[] {
  // The editor is the last one to save; formats without a last editor (PDF) name only the author.
  const byEditor = new Map<string, { d: DocRow; at: number; outside: boolean }[]>();
  for (const d of docs) {
    const ed = d.metadata.lastModifiedBy ?? d.metadata.author;
    const at = t(d.metadata.modified);
    if (!ed || at === undefined) continue;
    const outside =
      !!d.metadata.lastModifiedBy && !!d.metadata.author && d.metadata.lastModifiedBy !== d.metadata.author;
    byEditor.set(ed, [...(byEditor.get(ed) ?? []), { d, at, outside }]);
  }
  const out: OutlierFlag[] = [];
  for (const [editor, list] of byEditor) {
    list.sort((a, b) => a.at - b.at);
    let i = 0;
    for (let j = 0; j < list.length; j++) {
      while (list[j]!.at - list[i]!.at > BURST_WINDOW_MS) i++;
      const group = list.slice(i, j + 1);
      const next = list[j + 1];
      // Only maximal groups, and only when the editor saved someone else's documents: a person
      // saving their own files in a row is ordinary work.
      if (group.length < BURST_MIN_DOCS || (next && next.at - group[0]!.at <= BURST_WINDOW_MS)) continue;
      if (!group.some((g) => g.outside)) continue;
      const minutes = Math.round((group[group.length - 1]!.at - group[0]!.at) / 60_000);
      for (const g of group) {
        out.push({
          itemId: g.d.id,
          kind: 'edit-burst',
          severity: 'high',
          message: `one of ${group.length} documents last edited by "${editor}" within ${minutes} min`,
          evidence: {
            editor,
            documents: group.length,
            from: group[0]!.d.metadata.modified,
            to: group[group.length - 1]!.d.metadata.modified,
            items: group.map((x) => x.d.id),
          },
        });
      }
    }
  }
  return out;
}

export function pathFlags(docs: DocRow[]): OutlierFlag[] {
  const out: OutlierFlag[] = [];
  for (const d of docs) {
    const m = d.metadata;
    const paths = [m.templatePath as string | undefined, m.template, ...(m.savedBy ?? []).map((s) => s.path)];
    for (const p of new Set(paths.filter((x): x is string => !!x))) {
      const user = userInPath(p);
      if (!user) continue;
      out.push({
        itemId: d.id,
        kind: 'username-in-path',
        severity: 'low',
        message: `the path ${p} names the Windows/Unix user "${user}"`,
        evidence: { path: p, user },
      });
    }
  }
  return out;
}

/** Every rule; `mailLanguages` are the languages of the organisation's e-mails (see languageFlags). */
export function allFlags(docs: DocRow[], mailLanguages: Set<string> = new Set()): OutlierFlag[] {
  return [
    ...scriptFlags(docs),
    ...languageFlags(docs, mailLanguages),
    ...[timezoneFlags, applicationFlags, dateFlags, burstFlags, pathFlags].flatMap((f) => f(docs)),
  ];
}

const round = (v: number) => Math.round(v * 1000) / 1000;
function fmtOffset(m: number): string {
  const s = m < 0 ? '-' : '+';
  const a = Math.abs(m);
  return `${s}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
