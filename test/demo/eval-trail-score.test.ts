import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { documentKey, emailKey, scoreTrail } from '../../src/demo/eval-trail-score.js';
import type { TrailTruth } from '../../src/demo/truth.js';
import { trailLanes } from '../../src/trail/lanes.js';
import type { Trail, TrailPostLink } from '../../src/trail/types.js';

/**
 * The trail rows of `leaklens eval` and the timeline lanes, on a hand-written truth and the trail
 * a correct engine gives for it: exact → every row at 100 %; each kind of mistake → its row drops.
 */
const truth: TrailTruth = {
  files: [],
  thread: 'https://boards.4chan.org/pol/thread/1',
  paste: 'https://pastebin.com/abc',
  firstSeen: [
    { platform: '4chan', time: '2017-05-05T18:31:12.000Z', postId: '4chan:1', handle: 'Ab12', via: 'file' },
    { platform: 'x', time: '2017-05-05T18:47:05.000Z', postId: 'x:9', handle: 'frog', via: 'link' },
  ],
  handoffs: [
    {
      fromPlatform: '4chan',
      toPlatform: 'x',
      time: '2017-05-05T18:47:05.000Z',
      postId: 'x:9',
      evidence: 'u',
    },
  ],
  items: [
    {
      kind: 'document',
      sha256: 'AA',
      title: 'a.pdf',
      posts: [{ postId: '4chan:1', platform: '4chan', via: 'file' }],
    },
    {
      kind: 'email',
      messageId: '<m1@x>',
      title: 'Budget',
      quote: 'q',
      posts: [{ postId: 'x:10', platform: 'x', via: 'quote' }],
    },
  ],
  boilerplate: { text: 'sig', items: 7, posts: ['x:20'] },
  noEvidence: ['4chan:5'],
};

const ev = (via: 'file' | 'quote' | 'link') => [{ via, kind: via === 'file' ? 'md5' : via, detail: 'd' }];
const good: Trail = {
  firstSeen: truth.firstSeen.map((f) => ({ ...f })),
  handoffs: [
    {
      fromPlatform: '4chan',
      toPlatform: 'x',
      time: '2017-05-05T18:47:05.000Z',
      postId: 'x:9',
      evidence: ev('link'),
    },
  ],
  items: [
    {
      itemId: 'd1',
      kind: 'Document',
      title: 'a.pdf',
      posts: 1,
      accounts: 1,
      platforms: ['4chan'],
      first: { platform: '4chan', time: '2017-05-05T18:31:12.000Z', postId: '4chan:1' },
      evidence: ev('file'),
    },
    {
      itemId: 'e1',
      kind: 'Email',
      title: 'Budget',
      posts: 1,
      accounts: 1,
      platforms: ['x'],
      first: { platform: 'x', time: '2017-05-05T18:52:30.000Z', postId: 'x:10' },
      evidence: ev('quote'),
    },
  ],
  summary: ['The files appeared first on 4chan.'],
};
const link = (
  itemId: string,
  postId: string,
  platform: string,
  time: string,
  via: 'file' | 'quote' | 'link',
): TrailPostLink => ({
  itemId,
  postId,
  platform,
  time,
  handle: null,
  evidence: ev(via),
});
const goodLinks = [
  link('d1', '4chan:1', '4chan', '2017-05-05T18:31:12.000Z', 'file'),
  link('e1', 'x:10', 'x', '2017-05-05T18:52:30.000Z', 'quote'),
];
const keys: Record<string, string> = { d1: documentKey('aa'), e1: emailKey('m1@x') };
const keyOf = (id: string) => keys[id] ?? null;
const row = (r: ReturnType<typeof scoreTrail>, kind: string) => {
  const k = r.kinds.find((x) => x.kind === kind);
  assert.ok(k, `no row ${kind}`);
  return k;
};

