import type { Trail, TrailPostLink } from '../trail/types.js';
import { type KindScore, score } from './eval-mail.js';
import type { TrailTruth } from './truth.js';

/** What `leaklens eval` says of the trail: scored rows and the first-seen order side by side. */
export interface TrailEval {
  kinds: KindScore[];
  order: { expected: string[]; found: string[]; match: boolean };
  /** Planted links not found and links found that were not planted, as `item → post` lines. */
  missed: string[];
  extra: string[];
}

/** The key a dump item has in truth.json: `email:<Message-ID>` or `document:<sha256>`. */
export const emailKey = (messageId: string) => `email:${messageId.replace(/^<|>$/g, '')}`;
export const documentKey = (sha256: string) => `document:${sha256.toLowerCase()}`;

/**
 * Scores a computed trail against the demo's truth: first-seen posts and their order, hand-offs,
 * and the item links a file or a quote proves (precision and recall), and whether the
 * boilerplate and broken-media posts were left untied. `keyOf` maps a case item id to its truth
 * key (null for an item the truth does not know, which then counts as a wrong link).
 * @example scoreTrail(truth.trail, await computeTrail(caseDir), links, (id) => keys.get(id) ?? null)
 */
export function scoreTrail(
  t: TrailTruth,
  trail: Trail,
  links: TrailPostLink[],
  keyOf: (itemId: string) => string | null,
): TrailEval {
  const set = (xs: string[]) => new Set(xs);
  const firstKey = (f: { platform: string; postId: string; via: string }) =>
    `${f.platform} ${f.postId} via ${f.via}`;
  const handoffKey = (h: { fromPlatform: string; toPlatform: string; postId: string }) =>
    `${h.fromPlatform}→${h.toPlatform} ${h.postId}`;
  const planted = set(
    t.items.flatMap((i) =>
      i.posts.map(
        (p) =>
          `${i.kind === 'email' ? emailKey(i.messageId ?? '') : documentKey(i.sha256 ?? '')} ← ${p.postId}`,
      ),
    ),
  );
  // Links a file or a quote proves; a post tied to an item only through a link is not scored here.
  const proven = links.filter((l) => l.evidence.some((e) => e.via === 'file' || e.via === 'quote'));
  const found = set(proven.map((l) => `${keyOf(l.itemId) ?? `item:${l.itemId}`} ← ${l.postId}`));
  const tied = set(proven.map((l) => l.postId));
  const untiedPlanted = set([...t.boilerplate.posts, ...t.noEvidence]);
  const expectedOrder = t.firstSeen.map((f) => f.platform);
  const foundOrder = trail.firstSeen.map((f) => f.platform);
  return {
    kinds: [
      score(
        'first seen',
        set(t.firstSeen.map(firstKey)),
        set(trail.firstSeen.map(firstKey)),
        set(t.firstSeen.map(firstKey)),
      ),
      score(
        'first-seen order',
        set(expectedOrder.map((p, i) => `${i + 1}. ${p}`)),
        set(foundOrder.map((p, i) => `${i + 1}. ${p}`)),
        set(expectedOrder.map((p, i) => `${i + 1}. ${p}`)),
      ),
      score(
        'hand-off',
        set(t.handoffs.map(handoffKey)),
        set(trail.handoffs.map(handoffKey)),
        set(t.handoffs.map(handoffKey)),
      ),
      score('item link (file or quote)', planted, found, planted),
      score(
        'boilerplate or broken media left untied',
        untiedPlanted,
        set([...untiedPlanted].filter((p) => !tied.has(p))),
        untiedPlanted,
      ),
    ],
    order: {
      expected: expectedOrder,
      found: foundOrder,
      match: expectedOrder.join(' ') === foundOrder.join(' '),
    },
    missed: [...planted].filter((k) => !found.has(k)).sort(),
    extra: [...found].filter((k) => !planted.has(k)).sort(),
  };
}
