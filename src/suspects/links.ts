/**
 * What ties two suspects together (docs/suspects.md "Stories"): a document one carries and the
 * other is; one outside editor; one rare origin host or mail client; one sender, or one finding, within a few
 * days. Groups are chained (each item linked to the next), which connects exactly the same items
 * as linking every pair, in O(n log n) instead of O(n²): a real dump may hold thousands of suspects.
 */
import { findingPhrase } from './phrases.js';
import type { ItemFacts, LinkKind, Suspect } from './types.js';

/** Two suspects with one sender, or one finding, this close in time belong together. */
export const STORY_WINDOW_MS = 72 * 3_600_000;

export interface Link {
  kind: LinkKind;
  detail: string;
  items: [string, string];
}

export const timeOf = (d: string | null): number | null => {
  const t = d ? Date.parse(/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(d) ? `${d}Z` : d) : Number.NaN;
  return Number.isFinite(t) ? t : null;
};

function groupBy<T>(list: T[], key: (x: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) {
    const k = key(x);
    if (!k) continue;
    const g = out.get(k);
    if (g) g.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/** Each member linked to the next: the group becomes one connected chain. */
function chain(kind: LinkKind, groups: Map<string, Suspect[]>): Link[] {
  const out: Link[] = [];
  for (const [detail, g] of groups)
    for (let i = 1; i < g.length; i++)
      out.push({ kind, detail, items: [(g[i - 1] as Suspect).id, (g[i] as Suspect).id] });
  return out;
}

/**
 * Within each group, sorted by time, consecutive items at most STORY_WINDOW_MS apart: single
 * linkage, so items of one group within the window of each other end in one story.
 */
function inWindow(kind: LinkKind, groups: Map<string, Suspect[]>, detail: (k: string) => string): Link[] {
  const out: Link[] = [];
  for (const [k, g] of groups) {
    const dated = g
      .map((s) => ({ s, t: timeOf(s.date) }))
      .filter((x): x is { s: Suspect; t: number } => x.t !== null)
      .sort((a, b) => a.t - b.t || a.s.id.localeCompare(b.s.id));
    for (let i = 1; i < dated.length; i++) {
      const a = dated[i - 1] as { s: Suspect; t: number };
      const b = dated[i] as { s: Suspect; t: number };
      if (b.t - a.t <= STORY_WINDOW_MS) out.push({ kind, detail: detail(k), items: [a.s.id, b.s.id] });
    }
  }
  return out;
}

/** Every link between suspects; `facts` gives the fields ranking does not keep (editor, origin). */
export function findLinks(suspects: Suspect[], facts: Map<string, ItemFacts>): Link[] {
  const ids = new Set(suspects.map((s) => s.id));
  const out: Link[] = [];
  for (const s of suspects)
    for (const e of s.carriedBy)
      if (ids.has(e))
        out.push({ kind: 'carried-document', detail: 'carries the document', items: [e, s.id] });
  out.push(
    ...chain(
      'same-editor',
      groupBy(suspects, (s) => facts.get(s.id)?.editor ?? null),
    ),
  );
  out.push(
    ...chain(
      'same-origin',
      groupBy(suspects, (s) => facts.get(s.id)?.rareOrigin ?? null),
    ),
  );
  out.push(
    ...chain(
      'same-client',
      groupBy(suspects, (s) => facts.get(s.id)?.rareClient ?? null),
    ),
  );
  out.push(
    ...inWindow(
      'same-finding',
      // Text appended past a signature and text changed are different findings of one verdict.
      groupBy(suspects, (s) => `${s.kind}\0${findingPhrase(s)}`),
      (k) => k.split('\0')[1] ?? k,
    ),
  );
  // One sender, different findings (the same finding is linked above).
  const senders = groupBy(
    suspects.filter((s) => s.kind === 'email'),
    (s) => s.people[0] ?? null,
  );
  const byId = new Map(suspects.map((s) => [s.id, s]));
  for (const l of inWindow('same-person', senders, (k) => k)) {
    const [a, b] = l.items.map((id) => byId.get(id));
    if (a && b && findingPhrase(a) !== findingPhrase(b)) out.push(l);
  }
  return out;
}
