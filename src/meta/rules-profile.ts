import {
  appFamily,
  appLanguage,
  type DocRow,
  fmtOffset,
  MIN_SAMPLE,
  majority,
  names,
  type OutlierFlag,
  round,
} from './rules-common.js';
import { writingSystem } from './script.js';

/** Who and where: writing system, languages, time zones and applications against the dump's majority. */
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
