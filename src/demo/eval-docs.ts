import type { Store } from '../store/store.js';
import { type KindScore, loadEmails, score } from './eval-mail.js';
import type { Truth } from './truth.js';

const OUTSIDE_FLAGS = [
  'foreign-script',
  'foreign-language',
  'foreign-timezone',
  'modified-after-email',
  'edit-burst',
];

/**
 * Outside-edited documents: per metadata flag kind, precision and recall over every document of
 * the case (matched by sha256); "outside-document" counts the product's `outside-editor` flag.
 */
export function evalDocuments(store: Store, truth: Truth): KindScore[] {
  const docs = store.db
    .prepare("SELECT i.id, i.sha256 FROM items i WHERE i.kind = 'Document' AND i.sha256 IS NOT NULL")
    .all() as { id: string; sha256: string }[];
  const flagRows = store.db.prepare("SELECT item_id, kind FROM flags WHERE stage = 'metadata'").all() as {
    item_id: string;
    kind: string;
  }[];
  const byItem = new Map<string, Set<string>>();
  for (const f of flagRows) byItem.set(f.item_id, (byItem.get(f.item_id) ?? new Set()).add(f.kind));
  const present = new Set(docs.map((d) => d.sha256));
  const planted = new Set(truth.documents.map((d) => d.sha256));
  const flagged = (kinds: string[]) =>
    new Set(docs.filter((d) => kinds.some((k) => byItem.get(d.id)?.has(k))).map((d) => d.sha256));
  return [
    score('outside-document', planted, flagged(['outside-editor']), present),
    ...OUTSIDE_FLAGS.map((k) =>
      score(
        k,
        new Set(truth.documents.filter((d) => d.expectedFlags.includes(k)).map((d) => d.sha256)),
        flagged([k]),
        present,
      ),
    ),
  ];
}

/**
 * Duplicates: an exact group is found when its copies are one item with several locations or one
 * `duplicates` group; a near pair when both messages share a `duplicates` group.
 */
export function evalDuplicates(store: Store, truth: Truth): KindScore[] {
  const emails = loadEmails(store);
  const hasDup = !!store.db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'duplicates'")
    .get();
  const groupOf = new Map<string, string[]>();
  if (hasDup) {
    for (const r of store.db.prepare('SELECT item_id, group_id, kind FROM duplicates').all() as {
      item_id: string;
      group_id: string;
      kind: string;
    }[]) {
      groupOf.set(`${r.kind}:${r.item_id}`, [...(groupOf.get(`${r.kind}:${r.item_id}`) ?? []), r.group_id]);
    }
  }
  const locs = new Map<string, number>();
  for (const r of store.db.prepare('SELECT item_id, count(*) AS n FROM locations GROUP BY item_id').all() as {
    item_id: string;
    n: number;
  }[])
    locs.set(r.item_id, r.n);
  const idOf = (mid: string) => emails.get(mid.replace(/^<|>$/g, ''))?.id;
  const present = new Set([...emails.keys()]);
  const exactPlanted = new Set(truth.duplicates.exact.map((g) => g.messageId.replace(/^<|>$/g, '')));
  const exactFound = new Set(
    [...emails.values()]
      .filter((e) => (locs.get(e.id) ?? 0) > 1 || groupOf.has(`exact:${e.id}`))
      .map((e) => e.messageId),
  );
  const nearPlanted = new Set(
    truth.duplicates.near.map((g) => g.messageIds.map((m) => m.replace(/^<|>$/g, '')).join(' ')),
  );
  const nearFound = new Set<string>();
  for (const pair of nearPlanted) {
    const [a, b] = pair.split(' ').map((m) => idOf(m));
    const ga = a ? groupOf.get(`near:${a}`) : undefined;
    const gb = b ? groupOf.get(`near:${b}`) : undefined;
    if (ga && gb && ga.some((g) => gb.includes(g))) nearFound.add(pair);
  }
  const nearPresent = new Set([...nearPlanted].filter((p) => p.split(' ').every((m) => present.has(m))));
  const nearScore = score('near-duplicate', nearPlanted, nearFound, nearPresent);
  // Precision of near groups: share of e-mail near groups that hold a planted pair.
  const nearGroups = new Set([...groupOf].filter(([k]) => k.startsWith('near:em-')).flatMap(([, g]) => g));
  nearScore.predicted = nearGroups.size;
  nearScore.precision = nearGroups.size
    ? Math.round((nearFound.size / nearGroups.size) * 10_000) / 10_000
    : null;
  // An exact group is detectable only when at least two of its copies made it into the case.
  const inCase = store.db.prepare('SELECT 1 FROM locations WHERE provenance = ? LIMIT 1');
  const exactPresent = new Set(
    truth.duplicates.exact
      .filter((g) => g.locations.filter((l) => inCase.get(l)).length >= 2)
      .map((g) => g.messageId.replace(/^<|>$/g, '')),
  );
  return [score('exact-duplicate', exactPlanted, exactFound, exactPresent), nearScore];
}
