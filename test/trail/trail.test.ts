import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SocialDb } from '../../src/social/db.js';
import { importPosts } from '../../src/social/import/index.js';
import { computeTrail, trailOfItem } from '../../src/trail/trail.js';
import { tempDir } from '../helpers.js';
import { BODIES, LINK_TWEET, OP, plantTrail, QUOTE_TWEET, T0 } from './planted-trail.js';

const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

test('trail: a planted leak path is found exactly, every link with its evidence', async (t) => {
  const c = await plantTrail(tempDir(t, 'trail-'));
  const tr = await computeTrail(c.dir);

  assert.deepEqual(
    tr.firstSeen.map((f) => [f.platform, f.time, f.postId, f.handle, f.via]),
    [
      ['4chan', at(0), `4chan:${OP}`, 'op111', 'file'],
      ['x', at(18), `x:${LINK_TWEET}`, 'relay1', 'link'],
      ['telegram', at(40), 'telegram:1001/1', 'LeakRelay', 'file'],
    ],
  );
  assert.deepEqual(
    tr.handoffs.map((h) => [h.fromPlatform, h.toPlatform, h.time, h.postId, h.evidence[0]?.kind]),
    [
      ['4chan', 'x', at(18), `x:${LINK_TWEET}`, 'post-link'],
      ['x', 'telegram', at(44), 'telegram:1001/2', 'post-link'],
    ],
  );
  assert.equal(tr.handoffs[0]?.evidence[0]?.value, `https://boards.4chan.org/pol/thread/${OP}`);

  const byTitle = new Map(tr.items.map((i) => [i.title, i]));
  const plan = byTitle.get('plan-campagne.png');
  assert.ok(plan, 'the PNG surfaced');
  assert.equal(plan.posts, 2);
  assert.deepEqual(plan.platforms, ['4chan', 'telegram']);
  assert.deepEqual(plan.first, { platform: '4chan', time: at(0), postId: `4chan:${OP}` });
  const md5 = createHash('md5').update(c.png).digest('hex');
  assert.ok(
    plan.evidence.some((e) => e.kind === 'md5' && e.value === md5),
    'base64 MD5 of 4chan decoded to hex',
  );
  assert.ok(plan.evidence.some((e) => e.kind === 'filename'));
  assert.ok(
    plan.evidence.some((e) => e.kind === 'phash' && e.via === 'file'),
    're-encoded JPEG matched by dHash',
  );

  const note = byTitle.get('note-deplacements.txt');
  assert.ok(
    note?.evidence.some(
      (e) => e.kind === 'md5' && e.value === createHash('md5').update(c.note).digest('hex'),
    ),
  );

  const mail = byTitle.get('Point 2');
  assert.ok(mail, 'the quoted e-mail surfaced');
  assert.equal(mail.posts, 2, 'the quote and its retweet');
  assert.deepEqual(mail.first, { platform: 'x', time: at(25), postId: `x:${QUOTE_TWEET}` });
  const q = mail.evidence.find((e) => e.kind === 'quote');
  assert.equal(q?.value, 'nous avons recu les factures du prestataire audiovisuel pour le meeting de lyon');
  assert.ok(mail.evidence.some((e) => e.kind === 'repost-of-quote'));

  // The footer is in all five e-mails: the post quoting it is not tied to any of them.
  assert.equal(tr.items.length, 3, tr.items.map((i) => i.title).join(', '));
  assert.ok(tr.stats.boilerplateRuns > 0);
  assert.equal(tr.stats.boilerplatePosts, 1);
  assert.equal(tr.stats.urlsNotUrls, 1);

  assert.match(tr.summary[0] ?? '', /^The files appeared first on 4chan at 18:31 UTC on 5 May 2017/);
  assert.match(
    tr.summary[1] ?? '',
    /^The first post on X tied to the dump came 18 minutes later, at 18:49 UTC on 5 May 2017, by @relay1/,
  );
  for (const i of tr.items)
    for (const e of i.evidence) assert.ok(e.detail.length > 20 && e.value, 'every link shows evidence');

  const links = await trailOfItem(c.dir, mail.itemId);
  assert.deepEqual(
    links.map((l) => [l.postId, l.platform, l.handle]),
    [
      [`x:${QUOTE_TWEET}`, 'x', 'relay2'],
      ['x:861000000000000003', 'x', 'amp3'],
    ],
  );
  assert.deepEqual(await trailOfItem(c.dir, 'no-such-item'), []);

  // New posts after the trail: the item page's cache is stale and is computed again.
  const more = join(c.dir, '..', 'more.jsonl');
  writeFileSync(
    more,
    JSON.stringify({
      id_str: '861000000000000077',
      created_at: 'Fri May 05 20:00:00 +0000 2017',
      text: `so ${BODIES[3]}`,
      user: { id_str: 'u-late', screen_name: 'late' },
    }),
  );
  await importPosts(c.dir, [more]);
  const mail4 = (await computeTrail(c.dir)).items.find((i) => i.title === 'Point 4');
  assert.ok(mail4);
  await importPosts(c.dir, [more]);
  assert.deepEqual(
    (await trailOfItem(c.dir, mail4.itemId)).map((l) => [l.postId, l.evidence[0]?.kind]),
    [['x:861000000000000077', 'quote']],
  );
});

