/** Import + full analysis of one file into a fresh case; prints phase timings as JSON. */
import { rmSync } from 'node:fs';
import { analyzeCampaign } from '../../src/social/analyze.js';
import { importPosts } from '../../src/social/import/index.js';

const [file, kase] = process.argv.slice(2) as [string, string];
rmSync(kase, { recursive: true, force: true });
const t0 = performance.now();
const s = await importPosts(kase, [file]);
const t1 = performance.now();
const a = await analyzeCampaign(kase, {
  hashtag: 'MacronLeaks',
  coordination: { by: 'repost', timeWindow: 60, minParticipation: 2, edgeWeight: 0.5 },
});
const t2 = performance.now();
process.stdout.write(
  `${JSON.stringify({
    posts: s.totalPosts,
    importSeconds: (t1 - t0) / 1000,
    analyzeSeconds: (t2 - t1) / 1000,
    totalSeconds: (t2 - t0) / 1000,
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    summary: a.summary,
    seedVelocity: a.velocity.find((v) => v.id === a.seed[0]?.id),
    suspicious: a.activeAccounts.counts.suspicious,
    coordinatedAccounts: a.coordination?.coordinatedAccounts,
    pairs: a.coordination?.pairs,
    textCoordination:
      a.textCoordination && 'skipped' in a.textCoordination
        ? a.textCoordination
        : { pairs: a.textCoordination?.pairs, coordinatedAccounts: a.textCoordination?.coordinatedAccounts },
    languages: a.languages.byPosts.slice(0, 3),
  })}\n`,
);
