import { computeTrail, trailOfItem } from './trail.js';
import type { Trail, TrailPostLink } from './types.js';

/**
 * The trail of a case with every item link (the posts behind each item that surfaced): what the
 * workbench's lanes, the report's chapter and `leaklens eval` read.
 * @example const { trail, links } = await trailWithLinks('./leaklens-case');
 */
export async function trailWithLinks(caseDir: string): Promise<{ trail: Trail; links: TrailPostLink[] }> {
  const trail = await computeTrail(caseDir);
  const links: TrailPostLink[] = [];
  // One item at a time: each call reads the case's databases.
  for (const i of trail.items) links.push(...(await trailOfItem(caseDir, i.itemId)));
  return { trail, links };
}
