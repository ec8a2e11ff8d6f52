/**
 * Stories: the connected groups of suspects under the links of links.ts, each with a sentence.
 * A suspect linked to nothing is no story; it stays in the ranked list.
 */
import { findLinks, type Link } from './links.js';
import { findingPhrase } from './phrases.js';
import type { ItemFacts, Story, Suspect } from './types.js';

const LINK_PHRASE: Record<Link['kind'], (d: string[]) => string> = {
  'carried-document': () => 'the e-mails carry the documents',
  'same-editor': (d) => `the documents were last edited by ${d.map((x) => `"${x}"`).join(', ')}`,
  'same-origin': (d) => `the e-mails left from the same rare host (${d.join(', ')})`,
  'same-client': (d) => `the e-mails claim the same rare mail client (${d.join(', ')})`,
  'same-person': (d) => `one sender (${d.join(', ')}) within 72 hours`,
  'same-finding': () => 'items of the same finding fall within 72 hours of each other',
};

/** Connected groups of two or more suspects (union-find), each with its own links. */
function groups(suspects: Suspect[], links: Link[]): { ids: string[]; links: Link[] }[] {
  const parent = new Map(suspects.map((s) => [s.id, s.id]));
  const size = new Map(suspects.map((s) => [s.id, 1]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    // Path compression: every node on the way now points at the root.
    for (let y = x; y !== r; ) {
      const next = parent.get(y) as string;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  for (const l of links) {
    const [a, b] = [find(l.items[0]), find(l.items[1])];
    if (a === b) continue;
    // Union by size keeps the trees shallow.
    const [big, small] = (size.get(a) ?? 1) >= (size.get(b) ?? 1) ? [a, b] : [b, a];
    parent.set(small, big);
    size.set(big, (size.get(big) ?? 1) + (size.get(small) ?? 1));
  }
  const by = new Map<string, { ids: string[]; links: Link[] }>();
  for (const s of suspects) {
    const root = find(s.id);
    const g = by.get(root);
    if (g) g.ids.push(s.id);
    else by.set(root, { ids: [s.id], links: [] });
  }
  for (const l of links) by.get(find(l.items[0]))?.links.push(l);
  return [...by.values()].filter((g) => g.ids.length > 1);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const day = (iso: string) => iso.slice(0, 10);

/** "24 Mar 2017", "24–25 Mar 2017", "30 Mar – 2 Apr 2017" … from the calendar dates as written. */
export function dayRange(from: string | null, to: string | null): string {
  if (!from || !to) return 'undated';
  const [y1, m1, d1] = day(from).split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = day(to).split('-').map(Number) as [number, number, number];
  const f = (d: number, m: number, y?: number) => `${d} ${MONTHS[m - 1]}${y ? ` ${y}` : ''}`;
  if (day(from) === day(to)) return f(d1, m1, y1);
  if (y1 === y2 && m1 === m2) return `${d1}–${d2} ${MONTHS[m1 - 1]} ${y1}`;
  return y1 === y2 ? `${f(d1, m1)} – ${f(d2, m2, y2)}` : `${f(d1, m1, y1)} – ${f(d2, m2, y2)}`;
}

function part(list: Suspect[], noun: string): string {
  if (!list.length) return '';
  const dates = list
    .map((s) => s.date)
    .filter((d): d is string => !!d)
    .sort((a, b) => day(a).localeCompare(day(b)));
  const findings = [...new Set(list.map(findingPhrase))];
  const n = list.length;
  return `${n} ${noun}${n > 1 ? 's' : ''} of ${dayRange(dates[0] ?? null, dates[dates.length - 1] ?? null)} (${findings.join('; ')})`;
}

/** The sentence of one story, every number from its items. */
export function storySentence(items: Suspect[], links: Link[]): string {
  const emails = items.filter((s) => s.kind === 'email');
  const docs = items.filter((s) => s.kind === 'document');
  const parts = [part(emails, 'e-mail'), part(docs, 'document')].filter(Boolean);
  // Strongest tie first, in the order of LINK_PHRASE.
  const present = new Set(links.map((l) => l.kind));
  const kinds = (Object.keys(LINK_PHRASE) as Link['kind'][]).filter((k) => present.has(k));
  const why = kinds.map((k) =>
    LINK_PHRASE[k]([...new Set(links.filter((l) => l.kind === k).map((l) => l.detail))]),
  );
  // Time alone is a weak tie: say so.
  const strong = kinds.some((k) => !['same-finding', 'same-person'].includes(k));
  return `${parts.join(' and ')} ${strong ? 'look like one operation' : 'may belong together'}: ${why.join('; ')}.`;
}

/** Groups ranked suspects into stories (best first) and numbers each suspect's story. */
export function buildStories(suspects: Suspect[], facts: Map<string, ItemFacts>): Story[] {
  const links = findLinks(suspects, facts);
  const byId = new Map(suspects.map((s) => [s.id, s]));
  const stories = groups(suspects, links).map(({ ids, links: own }) => {
    const items = ids.map((id) => byId.get(id) as Suspect).sort((a, b) => a.rank - b.rank);
    const dates = items
      .map((s) => s.date)
      .filter((d): d is string => !!d)
      .map(day)
      .sort();
    return {
      id: 0,
      sentence: storySentence(items, own),
      items: items.map((s) => s.id),
      emails: items.filter((s) => s.kind === 'email').length,
      documents: items.filter((s) => s.kind === 'document').length,
      from: dates[0] ?? null,
      to: dates[dates.length - 1] ?? null,
      links: own,
      score: items[0]?.score ?? 0,
    };
  });
  // Independent kinds of link first (a story tied by documents, editor and time is stronger than
  // one tied by time alone), then size, then the best item's score.
  const kinds = (s: Story) => new Set(s.links.map((l) => l.kind)).size;
  stories.sort(
    (a, b) =>
      kinds(b) - kinds(a) ||
      b.items.length - a.items.length ||
      b.score - a.score ||
      (a.from ?? '').localeCompare(b.from ?? ''),
  );
  stories.forEach((s, i) => {
    s.id = i + 1;
    for (const id of s.items) (byId.get(id) as Suspect).story = s.id;
  });
  return stories;
}
