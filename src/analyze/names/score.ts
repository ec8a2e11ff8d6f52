import { NAME_TYPES, type NameType } from './recognize.js';

/**
 * Reading labelled text and scoring the name finder against it: used by bench/names, the tests
 * and `leaklens eval`. A span counts when its type, start and end all match (CoNLL's exact match).
 */
export interface Span {
  type: NameType;
  start: number;
  end: number;
  text: string;
}

export interface TypeScore {
  type: NameType;
  gold: number;
  found: number;
  correct: number;
  precision: number | null;
  recall: number | null;
}

/** Precision and recall per type (PER, ORG, LOC); spans of other types are ignored. */
export function scoreSpans(pairs: { gold: Span[]; found: Span[] }[]): TypeScore[] {
  return NAME_TYPES.map((type) => {
    let gold = 0;
    let found = 0;
    let correct = 0;
    for (const p of pairs) {
      const g = new Set(p.gold.filter((s) => s.type === type).map((s) => `${s.start}:${s.end}`));
      const f = p.found.filter((s) => s.type === type);
      gold += g.size;
      found += f.length;
      correct += f.filter((s) => g.has(`${s.start}:${s.end}`)).length;
    }
    return {
      type,
      gold,
      found,
      correct,
      precision: found ? correct / found : null,
      recall: gold ? correct / gold : null,
    };
  });
}

export interface LabelledEmail {
  id: string;
  lang: string;
  /** Display names of the From and To headers: what the case would already know. */
  headerNames: { name: string; address: string }[];
  body: string;
  gold: Span[];
}

const LABEL = /\[\[(PER|ORG|LOC)\|([^\]]+)\]\]/g;

/** Text with `[[TYPE|words]]` labels → plain text and its spans. */
export function unlabel(marked: string): { text: string; spans: Span[] } {
  let text = '';
  let last = 0;
  const spans: Span[] = [];
  for (const m of marked.matchAll(LABEL)) {
    text += marked.slice(last, m.index);
    const start = text.length;
    text += m[2]!;
    spans.push({ type: m[1] as NameType, start, end: text.length, text: m[2]! });
    last = m.index! + m[0].length;
  }
  return { text: text + marked.slice(last), spans };
}

/**
 * The labelled e-mail format of test/fixtures/names: blocks starting `=== <id> <lang>`, then
 * `From:`/`To:`/`Subject:` lines, a blank line and a body whose names are marked `[[PER|…]]`.
 */
export function parseLabelledEmails(source: string, file = 'labelled e-mails'): LabelledEmail[] {
  const out: LabelledEmail[] = [];
  for (const block of source.split(/^=== /m).slice(1)) {
    const [title = '', ...rest] = block.split('\n');
    const [id, lang] = title.trim().split(/\s+/);
    const sep = rest.indexOf('');
    if (!id || !lang || sep < 0)
      throw new Error(`${file}: block "${title.trim()}" has no id, language or blank line before its body`);
    const headerNames: LabelledEmail['headerNames'] = [];
    for (const h of rest.slice(0, sep)) {
      const m = /^(?:From|To):\s*(.*?)\s*<([^>]+)>\s*$/i.exec(h);
      if (m?.[1]) headerNames.push({ name: m[1], address: m[2]! });
    }
    const { text, spans } = unlabel(
      rest
        .slice(sep + 1)
        .join('\n')
        .replace(/\s+$/, '\n'),
    );
    out.push({ id, lang, headerNames, body: text, gold: spans });
  }
  return out;
}

/**
 * CoNLL-style token-per-line files (CoNLL-2003, WikiANN as `fr:token<TAB>B-PER`): sentences as
 * text joined by single spaces with their gold spans (IOB1 or IOB2; MISC and other types dropped).
 */
export function parseIob(source: string, limit = Number.POSITIVE_INFINITY): { text: string; gold: Span[] }[] {
  const out: { text: string; gold: Span[] }[] = [];
  let toks: { w: string; tag: string }[] = [];
  const flush = () => {
    if (!toks.length) return;
    let text = '';
    const gold: Span[] = [];
    let open: Span | null = null;
    for (const { w, tag } of toks) {
      if (text) text += ' ';
      const start = text.length;
      text += w;
      const [bio, type] = tag.includes('-') ? (tag.split('-') as [string, string]) : ['O', ''];
      const known = (NAME_TYPES as string[]).includes(type);
      if (open && (bio !== 'I' || open.type !== type)) {
        gold.push(open);
        open = null;
      }
      if (known && bio !== 'O') {
        if (open) open.end = text.length;
        else open = { type: type as NameType, start, end: text.length, text: '' };
      }
    }
    if (open) gold.push(open);
    for (const g of gold) g.text = text.slice(g.start, g.end);
    out.push({ text, gold });
    toks = [];
  };
  for (const line of source.split('\n')) {
    if (out.length >= limit) break;
    const t = line.trim();
    if (!t || t.startsWith('-DOCSTART-')) {
      flush();
      continue;
    }
    const cols = t.split(/\s+/);
    const w = cols[0]!.replace(/^[a-z]{2}:/, '');
    toks.push({ w, tag: cols[cols.length - 1]! });
  }
  flush();
  return out.slice(0, limit);
}
