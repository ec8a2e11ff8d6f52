import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../cli/run.js';
import { tempDir } from '../helpers.js';
import { LINK_TWEET, OP, plantTrail } from './planted-trail.js';

test('leaklens trail: summary, first-seen table, hand-offs and items; --json has the fixed keys', async (t) => {
  const c = await plantTrail(tempDir(t, 'trail-cli-'));
  const human = await runCli('trail', '--case', c.dir);
  assert.equal(human.code, 0, human.err);
  assert.match(human.out, /^The files appeared first on 4chan at 18:31 UTC on 5 May 2017/);
  assert.match(human.out, /First seen, per platform:/);
  assert.match(human.out, new RegExp(`4chan → X .*x:${LINK_TWEET}`));
  assert.match(human.out, /plan-campagne\.png .* 2 post\(s\), 2 account\(s\) on 4chan, Telegram/);
  const json = await runCli('trail', '--json', '--case', c.dir);
  assert.equal(json.code, 0, json.err);
  const tr = JSON.parse(json.out);
  assert.deepEqual(Object.keys(tr).slice(0, 4), ['firstSeen', 'handoffs', 'items', 'summary']);
  assert.equal(tr.firstSeen[0].postId, `4chan:${OP}`);
  // A smaller boilerplate limit: the footer is still ignored, the e-mail quote still found.
  const strict = JSON.parse(
    (await runCli('trail', '--json', '--boilerplate-items', '1', '--case', c.dir)).out,
  );
  assert.ok(strict.items.some((i: { title: string }) => i.title === 'Point 2'));
});

test('leaklens trail: a case without posts is a one-line error (exit 2), a bad option too', async (t) => {
  const r = await runCli('trail', '--case', join(tempDir(t, 'trail-cli-'), 'none'));
  assert.equal(r.code, 2);
  assert.match(r.err, /^leaklens: no case at .*the trail joins the dump with imported posts/);
  const bad = await runCli('trail', '--boilerplate-items', 'lots');
  assert.notEqual(bad.code, 0);
  assert.match(bad.err, /--boilerplate-items/);
});
