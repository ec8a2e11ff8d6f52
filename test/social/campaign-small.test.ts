import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'leaklens-campaign-small-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A real-shaped small case: one 4chan thread (anonymous posters, >> reply links) and ten X posts. */
function smallCase(folder: string): void {
  mkdirSync(join(folder, 'x'), { recursive: true });
  const t0 = 1493920000;
  const posts = [
    {
      no: 123456700,
      resto: 0,
      time: t0,
      name: 'Anonymous',
      sub: 'dump',
      com: 'files at https://paste.example/abc<wbr>def #MacronLeaks',
    },
    ...[1, 2, 3].map((i) => ({
      no: 123456700 + i,
      resto: 123456700,
      time: t0 + i * 60,
      name: 'Anonymous',
      com: `<a href="#p${123456700 + i - 1}" class="quotelink">&gt;&gt;${123456700 + i - 1}</a><br>bump ${i}`,
    })),
  ];
  writeFileSync(join(folder, 'thread.json'), JSON.stringify({ posts }));
  const tweets = Array.from({ length: 10 }, (_, i) => ({
    id_str: String(900 + i),
    created_at: new Date((t0 + 600 + i * 300) * 1000)
      .toUTCString()
      .replace(/^(\w+), (\d+) (\w+) (\d+) (.*) GMT$/, '$1 $3 $2 $5 +0000 $4'),
    full_text: i % 2 ? `RT @voice${i}: #MacronLeaks news ${i}` : `#MacronLeaks post ${i}`,
    entities: { hashtags: [{ text: 'MacronLeaks' }], user_mentions: [], urls: [] },
    user: { id_str: `u${i}`, screen_name: `voice${i}` },
  }));
  writeFileSync(join(folder, 'x', 'tweets.jsonl'), tweets.map((t) => JSON.stringify(t)).join('\n'));
}

describe('campaign on a small real-shaped case', () => {
  const kase = join(dir, 'case');
  const folder = join(dir, 'exports');
  smallCase(folder);

  it('imports a folder and writes a summary with no trivial or false sentence', () => {
    const imp = run('campaign', 'import', folder, '--case', kase, '--json');
    assert.equal(imp.code, 0, imp.err);
    assert.equal(JSON.parse(imp.out).postsAdded, 14);
    const a = run('campaign', 'analyze', '--case', kase);
    assert.equal(a.code, 0, a.err);
    assert.equal(a.err, '');
    const text = a.out;
    assert.match(text, /14 posts \(0 reposts\) by 14 accounts/);
    assert.doesNotMatch(text, /\b1 times\b/);
    assert.doesNotMatch(text, /alone posted/);
    assert.doesNotMatch(text, /@1234567/);
    assert.doesNotMatch(text, /by , /);
    assert.doesNotMatch(text, /most mentioned/);
    assert.match(text, /The first post, by an anonymous 4chan poster,/);
  });

  it('analyze with no post in scope exits 2', () => {
    const a = run('campaign', 'analyze', '--hashtag', 'nothinghere', '--case', kase);
    assert.equal(a.code, 2);
    assert.match(a.out, /No posts match #nothinghere\./);
  });

  it('when every file fails: exit 2, and the failures are listed by errors and stats', () => {
    const k2 = join(dir, 'case2');
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'broken.json'), '{"posts": [{"no": 1, "resto": 0, "time": ');
    const imp = run('campaign', 'import', join(bad, 'broken.json'), join(dir, 'missing.jsonl'), '--case', k2);
    assert.equal(imp.code, 2, imp.out);
    assert.match(imp.err, /no file could be imported \(all 2 files failed/);
    const e = run('errors', '--case', k2, '--json');
    assert.equal(e.code, 0, e.err);
    const rows = JSON.parse(e.out) as { provenance: string; reason: string; stage: string }[];
    assert.deepEqual(rows.map((r) => [r.provenance.split('/').pop(), r.reason, r.stage]).sort(), [
      ['broken.json:1', 'invalid-json', 'campaign-import'],
      ['missing.jsonl', 'unreadable', 'campaign-import'],
    ]);
    const s = run('stats', '--case', k2, '--json');
    const reasons = (JSON.parse(s.out).failures as { reason: string }[]).map((f) => f.reason).sort();
    assert.deepEqual(reasons, ['invalid-json', 'unreadable']);
  });
});
