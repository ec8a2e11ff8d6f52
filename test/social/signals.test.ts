import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeCampaign, type CampaignAnalysis } from '../../src/social/analyze.js';
import { importPosts } from '../../src/social/import/index.js';
import { listPosts } from '../../src/social/posts.js';
import { plantedCampaign, type Truth } from './planted-campaign.js';

describe('campaign signals on a planted campaign', () => {
  let dir: string;
  let a: CampaignAnalysis;
  let truth: Truth;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'leaklens-signals-'));
    const g = plantedCampaign();
    truth = g.truth;
    writeFileSync(join(dir, 'tweets.jsonl'), `${g.lines.join('\n')}\n`);
    const s = await importPosts(join(dir, 'case'), [join(dir, 'tweets.jsonl')]);
    assert.equal(s.failures.length, 0);
    a = await analyzeCampaign(join(dir, 'case'), {
      hashtag: '#LeakDemo',
      coordination: { by: 'repost', timeWindow: 60, minParticipation: 2, edgeWeight: 0.5 },
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts every post and account in scope', () => {
    assert.equal(a.posts, truth.posts);
    assert.equal(a.accounts, truth.accounts);
    assert.equal(a.reposts, truth.totalReposts);
  });

  it('finds the seed and its repost velocity at 1, 5 and 60 minutes', () => {
    assert.equal(a.seed[0]?.id, truth.seedId);
    const v = a.velocity.find((x) => x.id === truth.seedId);
    assert.deepEqual({ within1m: v?.within1m, within5m: v?.within5m, within60m: v?.within60m }, truth.seed);
  });

  it("draws the seed's repost cascade: cumulative by second, reaching the planted counts", () => {
    const c = a.cascade;
    assert.ok(c);
    assert.equal(c.postId, truth.seedId);
    assert.deepEqual(
      { within1m: c.within1m, within5m: c.within5m },
      { within1m: truth.seed.within1m, within5m: truth.seed.within5m },
    );
    assert.equal(c.points.at(-1)?.n, truth.seed.within60m, 'the first hour ends at the 60-minute count');
    for (let i = 1; i < c.points.length; i++) {
      assert.ok(
        c.points[i]!.s > c.points[i - 1]!.s && c.points[i]!.n > c.points[i - 1]!.n,
        'one rising point per second',
      );
    }
  });

  it('milestones give the time to the N-th post', () => {
    const m = a.milestones.find((x) => x.posts === 1000);
    assert.ok(m);
    assert.equal(a.milestones.map((x) => x.posts).join(','), '100,1000');
  });

  it('measures sliding-window activity and the DFRLab thresholds', () => {
    const h = a.activeAccounts.accounts.find((x) => x.handle === truth.hyper.handle);
    assert.deepEqual(
      { max1h: h?.max1h, max2h: h?.max2h, max24h: h?.max24h },
      { max1h: 150, max2h: 294, max24h: 294 },
    );
    assert.equal(h?.level, 'highly');
    assert.equal(a.activeAccounts.counts.suspicious, truth.suspicious);
    assert.equal(a.activeAccounts.counts.highly, truth.highly);
    assert.equal(a.activeAccounts.top.posts, truth.top10.posts);
    assert.equal(a.activeAccounts.top.spanMs, truth.top10.spanMs);
  });

  it('ranks the amplifier hub by mentions and reposts received', () => {
    const hub = a.amplifiers.accounts.find((x) => x.handle === truth.hub.handle);
    assert.equal(hub?.mentionsReceived, truth.hub.mentions);
    assert.equal(hub?.repostsReceived, truth.hub.reposts);
    assert.equal(hub?.repostShare, truth.hub.reposts / truth.totalReposts);
  });

  it('flags exactly the planted bot ring as bot-like, with reasons', () => {
    const bots = a.bots.accounts
      .filter((x) => x.band === 'bot-like')
      .map((x) => x.accountId)
      .sort();
    assert.deepEqual(bots, [...truth.botLike].sort());
    assert.equal(a.bots.botLike, truth.botLike.length);
    const top = a.bots.accounts[0];
    assert.ok(top?.reasons.some((r) => /^account under 30 days old when last seen \(\+\d+\.\d\d\)$/.test(r)));
    assert.ok((top?.score ?? 0) >= a.bots.threshold);
    // Every account is listed (not only the top 50), each with its rule flags.
    assert.equal(a.bots.accounts.length, Math.min(50, a.bots.scored));
    assert.equal(top?.features['rule.young'], true);
  });

  it('detects the coordinated ring and nothing else above the edge-weight threshold', () => {
    const c = a.coordination;
    assert.ok(c);
    assert.equal(c.edges, truth.ringEdges + truth.casualEdges);
    assert.equal(c.threshold, 2);
    assert.equal(c.strongEdges, truth.ringEdges);
    assert.equal(c.groups.length, 1);
    assert.deepEqual(c.groups[0]?.accounts, [...truth.ring].sort());
    assert.equal(c.topEdges[0]?.weight, 6);
    assert.equal(c.topEdges[0]?.evidence.length, 5);
  });

  it('breaks languages down by posts, detecting where the source gives none', () => {
    const got = Object.fromEntries(a.languages.byPosts.map((x) => [x.key, x.count]));
    assert.deepEqual(got, truth.langByPosts);
    assert.equal(a.languages.detected, 60);
  });

  it('places accounts by profile location and reports the unknown share', () => {
    const got = Object.fromEntries(a.countries.byAccounts.map((x) => [x.key, x.count]));
    assert.deepEqual(got, truth.countryByAccounts);
    assert.equal(a.countries.accounts - a.countries.knownAccounts, truth.unknownCountryAccounts);
  });

  it('writes a summary in sentences with the planted figures', () => {
    const text = a.summary.join('\n');
    assert.match(text, /reposted 15 times within a minute and 87 times within five/);
    assert.match(text, /@hyper_poster alone posted 294 times in two hours/);
    assert.match(text, /@hubnews was the most mentioned account \(15 mentions\)/);
    assert.match(text, /The ten most active accounts posted 1,194 times in 2 h 45 min/);
    assert.match(text, /8 accounts form 1 coordinated group that reposted the same posts within 60 seconds/);
  });

  it('lists the posts behind a figure', async () => {
    const h = a.activeAccounts.accounts.find((x) => x.handle === 'hyper_poster');
    const from = Date.parse(h?.max2hFrom ?? '');
    const r = await listPosts(join(dir, 'case'), {
      account: '@hyper_poster',
      from,
      to: from + 2 * 3600_000 - 1,
      limit: 1000,
    });
    assert.equal(r.total, 294);
    const rts = await listPosts(join(dir, 'case'), {
      repostOf: truth.seedId,
      to: Date.parse(a.seed[0]?.time ?? '') + 60_000,
    });
    assert.equal(rts.total, 15);
  });
});
