import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { coordination } from '../../src/social/coordinate.js';
import { SocialDb } from '../../src/social/db.js';
import { importPosts } from '../../src/social/import/index.js';
import { createScope } from '../../src/social/scope.js';
import { detectGroups, generateNetwork } from '../../src/social/signals/coordination.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/social/russian_coord_tweets.csv');

interface Share {
  object: string;
  account: string;
  content: string;
  ts: number;
}

/**
 * A straightforward reading of CooRTweet's detect_groups (R/detect_groups.R) and
 * generate_coordinated_network: loops over every pair, no SQL, no buckets. Exact duplicate rows
 * count once, as documented for leaklens.
 */
function reference(rows: Share[], window: number, minP: number) {
  const perAccount = new Map<string, number>();
  for (const r of rows) perAccount.set(r.account, (perAccount.get(r.account) ?? 0) + 1);
  const x = rows.filter((r) => (perAccount.get(r.account) ?? 0) >= minP);
  const byObject = new Map<string, Share[]>();
  for (const r of x) byObject.set(r.object, [...(byObject.get(r.object) ?? []), r]);
  let pairs: [Share, Share][] = [];
  for (const group of byObject.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i] as Share;
        const b = group[j] as Share;
        if (Math.abs(a.ts - b.ts) > window) continue;
        if (
          a.object === a.content ||
          a.object === b.content ||
          a.content === b.content ||
          a.account === b.account
        )
          continue;
        pairs.push([a, b]);
      }
    }
  }
  const ids = new Set(pairs.flatMap(([a, b]) => [a.content, b.content]));
  const inIds = x.filter((r) => ids.has(r.content));
  const count = new Map<string, number>();
  for (const r of inIds) count.set(r.account, (count.get(r.account) ?? 0) + 1);
  const filt = new Set(inIds.filter((r) => (count.get(r.account) ?? 0) >= minP).map((r) => r.content));
  pairs = pairs.filter(([a, b]) => filt.has(a.content) || filt.has(b.content));
  const edges = new Map<string, number>();
  for (const [a, b] of pairs) {
    const k = [a.account, b.account].sort().join(' ');
    edges.set(k, (edges.get(k) ?? 0) + 1);
  }
  const accounts = new Set(pairs.flatMap(([a, b]) => [a.account, b.account]));
  return { pairs: pairs.length, edges, accounts: accounts.size };
}

/** R's quantile type 7. */
function quantile7(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return (s[lo] as number) + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] as number) - (s[lo] as number));
}

describe('CooRTweet russian_coord_tweets benchmark (35,125 retweets)', () => {
  let dir: string;
  let rows: Share[];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'leaklens-coortweet-'));
    const lines = readFileSync(FIXTURE, 'utf8').trim().split('\n').slice(1);
    const uniq = [...new Set(lines)];
    rows = uniq.map((l) => {
      const [object, account, content, ts] = l.split(',');
      return {
        object: `csv:${object}`,
        account: `csv:${account}`,
        content: `csv:${content}`,
        ts: Number(ts),
      };
    });
    const s = await importPosts(dir, [FIXTURE]);
    assert.equal(s.files[0]?.format, 'csv');
    assert.equal(s.files[0]?.read, 35125);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const window of [10, 60, 300]) {
    it(`time_window ${window} s, min_participation 2: same pairs, edges and weights as the reference`, async () => {
      const ref = reference(rows, window, 2);
      const db = await SocialDb.open(dir);
      try {
        await createScope(db);
        const pairs = await detectGroups(db, { by: 'object', timeWindow: window, minParticipation: 2 });
        assert.equal(pairs, ref.pairs);
        const net = await generateNetwork(db, 0.5);
        assert.equal(net.edges, ref.edges.size);
        const got = await db.all<{ k: string; w: number }>(
          "SELECT account_id || ' ' || account_id_y AS k, weight AS w FROM coord_edges",
        );
        for (const e of got) assert.equal(ref.edges.get(e.k), e.w, `edge ${e.k}`);
        const q = quantile7([...ref.edges.values()], 0.5);
        assert.equal(net.threshold, q);
        assert.equal(net.strong, [...ref.edges.values()].filter((w) => w > q).length);
      } finally {
        db.close();
      }
    });
  }

  it('the object column is used without --by, and groups come with evidence', async () => {
    const c = await coordination(dir, { timeWindow: 60, minParticipation: 2, edgeWeight: 0.5 });
    assert.equal(c.by, 'object');
    assert.equal(c.pairs, reference(rows, 60, 2).pairs);
    assert.ok(c.groups.length > 0);
    assert.ok(c.topEdges[0]?.evidence.every((e) => e.deltaSeconds <= 60));
  });

  it('re-importing the file adds nothing', async () => {
    const s = await importPosts(dir, [FIXTURE]);
    assert.equal(s.postsAdded, 0);
    assert.equal(s.totalPosts, new Set(rows.map((r) => r.content)).size);
  });
});