describe('trail rows of leaklens eval', () => {
  test('the planted trail scores 100 % on every row', () => {
    const r = scoreTrail(truth, good, goodLinks, keyOf);
    for (const k of r.kinds) assert.deepEqual([k.kind, k.precision, k.recall], [k.kind, 1, 1]);
    assert.equal(r.order.match, true);
    assert.deepEqual([r.missed, r.extra], [[], []]);
  });

  test('platforms in the wrong order fail the order row', () => {
    const r = scoreTrail(truth, { ...good, firstSeen: [...good.firstSeen].reverse() }, goodLinks, keyOf);
    assert.equal(r.order.match, false);
    assert.equal(row(r, 'first-seen order').recall, 0);
    assert.equal(row(r, 'first seen').recall, 1, 'the same posts, only the order differs');
  });

  test('a first post on the wrong post, or by the wrong means, is a miss', () => {
    const moved = good.firstSeen.map((f) => (f.platform === 'x' ? { ...f, postId: 'x:11' } : f));
    assert.equal(
      row(scoreTrail(truth, { ...good, firstSeen: moved }, goodLinks, keyOf), 'first seen').recall,
      0.5,
    );
    const via = good.firstSeen.map((f) => (f.platform === 'x' ? { ...f, via: 'hashtag' as const } : f));
    assert.equal(
      row(scoreTrail(truth, { ...good, firstSeen: via }, goodLinks, keyOf), 'first seen').precision,
      0.5,
    );
  });

  test('a missing or reversed hand-off fails the hand-off row', () => {
    assert.equal(row(scoreTrail(truth, { ...good, handoffs: [] }, goodLinks, keyOf), 'hand-off').recall, 0);
    const reversed = good.handoffs.map((h) => ({ ...h, fromPlatform: 'x', toPlatform: '4chan' }));
    assert.equal(
      row(scoreTrail(truth, { ...good, handoffs: reversed }, goodLinks, keyOf), 'hand-off').precision,
      0,
    );
  });

  test('boilerplate tied to an item lowers link precision and the untied row', () => {
    const r = scoreTrail(
      truth,
      good,
      [...goodLinks, link('e1', 'x:20', 'x', '2017-05-05T19:10:00.000Z', 'quote')],
      keyOf,
    );
    assert.equal(row(r, 'item link (file or quote)').precision, 0.6667);
    assert.equal(row(r, 'boilerplate or broken media left untied').recall, 0.5);
    assert.deepEqual(r.extra, [`${emailKey('m1@x')} ← x:20`]);
  });

  test('a link to an item the truth does not know is wrong; a link-only tie is not scored', () => {
    const r = scoreTrail(
      truth,
      good,
      [
        goodLinks[0] as TrailPostLink,
        link('zz', 'x:10', 'x', '2017-05-05T18:52:30.000Z', 'quote'),
        link('d1', 'x:9', 'x', '2017-05-05T18:47:05.000Z', 'link'),
      ],
      keyOf,
    );
    assert.deepEqual(r.missed, [`${emailKey('m1@x')} ← x:10`]);
    assert.deepEqual(r.extra, ['item:zz ← x:10']);
  });

  test('Message-IDs and hashes are keyed whatever their brackets or case', () => {
    assert.equal(emailKey('<a@b>'), emailKey('a@b'));
    assert.equal(documentKey('ABC'), documentKey('abc'));
  });
});

describe('trail timeline lanes', () => {
  test('one lane per platform in first-seen order, one mark per post with its roles merged', () => {
    const lanes = trailLanes(good, goodLinks);
    assert.deepEqual(
      lanes.map((l) => [l.platform, l.marks.map((m) => [m.postId, m.roles.join('+')])]),
      [
        ['4chan', [['4chan:1', 'first+file']]],
        [
          'x',
          [
            ['x:9', 'first+handoff'],
            ['x:10', 'quote'],
          ],
        ],
      ],
    );
    const x9 = lanes[1]?.marks[0];
    assert.equal(x9?.label, 'frog: first, handoff from 4chan');
    assert.equal(lanes[1]?.marks[1]?.items[0], 'Budget');
  });

  test('no trail, no lanes', () => {
    assert.deepEqual(trailLanes({ firstSeen: [], handoffs: [], items: [], summary: [] }, []), []);
  });
});
