import type { SocialDb } from '../social/db.js';
import { sqlString } from '../social/db.js';
import { DUMP_HOSTS, POST_URL_PATTERNS } from './link-kinds.js';
import { type MatchStats, POST_COLS, type PostCols, type Tie, tie } from './match.js';
import { platformName } from './platforms.js';
import { CREATE_HOSTS, INSERT_HOST } from './sql.js';

/** Posts pointing to the dump (file hosts, paste sites, archives) or to another platform's post. */
export async function linkTies(db: SocialDb, stats: MatchStats): Promise<Tie[]> {
  await db.run(CREATE_HOSTS);
  for (const h of DUMP_HOSTS) await db.run(INSERT_HOST, [h.domain, h.kind, h.label]);
  const platformCase = `CASE ${POST_URL_PATTERNS.map(([p, re]) => `WHEN regexp_matches(u, ${sqlString(re)}) THEN ${sqlString(p)}`).join(' ')} END`;
  await db.run(`CREATE OR REPLACE TEMP TABLE trail_urls AS
    SELECT post_id, u, lower(regexp_extract(u, '^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#@\\s]+)', 1)) AS host, ${platformCase} AS to_platform
    FROM (SELECT id AS post_id, unnest(urls) AS u FROM posts WHERE len(urls) > 0)`);
  const [bad] = await db.all<{ n: number }>(
    "SELECT count(*) AS n FROM trail_urls WHERE host = '' OR NOT regexp_matches(u, '^https?://')",
  );
  stats.urlsNotUrls = bad?.n ?? 0;
  const rows = await db.all<
    PostCols & {
      u: string;
      to_platform: string | null;
      kind: string | null;
      label: string | null;
      reply_to: string | null;
    }
  >(
    `SELECT ${POST_COLS}, p.reply_to, t.u, t.to_platform, t.kind, t.label FROM (
       SELECT u.post_id, u.u, u.to_platform, NULL AS kind, NULL AS label FROM trail_urls u WHERE u.to_platform IS NOT NULL
       UNION ALL
       SELECT u.post_id, u.u, NULL, h.kind, h.label FROM (SELECT DISTINCT post_id, u, host FROM trail_urls
           WHERE to_platform IS NULL AND regexp_matches(u, '^https?://')) u,
         (SELECT DISTINCT * FROM trail_hosts) h
         WHERE u.host = h.domain OR ends_with(u.host, '.' || h.domain)
     ) t JOIN posts p ON p.id = t.post_id`,
  );
  await db.run('DROP TABLE trail_urls');
  const ties: Tie[] = [];
  for (const r of rows) {
    if (r.to_platform) {
      if (r.to_platform === r.platform) continue; // same platform: not a hand-off
      ties.push({
        ...tie(r, null, {
          via: 'link',
          kind: 'post-link',
          detail: `${platformName(r.platform)} post ${r.post_id} links a ${platformName(r.to_platform)} post: ${r.u}`,
          value: r.u,
        }),
        toPlatform: r.to_platform,
        target: targetId(r.to_platform, r.u),
        replyTo: r.reply_to,
      });
    } else if (r.kind) {
      ties.push({
        ...tie(r, null, {
          via: 'link',
          kind: r.kind,
          detail: `${platformName(r.platform)} post ${r.post_id} links ${r.label} (${KIND_WORDS[r.kind] ?? r.kind}): ${r.u}`,
          value: r.u,
        }),
        url: r.u,
        replyTo: r.reply_to,
      });
    }
  }
  return ties;
}

const KIND_WORDS: Record<string, string> = {
  'file-host': 'a file host',
  paste: 'a paste site',
  archive: 'an archive',
};

/** The stored id of a linked post where the URL names it the way the importers key posts. */
function targetId(platform: string, url: string): string | null {
  if (platform === '4chan') {
    const m = /\/(?:thread|res)\/(\d+)(?:[^#]*#p(\d+))?/.exec(url);
    return m ? `4chan:${m[2] ?? m[1]}` : null;
  }
  if (platform === 'x') {
    const m = /\/status(?:es)?\/(\d+)/.exec(url);
    return m ? `x:${m[1]}` : null;
  }
  return null;
}
