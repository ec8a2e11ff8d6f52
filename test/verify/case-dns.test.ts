/** verifyCase with --dns: the answer is archived with its fetch date and used offline afterwards. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mock, test } from 'node:test';
import { sha256 } from '../../src/model/ids.js';
import { Store } from '../../src/store/store.js';
import { verifyCase } from '../../src/verify/case.js';
import { listKeys } from '../../src/verify/key-archive.js';
import { verifyStage } from '../../src/verify/stage.js';
import { plainMessage, rsaKey, sign } from './helpers.js';

test('live answers are archived (kind dns, fetched_at) and reused without DNS', async () => {
  const root = mkdtempSync(join(tmpdir(), 'leaklens-verify-dns-'));
  const store = Store.open(join(root, 'case'));
  try {
    const key = rsaKey(1024);
    const raw = Buffer.from(await sign(plainMessage(), { domain: 'example.fr', selector: 'live', key }));
    const sha = sha256(raw);
    store.blobs.put(sha, raw);
    store.db
      .prepare(
        `INSERT INTO items(id, kind, sha256, size, provenance) VALUES ('em-1', 'Email', ?, ?, 'dump/1.eml')`,
      )
      .run(sha, raw.length);
    store.db
      .prepare(
        `INSERT INTO items(id, kind, sha256, size, provenance) VALUES ('em-2', 'Email', ?, 1, 'dump/lost.eml')`,
      )
      .run('0'.repeat(64));
    const resolver = mock.fn(async () => [[key.record]]);
    const r1 = await verifyCase(store, { dns: true, resolver, silent: true });
    assert.equal(r1.counts.verified, 1);
    assert.equal(r1.keysFetched, 1);
    // A message whose original bytes are gone is a recorded failure, not a crash.
    assert.equal(r1.failures, 1);
    const failure = store.db.prepare(`SELECT reason, provenance FROM failures WHERE stage = 'verify'`).get();
    assert.deepEqual(failure, { reason: 'missing-blob', provenance: 'dump/lost.eml' });
    const [archived] = listKeys(store);
    assert.deepEqual(
      [archived?.kind, archived?.source, archived?.record],
      ['dns', 'dns:live._domainkey.example.fr', key.record],
    );
    assert.match(archived?.fetchedAt ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d/);
    const r2 = await verifyCase(store, { silent: true, resolver });
    assert.equal(r2.counts.verified, 1);
    assert.equal(resolver.mock.callCount(), 1);
    // The pipeline stage runs the same, offline, and reports counts and sentences.
    const stage = await verifyStage.run(store, { silent: true });
    assert.equal(stage.stage, 'verify');
    assert.deepEqual([stage.counts.messages, stage.counts.verified, stage.counts.failures], [1, 1, 1]);
    assert.match(stage.summary, /^1 e-mail was checked\. 1 \(100\.0%\) carries a DKIM signature/);
    const row = store.db.prepare(`SELECT signatures_json FROM verdicts WHERE item_id = 'em-1'`).get() as {
      signatures_json: string;
    };
    assert.equal(JSON.parse(row.signatures_json)[0].keySource.kind, 'dns');
  } finally {
    store.close();
    rmSync(root, { recursive: true, force: true });
  }
});
