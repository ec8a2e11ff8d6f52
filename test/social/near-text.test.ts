import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { coordination } from '../../src/social/coordinate.js';
import { SocialDb } from '../../src/social/db.js';
import { importPosts } from '../../src/social/import/index.js';
import { createScope } from '../../src/social/scope.js';
import { detectGroups } from '../../src/social/signals/coordination.js';
import {
  clusterTexts,
  hash32,
  jaccard,
  normaliseText,
  shingles,
} from '../../src/social/signals/near-text.js';

/** mulberry32, so the generated campaign is the same on every run. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCAB = (
  'les documents montrent que la campagne a menti sur ses comptes et ses soutiens étrangers ' +
  'partagez avant la censure lisez les mails vous verrez tout ce que les médias cachent depuis des mois ' +
  'the files prove everything share before they delete it read the emails yourself nobody reports this'
).split(' ');

/** Independent of near-text.ts: word 3-grams as a Set of strings. */
function refShingles(text: string): Set<string> {
  const w = text
    .replace(/https?:\/\/\S+|@\w+|^RT\s/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ');
  if (w.length < 3) return new Set([w.join(' ')]);
  const s = new Set<string>();
  for (let i = 0; i + 3 <= w.length; i++) s.add(w.slice(i, i + 3).join(' '));
  return s;
}
function refJaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Templates of 30 words, and variants: identical, re-punctuated, one word appended, last or middle word replaced. */
function campaign(n: number, seed: number) {
  const r = prng(seed);
  const pick = () => VOCAB[Math.floor(r() * VOCAB.length)] as string;
  const templates = Array.from({ length: 6 }, () => Array.from({ length: 30 }, pick));
  const T = Date.UTC(2017, 4, 5, 18, 0, 0) / 1000;
  const posts: { id: string; account: string; time: number; text: string }[] = [];
  for (let i = 0; i < n; i++) {
    const w = [...(templates[Math.floor(r() * templates.length)] as string[])];
    const kind = Math.floor(r() * 5);
    if (kind === 1) w[3] = `${w[3]?.toUpperCase()},`;
    if (kind === 2) w.push(pick());
    if (kind === 3) w[29] = pick();
    if (kind === 4) w[15] = pick();
    posts.push({
      id: String(1000 + i),
      account: `acct${Math.floor(r() * 40)}`,
      time: T + Math.floor(r() * 3600),
      text: `${w.join(' ')}${r() < 0.3 ? ' https://x.example/' + i : ''} #leak`,
    });
  }
  return posts;
}

/** CooRTweet detect_similar_text + detect_groups' participation filter, pair by pair. */
function reference(posts: ReturnType<typeof campaign>, window: number, minP: number, minSim: number) {
  const sh = new Map(posts.map((p) => [p.id, refShingles(p.text)]));
  const perAccount = new Map<string, number>();
  for (const p of posts) perAccount.set(p.account, (perAccount.get(p.account) ?? 0) + 1);
  const x = posts.filter((p) => (perAccount.get(p.account) ?? 0) >= minP);
  let pairs: [(typeof posts)[0], (typeof posts)[0]][] = [];
  for (let i = 0; i < x.length; i++)
    for (let j = i + 1; j < x.length; j++) {
      const a = x[i] as (typeof posts)[0];
      const b = x[j] as (typeof posts)[0];
      if (a.account === b.account || Math.abs(a.time - b.time) > window) continue;
      if (refJaccard(sh.get(a.id) as Set<string>, sh.get(b.id) as Set<string>) >= minSim) pairs.push([a, b]);
    }
  const ids = new Set(pairs.flatMap(([a, b]) => [a.id, b.id]));
  const inIds = x.filter((p) => ids.has(p.id));
  const count = new Map<string, number>();
  for (const p of inIds) count.set(p.account, (count.get(p.account) ?? 0) + 1);
  const filt = new Set(inIds.filter((p) => (count.get(p.account) ?? 0) >= minP).map((p) => p.id));
  pairs = pairs.filter(([a, b]) => filt.has(a.id) || filt.has(b.id));
  const edges = new Map<string, number>();
  for (const [a, b] of pairs) {
    const k = [`csv:${a.account}`, `csv:${b.account}`].sort().join(' ');
    edges.set(k, (edges.get(k) ?? 0) + 1);
  }
  return { pairs: pairs.length, edges };
}

describe('near-identical texts (MinHash + exact Jaccard)', () => {
  it('word 3-gram Jaccard on known strings', () => {
    assert.equal(normaliseText('RT @bob: Lisez les MAILS, vite ! https://t.co/x'), 'lisez les mails vite');
    const a = shingles('a b c d');
    const b = shingles('a b c e');
    assert.equal(a.length, 2);
    assert.equal(jaccard(a, b), 1 / 3);
    assert.equal(jaccard(a, shingles('a b c d')), 1);
    assert.equal(jaccard(shingles('a b'), shingles('a b')), 1);
    assert.equal(jaccard(shingles('a b'), shingles('a c')), 0);
  });

  it('clusters hold every pair a brute-force comparison finds at 0.8 and 0.6', () => {
    const texts = [...new Set(campaign(600, 7).map((p) => normaliseText(p.text)))];
    for (const min of [0.8, 0.6]) {
      const { cluster, pairs } = clusterTexts(texts, min);
      const ref = texts.map(refShingles);
      let expected = 0;
      for (let i = 0; i < texts.length; i++)
        for (let j = i + 1; j < texts.length; j++)
          if (refJaccard(ref[i] as Set<string>, ref[j] as Set<string>) >= min) {
            expected++;
            assert.equal(cluster[i], cluster[j], `texts ${i} and ${j} are similar but in different clusters`);
          }
      assert.ok(expected > 100, `the generated set has similar pairs (${expected})`);
      // Every verified pair is truly above the threshold.
      for (const [i, j, s] of pairs)
        assert.ok(s >= min && refJaccard(ref[i] as Set<string>, ref[j] as Set<string>) === s);
    }
  });

  it('shingles hash each word 3-gram as split(" ") and join(" ") give it, whatever the spacing', () => {
    const word = fc.stringMatching(/^[a-zé1 ]{0,6}$/);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), (parts) => {
        const text = parts.join(' ');
        const w = text ? text.split(' ') : [];
        const want =
          w.length < 3
            ? [hash32(w.join(' '))]
            : w.slice(2).map((_, i) => hash32(w.slice(i, i + 3).join(' ')));
        assert.deepEqual(
          [...shingles(text)],
          [...new Set(want)].sort((a, b) => a - b),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('clusters and pairs are those of the first implementation (same MinHash bands, same order)', () => {
    // Digests of clusterTexts' output before its band loop and shingling were rewritten for speed
    // (one pass per band over each text's shingles, 3-grams hashed in place): the candidates, and
    // so the clusters and their representatives in `campaign analyze`, must not move.
    const texts = [...new Set(campaign(600, 7).map((p) => normaliseText(p.text)))];
    const digest = (c: ReturnType<typeof clusterTexts>) =>
      createHash('sha256')
        .update(`${[...c.cluster].join(',')}|${c.pairs.map((p) => p.join(':')).join(',')}`)
        .digest('hex');
    assert.equal(
      digest(clusterTexts(texts, 0.8)),
      '78b0a7b316421984b9f4c5a52214552ab2c30b83b9f021db80f4517c9e4c6682',
    );
    assert.equal(
      digest(clusterTexts(texts, 0.6)),
      '044aab262013754fb7f69c6e941ae41d32879ad945cf03378a174720225120a4',
    );
  });

  it('at 1 only identical normalised texts share a cluster', () => {
    const { cluster } = clusterTexts(['les documents prouvent tout', 'les documents prouvent tout vite'], 1);
    assert.notEqual(cluster[0], cluster[1]);
  });

  describe('coordination by text against a pair-by-pair reference', () => {
    let dir: string;
    const posts = campaign(700, 2017);
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'leaklens-near-text-'));
      const f = join(dir, 'posts.csv');
      const rows = [
        ['id', 'account', 'time', 'text'],
        ...posts.map((p) => [p.id, p.account, p.time, p.text]),
      ];
      writeFileSync(f, `${rows.map((r) => r.map((c) => `"${String(c)}"`).join(',')).join('\n')}\n`);
      const s = await importPosts(dir, [f], { format: 'csv' });
      assert.equal(s.postsAdded, posts.length);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    for (const [window, minSim] of [
      [60, 0.8],
      [60, 0.6],
      [300, 0.8],
      [60, 1],
    ] as const) {
      it(`window ${window} s, min similarity ${minSim}: same pairs and edge weights`, async () => {
        const ref = reference(posts, window, 2, minSim);
        assert.ok(ref.pairs > 50, `the planted campaign has pairs (${ref.pairs})`);
        const db = await SocialDb.open(dir);
        try {
          await createScope(db);
          const n = await detectGroups(db, {
            by: 'text',
            timeWindow: window,
            minParticipation: 2,
            minSimilarity: minSim,
          });
          assert.equal(n, ref.pairs);
          const low = await db.all<{ n: number }>(
            `SELECT count(*) AS n FROM coord_pairs WHERE similarity_score < ${minSim} OR time_delta > ${window}`,
          );
          assert.equal(low[0]?.n, 0);
          const got = await db.all<{ k: string; w: number }>(
            "SELECT least(account_id, account_id_y) || ' ' || greatest(account_id, account_id_y) AS k, count(*) AS w FROM coord_pairs GROUP BY 1",
          );
          assert.equal(got.length, ref.edges.size);
          for (const e of got) assert.equal(ref.edges.get(e.k), e.w, `edge ${e.k}`);
        } finally {
          db.close();
        }
      });
    }

    it('a lower similarity finds at least as many pairs, and the result says which was used', async () => {
      const strict = await coordination(dir, {
        by: 'text',
        timeWindow: 60,
        minParticipation: 2,
        minSimilarity: 1,
      });
      const loose = await coordination(dir, {
        by: 'text',
        timeWindow: 60,
        minParticipation: 2,
        minSimilarity: 0.6,
      });
      assert.equal(loose.minSimilarity, 0.6);
      assert.ok(loose.pairs > strict.pairs);
      await assert.rejects(coordination(dir, { by: 'text', minSimilarity: 1.5 }), /similarity/);
    });
  });
});
