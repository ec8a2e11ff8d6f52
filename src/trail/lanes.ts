import type { Trail, TrailPostLink, TrailVia } from './types.js';

/** One post on the trail timeline: why it is there, in words. */
export interface TrailMark {
  postId: string;
  platform: string;
  /** ISO 8601, UTC. */
  time: string;
  handle: string | null;
  /** first: the platform's first post; handoff: the first post pointing at another platform. */
  roles: ('first' | 'handoff' | TrailVia)[];
  /** Titles of the dump items the post showed or quoted. */
  items: string[];
  /** For a hand-off: the platforms it points at. */
  from: string[];
  /** One line for a tooltip: who, why, which items. */
  label: string;
}

/** One lane per platform, in the order the platforms first touched the dump. */
export interface TrailLane {
  platform: string;
  marks: TrailMark[];
}

/**
 * The trail as timeline lanes: every first-seen post, hand-off and item link, one mark per post
 * (its roles merged), lanes ordered by first appearance. Presenters draw it; no data is read here.
 * @example trailLanes(await computeTrail(dir), links).map((l) => l.platform) // ['4chan', 'x', …]
 */
export function trailLanes(trail: Trail, links: TrailPostLink[]): TrailLane[] {
  const marks = new Map<string, TrailMark>();
  const titles = new Map(trail.items.map((i) => [i.itemId, i.title]));
  const mark = (m: { postId: string; platform: string; time: string; handle: string | null }) => {
    let x = marks.get(m.postId);
    if (!x) {
      x = { ...m, roles: [], items: [], from: [], label: '' };
      marks.set(m.postId, x);
    }
    return x;
  };
  const add = <T>(list: T[], v: T) => {
    if (!list.includes(v)) list.push(v);
  };
  for (const f of trail.firstSeen) add(mark(f).roles, 'first');
  for (const h of trail.handoffs) {
    const handle = trail.firstSeen.find((f) => f.postId === h.postId)?.handle ?? null;
    const m = mark({ postId: h.postId, platform: h.toPlatform, time: h.time, handle });
    add(m.roles, 'handoff');
    add(m.from, h.fromPlatform);
  }
  for (const l of links) {
    const m = mark(l);
    for (const e of l.evidence) add(m.roles, e.via);
    add(m.items, titles.get(l.itemId) ?? l.itemId);
  }
  for (const m of marks.values()) {
    const who = m.handle ? `${m.handle}: ` : '';
    const what = m.items.length
      ? ` (${m.items.slice(0, 3).join('; ')}${m.items.length > 3 ? '; …' : ''})`
      : '';
    const from = m.from.length ? ` from ${m.from.join(', ')}` : '';
    m.label = `${who}${m.roles.join(', ')}${from}${what}`;
  }
  const order = trail.firstSeen.map((f) => f.platform);
  const lanes = new Map<string, TrailMark[]>();
  for (const m of [...marks.values()].sort(
    (a, b) => a.time.localeCompare(b.time) || a.postId.localeCompare(b.postId),
  )) {
    if (!lanes.has(m.platform)) lanes.set(m.platform, []);
    lanes.get(m.platform)?.push(m);
  }
  const rank = (p: string) => (order.includes(p) ? order.indexOf(p) : order.length);
  return [...lanes]
    .sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]))
    .map(([platform, ms]) => ({ platform, marks: ms }));
}
