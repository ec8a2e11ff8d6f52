import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CfbStructureError, checkCfbStructure } from '../../src/ingest/documents/cfb-guard.js';
import { cyclicDirectoryCfb, loopingStreamCfb, minimalCfb, selfLoopingMsg } from './gen-cfb.js';
import { assertNormalsIngested, failuresOf, ingestHostile } from './helpers.js';

test('the guard names each chain defect and accepts a well-formed file', () => {
  assert.equal(selfLoopingMsg().length, 1536);
  assert.throws(() => checkCfbStructure(selfLoopingMsg()), /directory chain loops at sector 1/);
  assert.throws(() => checkCfbStructure(loopingStreamCfb()), /stream 1 chain loops at sector 2/);
  assert.throws(() => checkCfbStructure(cyclicDirectoryCfb()), /directory tree reaches entry 1 twice/);
  assert.throws(() => checkCfbStructure(Buffer.alloc(100)), CfbStructureError);
  assert.doesNotThrow(() => checkCfbStructure(minimalCfb()));
});

test('a self-looping .msg becomes a corrupt failure at once; the files beside it are ingested', async (t) => {
  const { store, summary } = await ingestHostile(t, {
    'loop.msg': selfLoopingMsg(),
    'loop.doc': selfLoopingMsg(),
    'loop-stream.doc': loopingStreamCfb(),
    'cycle.msg': cyclicDirectoryCfb(),
  });
  assert.equal(summary.files, 6);
  assertNormalsIngested(store);
  const f = (n: string) => failuresOf(store, n).map((x) => [x.reason, x.message.replace(/^.*?: /, '')]);
  assert.deepEqual(f('/loop.msg'), [
    ['corrupt', 'broken compound file (the directory chain loops at sector 1)'],
  ]);
  assert.deepEqual(f('/loop.doc'), [
    ['corrupt', 'broken OLE2 compound file (the directory chain loops at sector 1)'],
  ]);
  assert.deepEqual(f('/loop-stream.doc'), [
    ['corrupt', 'broken OLE2 compound file (the stream 1 chain loops at sector 2)'],
  ]);
  assert.deepEqual(f('/cycle.msg'), [
    ['corrupt', 'broken compound file (the directory tree reaches entry 1 twice (a cycle))'],
  ]);
  // The hostile originals are kept as failed items (loop.msg and loop.doc share bytes, so one item
  // with two locations).
  const failed = store.db
    .prepare(
      "SELECT l.provenance AS p FROM items i JOIN locations l ON l.item_id = i.id WHERE i.status = 'failed' ORDER BY p",
    )
    .all() as { p: string }[];
  assert.deepEqual(
    failed.map((r) => r.p.split('/').pop()),
    ['cycle.msg', 'loop-stream.doc', 'loop.doc', 'loop.msg'],
  );
});

test('a PST whose node stream reads past its end (a fuzz hang) is recorded, its other messages kept', async (t) => {
  const hang = readFileSync(new URL('../fixtures/fuzz/pst--seed180579.pst', import.meta.url));
  const { store } = await ingestHostile(t, { 'hang.pst': hang });
  assertNormalsIngested(store);
  assert.deepEqual(
    failuresOf(store, 'hang.pst').map((f) => [
      f.provenance.split('/').slice(1).join('/'),
      f.reason,
      f.message,
    ]),
    [
      [
        'hang.pst!/Top of Outlook data file/Inbox/tmp#unread',
        'corrupt',
        'folder /Top of Outlook data file/Inbox/tmp: 1 of 4 messages could not be read',
      ],
    ],
  );
  const msgs = store.db
    .prepare("SELECT count(*) AS n FROM items WHERE kind = 'Email' AND provenance LIKE '%hang.pst!%'")
    .get() as { n: number };
  assert.ok(msgs.n >= 3, `${msgs.n} messages kept`);
});
