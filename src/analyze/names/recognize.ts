import {
  AMBIGUOUS_FIRST_NAMES,
  CONNECTORS,
  FIRST_NAMES,
  fold,
  HONORIFICS,
  NOT_ACRONYMS,
  ORG_ADJECTIVES,
  ORG_WORDS,
  PLACES,
  ROLE_TITLES,
  STOP_WORDS,
} from './lexicon.js';

/**
 * Names in running text (people, organisations, places), French and English, without a trained
 * model: capitalised runs of words are read with what the case teaches (a gazetteer of the names
 * its headers, signatures and metadata hold), courtesy titles and roles before a name ("M.",
 * "Mme", "Dr", "le président"), a first-name list, words that make an organisation ("Banque",
 * "Ministry", "SARL") and a list of places. A run none of these explains is left out: precision
 * first, so the people page lists people, not every capitalised word.
 */
export type NameType = 'PER' | 'ORG' | 'LOC';
export const NAME_TYPES: readonly NameType[] = ['PER', 'ORG', 'LOC'];

/** Why a run was taken, kept with each mention so a reader can judge it. */
export type NameEvidence =
  | 'gazetteer'
  | 'honorific'
  | 'title'
  | 'first-name'
  | 'surname'
  | 'org-word'
  | 'place'
  | 'acronym';

export interface NameMention {
  type: NameType;
  /** The words as written, without a leading title ("Mme Durand" → "Durand"). */
  text: string;
  /** UTF-16 offsets of `text` in the field. */
  start: number;
  end: number;
  evidence: NameEvidence;
  /** Identity of the case this mention was linked to by the gazetteer, when unambiguous. */
  identityId: string | null;
}

export interface GazetteerEntry {
  type: NameType;
  identityId: string | null;
}

/** Folded token sequences (joined by one space) → what they name; built by gazetteer.ts. */
export interface Gazetteer {
  entries: Map<string, GazetteerEntry>;
  /** Longest entry, in tokens. */
  maxTokens: number;
  /** One-word names taken only after a title ("M. Martin": Martin is also a first name). */
  afterTitle?: Map<string, GazetteerEntry>;
  /** Full names keyed by their words sorted: "DUPONT Jean" is "Jean Dupont". */
  anyOrder?: Map<string, GazetteerEntry>;
}

export const EMPTY_GAZETTEER: Gazetteer = { entries: new Map(), maxTokens: 0 };

interface Token {
  text: string;
  start: number;
  end: number;
  f: string;
  cap: boolean;
  upper: boolean;
  /** Text between the previous token and this one. */
  gap: string;
  sentenceStart: boolean;
}

/** Longest text scanned per field: a name finder is no reason to walk a 200 MB text dump. */
export const MAX_NAME_TEXT = 2_000_000;
/** Words of a run kept at most: a longer capitalised run is a heading, not a name. */
const MAX_RUN = 8;

