import { createHash } from 'node:crypto';
import { displayName } from './entities/names.js';

/**
 * Merges the forms under which one person appears — `Jean Dupont <jd@x>`, `DUPONT Jean`,
 * `jean.dupont@x`, `J. Dupont` — into identities. Shared with the documents analysis (people from
 * metadata): use `nameKey` for a comparable key and `IdentityResolver` to merge.
 */
export interface Identity {
  id: string;
  /** Most frequent display form. */
  name: string;
  names: string[];
  addresses: string[];
  /** Number of sightings (header roles, signatures, metadata fields). */
  count: number;
}

const TITLES = new Set([
  'm',
  'mr',
  'mrs',
  'ms',
  'mme',
  'mlle',
  'dr',
  'me',
  'pr',
  'prof',
  'monsieur',
  'madame',
  'sir',
]);

/** Lower-case, accent-free name tokens without titles or punctuation. */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\(.*?\)|["']/g, ' ')
    .split(/[^a-z0-9-]+|(?<=[a-z])-(?=[a-z])/)
    .map((t) => t.replace(/^-+|-+$/g, ''))
    .filter((t) => t && !TITLES.has(t) && !/^\d+$/.test(t));
}

/**
 * Order-free key of a person name: "DUPONT Jean", "Jean Dupont" and "dupont, jean" share it.
 * Returns '' for names of fewer than two tokens (too ambiguous to merge on).
 * @example nameKey('DUPONT Jean') === nameKey('Jean Dupont') // true
 */
export function nameKey(name: string): string {
  const t = nameTokens(name);
  return t.length >= 2 && t.some((w) => w.length > 1) ? [...t].sort().join(' ') : '';
}

/** Name tokens guessed from an address's local part: "jean.dupont@x" → ['jean', 'dupont']. */
export function addressNameTokens(address: string): string[] {
  const local = address.split('@')[0] ?? '';
  const parts = local
    .toLowerCase()
    .split(/[._-]+/)
    .filter((p) => /^[a-z]+$/.test(p));
  return parts.length >= 2 ? parts : [];
}

/** An address seen with more distinct names than this is shared: its names are not merged. */
export const MAX_NAMES_PER_ADDRESS = 3;

const normAddr = (a: string) => a.trim().toLowerCase();

/**
 * Collects sightings, then merges them.
 * @example
 * const r = new IdentityResolver();
 * r.add('Jean Dupont', 'jd@x.fr'); r.add('DUPONT Jean', null); r.add(null, 'jd@x.fr');
 * r.resolve() // one identity: name 'Jean Dupont', addresses ['jd@x.fr'], count 3
 */
export class IdentityResolver {
  private parent = new Map<string, string>();
  private counts = new Map<string, number>();
  private forms = new Map<string, Map<string, number>>();
  /** Address -> name keys seen with it; unions are made in resolve(). */
  private pairs = new Map<string, Set<string>>();

  private find(x: string): string {
    let r = x;
    while ((this.parent.get(r) ?? r) !== r) r = this.parent.get(r)!;
    this.parent.set(x, r);
    return r;
  }
  private union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // The smaller key becomes the root, so the result does not depend on insertion order.
    const [lo, hi] = [ra, rb].sort();
    this.parent.set(hi!, lo!);
  }
  private node(k: string): string {
    if (!this.parent.has(k)) this.parent.set(k, k);
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    return k;
  }

  /** One sighting of a name and/or address (a header, a signature, a metadata field). */
  add(name: string | null | undefined, address: string | null | undefined): void {
    const a = address?.includes('@') ? this.node(`a:${normAddr(address)}`) : null;
    const nk = name ? nameKey(name) : '';
    const n = nk ? this.node(`n:${nk}`) : null;
    if (n && name) {
      const f = this.forms.get(n) ?? new Map<string, number>();
      const shown = displayName(name);
      // A name given with an address (a header) is the person's own spelling: weigh it more.
      f.set(shown, (f.get(shown) ?? 0) + (a ? 2 : 1));
      this.forms.set(n, f);
    }
    if (a && n) {
      const set = this.pairs.get(a) ?? new Set<string>();
      set.add(n);
      this.pairs.set(a, set);
    }
  }

  /** Links address local parts and initials ("J. Dupont") to the unique full name they fit. */
  private linkGuesses(): void {
    const names = [...this.parent.keys()].filter((k) => k.startsWith('n:'));
    const full = new Set(names);
    const bySurnameInitial = new Map<string, string[]>();
    for (const n of names) {
      const toks = n.slice(2).split(' ');
      for (const s of toks) {
        for (const o of toks) {
          if (o === s || o.length < 2) continue;
          const k = `${s}|${o[0]}`;
          bySurnameInitial.set(k, [...(bySurnameInitial.get(k) ?? []), n]);
        }
      }
    }
    const withAddr = new Set<string>();
    for (const k of this.parent.keys()) if (k.startsWith('a:')) withAddr.add(this.find(k));
    for (const k of [...this.parent.keys()]) {
      if (k.startsWith('a:')) {
        const toks = addressNameTokens(k.slice(2));
        const key = `n:${[...toks].sort().join(' ')}`;
        if (toks.length && full.has(key)) this.union(k, key);
      } else {
        const toks = k.slice(2).split(' ');
        const initials = toks.filter((t) => t.length === 1);
        const rest = toks.filter((t) => t.length > 1);
        if (initials.length !== 1 || rest.length !== 1) continue;
        const cands = (bySurnameInitial.get(`${rest[0]}|${initials[0]}`) ?? []).filter((c) => c !== k);
        // Two forms that each already own an address are two people ("A. Person" <a.person@…>
        // is not "Another Person" <another.person@…>): initials alone do not override that.
        if (new Set(cands).size === 1 && !(withAddr.has(this.find(k)) && withAddr.has(this.find(cands[0]!))))
          this.union(k, cands[0]!);
      }
    }
  }

  resolve(): Identity[] {
    for (const [a, names] of this.pairs) {
      // A shared or service address (a list, "X (jira)", an assistant writing for several people)
      // carries many names: it is not evidence that those people are one.
      if (names.size > MAX_NAMES_PER_ADDRESS) continue;
      for (const n of names) this.union(a, n);
    }
    this.linkGuesses();
    const groups = new Map<string, string[]>();
    for (const k of this.parent.keys()) {
      const r = this.find(k);
      groups.set(r, [...(groups.get(r) ?? []), k]);
    }
    const out: Identity[] = [];
    for (const members of groups.values()) {
      const forms = new Map<string, number>();
      for (const m of members)
        for (const [f, c] of this.forms.get(m) ?? []) forms.set(f, (forms.get(f) ?? 0) + c);
      const names = [...forms.entries()]
        .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || a[0].localeCompare(b[0]))
        .map((e) => e[0]);
      const addresses = members
        .filter((m) => m.startsWith('a:'))
        .map((m) => m.slice(2))
        .sort();
      const count = members.reduce((s, m) => s + (this.counts.get(m) ?? 0), 0);
      const key = [...members].sort()[0]!;
      out.push({
        id: `id-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`,
        name: names[0] ?? addresses[0] ?? '',
        names,
        addresses,
        count,
      });
    }
    return out.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  }
}
