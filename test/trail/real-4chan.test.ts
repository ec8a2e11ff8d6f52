import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ingestPaths } from '../../src/ingest/manager.js';
import { SocialDb } from '../../src/social/db.js';
import { importPosts } from '../../src/social/import/index.js';
import { Store } from '../../src/store/store.js';
import { computeTrail } from '../../src/trail/trail.js';
import { FIXTURES, tempDir } from '../helpers.js';

const THREAD = join(FIXTURES, 'social/real/4cat-thread_valid.json');

test('real 4chan thread (4CAT test suite): every file kept with its MD5 decoded from base64', async (t) => {
  const dir = join(tempDir(t, 'trail-real-'), 'case');
  const s = await importPosts(dir, [THREAD]);
  assert.equal(s.failures.length, 0);
  assert.equal(s.warnings.filter((w) => w.reason === 'bad-media').length, 0);
  const db = await SocialDb.open(dir, { create: false });
  try {
    const rows = await db.all<{ post_id: string; name: string; md5: string; size: number; path: string }>(
      'SELECT post_id, name, md5, size, path FROM media ORDER BY post_id',
    );
    // Expected hex computed apart (Python base64.b64decode(…).hex()) from the file's md5 fields.
    assert.deepEqual(
      rows.map((r) => [r.post_id, r.name, r.md5, r.size]),
      [
        ['4chan:231108796', 'YC9KyJE.jpg', 'b3375e6365a4226c06a7f311dcb1c80a', 159465],
        ['4chan:231108986', 'banner-UltraRemix-620x350.jpg', '0e1a02fbb915d348ebceb64c5ba7cb3a', 38794],
        ['4chan:231109057', 'kaeo milker.png', 'b3742ad91066301ec0ba993213e3f657', 1091653],
        ['4chan:231109180', '1503429290104.jpg', 'ebe7b48985751f4f8748d08f01bed8d5', 92742],
        ['4chan:231109260', '1516474149551.png', '84642323214f1ae00397c33d4c6afbf0', 1402055],
        [
          '4chan:231109274',
          'tumblr_pcocr4qxLd1wuwruyo1_1280.jpg',
          '0824e65ec2d97b715d1e086c0d5a3b0f',
          161740,
        ],
      ],
    );
    assert.equal(rows[0]?.path, '1539575674701.jpg', 'tim + ext: the stored name on i.4cdn.org');
  } finally {
    db.close();
  }
});

test('real 4chan thread against a dump: a specific file name ties, a name of digits does not', async (t) => {
  const root = tempDir(t, 'trail-real-');
  const dump = join(root, 'dump');
  mkdirSync(dump);
  // Bytes unlike the posted files (their bytes are not public here): only the names can meet.
  writeFileSync(join(dump, 'banner-UltraRemix-620x350.jpg'), 'not the posted image');
  writeFileSync(join(dump, '1503429290104.jpg'), 'also not the posted image');
  const dir = join(root, 'case');
  const store = Store.open(dir);
  try {
    await ingestPaths(store, [dump], { workers: 1, silent: true });
  } finally {
    store.close();
  }
  await importPosts(dir, [THREAD]);
  const tr = await computeTrail(dir);
  assert.deepEqual(
    tr.items.map((i) => [i.title, i.posts, i.evidence.map((e) => e.kind)]),
    [['banner-UltraRemix-620x350.jpg', 1, ['filename']]],
  );
  assert.equal(tr.stats.genericNamesSkipped, 1);
  assert.deepEqual(
    tr.firstSeen.map((f) => [f.platform, f.postId, f.via]),
    [['4chan', '4chan:231108986', 'file']],
  );
});