const WORD = /[\p{L}][\p{L}\p{M}\p{Nd}'’-]*/gu;
const SENTENCE_GAP = /[.!?…:;]\s|\n|^\s*[-•*>"«“(]|[.!?]$/;
const isCap = (w: string) => /^\p{Lu}/u.test(w) || /^[dl]['’]\p{Lu}/u.test(w);
const isUpper = (w: string) => /^[\p{Lu}\p{Nd}'’-]{2,}$/u.test(w) && /\p{Lu}{2}/u.test(w);

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let last = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    const raw = m[0];
    const last2 = raw.charCodeAt(raw.length - 1);
    // Most words end in a letter: only trim trailing apostrophes and hyphens when there are some.
    const w = last2 === 39 || last2 === 0x2019 || last2 === 45 ? raw.replace(/['’-]+$/, '') : raw;
    const gap = text.slice(last, m.index);
    const cap = isCap(w);
    out.push({
      text: w,
      start: m.index,
      end: m.index + w.length,
      f: fold(w),
      cap,
      upper: cap && isUpper(w),
      gap,
      // Only capitalised words ask whether they begin a sentence.
      sentenceStart: cap && (out.length === 0 || SENTENCE_GAP.test(gap)),
    });
    last = m.index + w.length;
  }
  return out;
}

/** Two words are one run when only spaces (no line break, no punctuation) separate them. */
const joins = (gap: string) => /^[ \t\u00a0]{1,2}$/.test(gap);

function collectRun(toks: Token[], i: number): number {
  let k = i + 1;
  let orgHead = ORG_WORDS.has(toks[i]!.f);
  while (k < toks.length && k - i < MAX_RUN && joins(toks[k]!.gap)) {
    const t = toks[k]!;
    if (t.cap) {
      orgHead ||= ORG_WORDS.has(t.f);
      k++;
    } else if (CONNECTORS.has(t.f) && toks[k + 1]?.cap && joins(toks[k + 1]!.gap)) k += 2;
    else if (/^[dl]['’]$/.test(t.f) && toks[k + 1]?.cap) k += 2;
    else if (orgHead && ORG_ADJECTIVES.has(t.f)) k++;
    else break;
  }
  return k;
}

function lookup(g: Gazetteer, f: string[]): { len: number; e: GazetteerEntry } | null {
  for (let len = Math.min(f.length, g.maxTokens); len >= 1; len--) {
    const e = g.entries.get(f.slice(0, len).join(' '));
    if (e) return { len, e };
  }
  return null;
}

const firstPart = (f: string) => f.split('-')[0] ?? f;
const isFirstName = (f: string) => FIRST_NAMES.has(f) || FIRST_NAMES.has(firstPart(f));

interface Run {
  toks: Token[];
  honorific: boolean;
  title: boolean;
}

/** Drops leading titles (remembering them) and words that only begin a sentence. */
function trimRun(toks: Token[], prev: Token | undefined, lowerSeen: Set<string>, g: Gazetteer): Run {
  let honorific = !!prev && HONORIFICS.has(prev.f) && /^\.?[ \t]{1,2}$/.test(toks[0]!.gap);
  let title = !!prev && ROLE_TITLES.has(prev.f) && joins(toks[0]!.gap);
  let r = toks;
  while (r.length) {
    const t = r[0]!;
    const next = r[1];
    // What the case itself names is kept whole ("En Marche", "Le Drian").
    if (
      lookup(
        g,
        r.map((x) => x.f),
      )
    )
      break;
    if (HONORIFICS.has(t.f) && next) {
      honorific = true;
      r = r.slice(1);
    } else if (ROLE_TITLES.has(t.f) && next && !isFirstName(t.f)) {
      title = true;
      r = r.slice(1);
    } else if (
      STOP_WORDS.has(t.f) ||
      CONNECTORS.has(t.f) ||
      (t.sentenceStart && lowerSeen.has(t.f) && !g.entries.has(t.f) && !isFirstName(t.f))
    )
      r = r.slice(1);
    else break;
  }
  const droppable = (t: Token) => (STOP_WORDS.has(t.f) && !ORG_WORDS.has(t.f)) || CONNECTORS.has(t.f);
  while (r.length > 1 && droppable(r[r.length - 1]!)) r = r.slice(0, -1);
  if (r.length === 1 && droppable(r[0]!)) r = [];
  // "Dear Sir", "Chère Madame": a title with no name after it names nobody.
  if (r.length === 1 && (HONORIFICS.has(r[0]!.f) || ROLE_TITLES.has(r[0]!.f))) r = [];
  return { toks: r, honorific, title };
}

function mention(
  toks: Token[],
  text: string,
  type: NameType,
  evidence: NameEvidence,
  identityId: string | null = null,
): NameMention {
  const start = toks[0]!.start;
  const end = toks[toks.length - 1]!.end;
  return { type, text: text.slice(start, end), start, end, evidence, identityId };
}

/** Particles a person's name may hold ("Charles de Gaulle", "Ludwig van Beethoven"); not "of", "for". */
const PERSON_PARTICLES = new Set([
  'de',
  'du',
  'des',
  "d'",
  'van',
  'von',
  'der',
  'den',
  'da',
  'di',
  'dos',
  'del',
  'le',
  'la',
  'bin',
  'ibn',
  'al',
  'el',
]);

/**
 * A person's run stops before a role or organisation word ("Jean Dupont Directeur"), a connector
 * no name holds ("Walter Scott for …") and a second first name after a full name (a list of people).
 */
function personPart(toks: Token[]): Token[] {
  const cut = toks.findIndex(
    (t, i) =>
      i > 0 &&
      (ROLE_TITLES.has(t.f) ||
        ORG_WORDS.has(t.f) ||
        (!t.cap && !PERSON_PARTICLES.has(t.f)) ||
        (i >= 2 && t.cap && isFirstName(t.f) && !!toks[i + 1]?.cap)),
  );
  let r = (cut > 0 ? toks.slice(0, cut) : toks).slice(0, 4);
  while (r.length > 1 && !r[r.length - 1]!.cap) r = r.slice(0, -1);
  return r;
}

function classify(run: Run, text: string, g: Gazetteer): NameMention | null {
  const r = run.toks;
  const f = r.map((t) => t.f);
  const hit = lookup(g, f);
  if (hit && hit.len === r.length) return mention(r, text, hit.e.type, 'gazetteer', hit.e.identityId);
  const reordered = r.length > 1 ? g.anyOrder?.get([...f].sort().join(' ')) : undefined;
  if (reordered) return mention(r, text, reordered.type, 'gazetteer', reordered.identityId);
  const whole = f.join(' ');
  if (r.length > 1 && f.some((w) => ORG_WORDS.has(w)) && !run.honorific)
    return mention(r, text, 'ORG', 'org-word');
  if (PLACES.has(whole) && !run.honorific) return mention(r, text, 'LOC', 'place');
  if (hit && hit.e.type === 'PER') {
    const part = r.slice(0, hit.len);
    return mention(part, text, 'PER', 'gazetteer', hit.e.identityId);
  }
  if (run.honorific || run.title) {
    const p = personPart(r);
    const h = lookup(
      g,
      p.map((t) => t.f),
    );
    const titled = p.length === 1 ? g.afterTitle?.get(p[0]!.f) : undefined;
    const linked =
      h && h.len === p.length && h.e.type === 'PER' ? h.e.identityId : (titled?.identityId ?? null);
    return mention(p, text, 'PER', run.honorific ? 'honorific' : 'title', linked);
  }
  if (isFirstName(f[0]!) && r.length > 1 && !PLACES.has(f[0]!))
    return mention(personPart(r), text, 'PER', 'first-name');
  if (r.length > 1 && r[0]!.upper && isFirstName(f[1]!))
    return mention(r.slice(0, 2), text, 'PER', 'first-name');
  const acronym = (t: Token) => t.upper && t.text.length <= 6 && !NOT_ACRONYMS.has(t.f) && !PLACES.has(t.f);
  if (r.length > 1 && acronym(r[0]!) && !isFirstName(f[0]!)) return mention(r, text, 'ORG', 'acronym');
  if (r.length === 1 && isFirstName(f[0]!) && !AMBIGUOUS_FIRST_NAMES.has(f[0]!) && !PLACES.has(f[0]!))
    return mention(r, text, 'PER', 'first-name');
  if (r.length === 1 && acronym(r[0]!)) return mention(r, text, 'ORG', 'acronym');
  return null;
}

/** Places and gazetteer names inside a run no rule explains as a whole ("Réunion Paris Jean Dupont"). */
function inner(run: Run, text: string, g: Gazetteer): NameMention[] {
  const out: NameMention[] = [];
  const r = run.toks;
  for (let i = 0; i < r.length; ) {
    const f = r.slice(i).map((t) => t.f);
    const hit = lookup(g, f);
    if (hit) {
      out.push(mention(r.slice(i, i + hit.len), text, hit.e.type, 'gazetteer', hit.e.identityId));
      i += hit.len;
      continue;
    }
    let placed = 0;
    for (let len = Math.min(3, f.length); len >= 1 && !placed; len--)
      if (PLACES.has(f.slice(0, len).join(' '))) placed = len;
    if (placed) {
      out.push(mention(r.slice(i, i + placed), text, 'LOC', 'place'));
      i += placed;
    } else i++;
  }
  return out;
}

/**
 * Finds the names in one text.
 * @example findNames('Bonjour, M. Dupont a vu Marie Curie à Paris chez Dassault Aviation SA.')
 * // PER "Dupont" (honorific), PER "Marie Curie" (first-name), LOC "Paris", ORG "Dassault Aviation SA"
 */
export function findNames(text: string, g: Gazetteer = EMPTY_GAZETTEER): NameMention[] {
  const src = text.length > MAX_NAME_TEXT ? text.slice(0, MAX_NAME_TEXT) : text;
  const toks = tokenize(src);
  const lowerSeen = new Set(toks.filter((t) => !t.cap).map((t) => t.f));
  const out: NameMention[] = [];
  for (let i = 0; i < toks.length; ) {
    if (!toks[i]!.cap) {
      i++;
      continue;
    }
    const k = collectRun(toks, i);
    const run = trimRun(toks.slice(i, k), toks[i - 1], lowerSeen, g);
    if (run.toks.length) {
      const m = classify(run, src, g);
      if (m) out.push(m);
      else out.push(...inner(run, src, g));
    }
    i = k;
  }
  return out;
}
