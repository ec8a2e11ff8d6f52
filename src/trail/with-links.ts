import { computeTrail, trailOfItem } from './trail.js';
import type { Trail, TrailPostLink } from './types.js';

/**
 * Items whose posts the workbench's lanes and the report's chapter read: each `trailOfItem` call
 * reads the case's databases again, so a case where thousands of items surfaced would make the
 * page wait minutes. The most carried come first in `trail.items`.
 */
export const LANE_ITEMS = 25;

/**
 * The trail of a case with the item links (the posts behind each item that surfaced) of its
 * `maxItems` most carried items: what the workbench's lanes, the report's chapter and
 * `leaklens eval` (every item) read. `capped` says some items' posts were left out.
 * @example const { trail, links } = await trailWithLinks('./leaklens-case');
 */
export async function trailWithLinks(
  caseDir: string,
  maxItems = LANE_ITEMS,
): Promise<{ trail: Trail; links: TrailPostLink[]; capped: boolean }> {
  const trail = await computeTrail(caseDir);
  const links: TrailPostLink[] = [];
  // One item at a time: each call reads the case's databases.
  for (const i of trail.items.slice(0, maxItems)) links.push(...(await trailOfItem(caseDir, i.itemId)));
  return { trail, links, capped: trail.items.length > maxItems };
}
