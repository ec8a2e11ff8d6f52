/**
 * What ties two suspects together (docs/suspects.md "Stories"): a document one carries and the
 * other is; one outside editor; one sender or one finding within a few days; one rare origin host.
 */
import type { ItemFacts, LinkKind, Suspect } from './types.js';

/** Two suspects with one sender, or one finding, this close in time belong together. */
export const STORY_WINDOW_MS = 72 * 3_600_000;

export interface Link {
  kind: LinkKind;
  detail: string;
  items: [string, string];
}

const ms = (d: string | null) => {
  const t = d ? Date.parse(/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(d) ? `${d}Z` : d) : Number.NaN;
  return Number.isFinite(t) ? t : null;
};

function close(a: Suspect, b: Suspect): boolean {
  const x = ms(a.date);
  const y = ms(b.date);
  return x !== null && y !== null && Math.abs(x - y) <= STORY_WINDOW_MS;
}

/** Every link between pairs of suspects; `facts` gives the fields ranking does not keep. */
export function findLinks(suspects: Suspect[], facts: Map<string, ItemFacts>): Link[] {
  const ids = new Set(suspects.map((s) => s.id));
  const out: Link[] = [];
  for (const s of suspects)
    for (const e of s.carriedBy)
      if (ids.has(e))
        out.push({ kind: 'carried-document', detail: 'carries the document', items: [e, s.id] });
  for (let i = 0; i < suspects.length; i++) {
    const a = suspects[i] as Suspect;
    const fa = facts.get(a.id);
    for (let j = i + 1; j < suspects.length; j++) {
      const b = suspects[j] as Suspect;
      const fb = facts.get(b.id);
      const pair: [string, string] = [a.id, b.id];
      if (fa?.editor && fa.editor === fb?.editor)
        out.push({ kind: 'same-editor', detail: fa.editor, items: pair });
      if (fa?.rareOrigin && fa.rareOrigin === fb?.rareOrigin)
        out.push({ kind: 'same-origin', detail: fa.rareOrigin, items: pair });
      if (!close(a, b) || a.kind !== b.kind) continue;
      if (a.finding === b.finding) out.push({ kind: 'same-finding', detail: a.finding, items: pair });
      else if (a.kind === 'email' && a.people[0] && a.people[0] === b.people[0])
        out.push({ kind: 'same-person', detail: a.people[0], items: pair });
    }
  }
  return out;
}