test('trail: the item page follows new posts (its cache is recomputed when the posts change)', async (t) => {
  const c = await plantTrail(tempDir(t, 'trail-'));
  const before = await computeTrail(c.dir);
  const mail = before.items.find((i) => i.title === 'Point 2');
  assert.ok(mail);
  assert.equal((await trailOfItem(c.dir, mail.itemId)).length, 2);
  const more = join(c.dir, '..', 'late.jsonl');
  writeFileSync(
    more,
    JSON.stringify({
      id_str: '861000000000000078',
      created_at: 'Fri May 05 21:00:00 +0000 2017',
      text: `again: ${BODIES[1]}`,
      user: { id_str: 'u-late', screen_name: 'late' },
    }),
  );
  await importPosts(c.dir, [more]);
  const links = await trailOfItem(c.dir, mail.itemId);
  assert.deepEqual(
    links.map((l) => l.postId),
    [`x:${QUOTE_TWEET}`, 'x:861000000000000003', 'x:861000000000000078'],
  );
});

test('trail: broken media fields are kept out, counted, and never lose the post', async (t) => {
  const c = await plantTrail(tempDir(t, 'trail-'));
  const warn = c.imports.warnings.filter((w) => w.reason === 'bad-media').map((w) => w.message);
  assert.ok(
    warn.some((m) => /md5 "abc" is neither base64 nor hex MD5/.test(m)),
    warn.join('\n'),
  );
  assert.ok(warn.some((m) => /fsize is not a byte count/.test(m)));
  assert.ok(warn.some((m) => /ext .* is not a file extension/.test(m)));
  assert.ok(warn.some((m) => /media entity without a media URL/.test(m)));
  assert.ok(
    warn.some((m) => /path leaves the export folder/.test(m)),
    'a path out of the export folder is never read',
  );
  assert.equal(c.imports.failures.length, 0);
  const db = await SocialDb.open(c.dir, { create: false });
  try {
    const rows = await db.all<{
      post_id: string;
      md5: string | null;
      name: string | null;
      size: number | null;
      path: string | null;
    }>('SELECT post_id, md5, name, size, path FROM media ORDER BY post_id');
    const broken = rows.find((r) => r.post_id === `4chan:${OP + 2}`);
    assert.deepEqual(broken, { post_id: `4chan:${OP + 2}`, md5: null, name: 'y', size: null, path: null });
    const tg = rows.find((r) => r.post_id === 'telegram:1001/1');
    assert.equal(tg?.path, 'photos/photo_1.jpg');
    assert.match(tg?.md5 ?? '', /^[0-9a-f]{32}$/);
    const [n] = await db.all<{ n: number }>("SELECT count(*) AS n FROM posts WHERE platform = '4chan'");
    assert.equal(n?.n, 4);
  } finally {
    db.close();
  }
});
