import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SocialDb } from '../../src/social/db.js';
import { listPosts } from '../../src/social/posts.js';
import { computeTrail, trailOfItem } from '../../src/trail/trail.js';
import { tempDir } from '../helpers.js';
import { plantTrail } from './planted-trail.js';

/**
 * The workbench asks for the case's trail, several items' trails and post lists at once (the
 * campaign page and item pages open together). Each used to open its own DuckDB instance on
 * social.duckdb: one replayed the WAL another was writing ("Failure while replaying WAL file …"),
 * and two trail computations rewrote the cache tables together ("Catalog write-write conflict"),
 * so a posts panel or a trail card failed now and then.
 */

test('opens of one posts file in one process share one DuckDB instance until the last closes', async (t) => {
  const c = await plantTrail(tempDir(t, 'trail-'));
  const a = await SocialDb.open(c.dir, { create: false });
  const b = await SocialDb.open(c.dir, { create: false });
  assert.equal(a.instance, b.instance, 'one instance, two connections');
  assert.notEqual(a.conn, b.conn);
  await a.run('CREATE TEMP TABLE mine AS SELECT 1 AS x');
  await assert.rejects(b.all('SELECT * FROM mine'), /mine/, 'temporary tables stay per connection');
  a.close();
  assert.deepEqual(await b.all('SELECT count(*) > 0 AS some FROM posts'), [{ some: true }]);
  b.close();
  const again = await SocialDb.open(c.dir, { create: false });
  assert.notEqual(again.instance, a.instance, 'the last close closed it; the next open opens it again');
  again.close();
});

test('trails of items, the case trail and post lists asked together all answer, as asked alone', async (t) => {
  const c = await plantTrail(tempDir(t, 'trail-'));
  const alone = await computeTrail(c.dir);
  const items = alone.items.map((i) => i.itemId);
  assert.ok(items.length >= 3, `items: ${items.length}`);
  const expected = new Map<string, unknown>();
  for (const id of items) expected.set(id, await trailOfItem(c.dir, id));
  const posts = await listPosts(c.dir, { limit: 50 });

  for (let round = 0; round < 3; round++) {
    // A stale cache, as after an import: every item's trail computes the trail again first.
    const db = await SocialDb.open(c.dir, { create: false });
    await db.run('DROP TABLE IF EXISTS trail_cache');
    db.close();
    const [together, ...rest] = await Promise.all([
      computeTrail(c.dir),
      ...items.map((id) => trailOfItem(c.dir, id)),
      ...[1, 2, 3].map(() => listPosts(c.dir, { limit: 50 })),
    ]);
    assert.deepEqual((together as typeof alone).firstSeen, alone.firstSeen);
    for (const [k, id] of items.entries()) assert.deepEqual(rest[k], expected.get(id), `item ${id}`);
    for (const p of rest.slice(items.length)) assert.deepEqual(p, posts);
  }
});
