import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '../..');
const SAMPLES = join(ROOT, 'test/fixtures/social/samples');
const dir = mkdtempSync(join(tmpdir(), 'leaklens-campaign-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('leaklens campaign', () => {
  const kase = join(dir, 'case');
  it('imports, analyses with --json, lists posts, exports a network', () => {
    const imp = run(
      'campaign',
      'import',
      join(SAMPLES, 'twitter-v1.jsonl'),
      join(SAMPLES, 'x-io.csv'),
      '--case',
      kase,
      '--json',
    );
    assert.equal(imp.code, 0, imp.err);
    const s = JSON.parse(imp.out);
    assert.deepEqual([s.postsAdded, s.failures.length], [5, 3]);
    const a = run('campaign', 'analyze', '--hashtag', 'MacronLeaks', '--case', kase, '--json');
    assert.equal(a.code, 0, a.err);
    const j = JSON.parse(a.out);
    for (const k of [
      'posts',
      'accounts',
      'window',
      'timeline',
      'milestones',
      'seed',
      'velocity',
      'activeAccounts',
      'amplifiers',
      'bots',
      'coordination',
      'textCoordination',
      'languages',
      'countries',
      'summary',
    ]) {
      assert.ok(k in j, k);
    }
    assert.equal(j.posts, 4);
    assert.equal(j.seed[0].id, 'x:860000000000000001');
    const p = run('campaign', 'posts', '--account', '@seedacct', '--case', kase, '--json');
    assert.equal(JSON.parse(p.out).total, 1);
    const e = run('campaign', 'export', '--format', 'graphml', '--out', join(dir, 'out'), '--case', kase);
    assert.equal(e.code, 0, e.err);
    assert.match(readFileSync(join(dir, 'out', 'coordination.graphml'), 'utf8'), /<graphml xmlns/);
    const t = run(
      'campaign',
      'coordination',
      '--by',
      'text',
      '--min-similarity',
      '0.9',
      '--case',
      kase,
      '--json',
    );
    assert.equal(t.code, 0, t.err);
    assert.deepEqual([JSON.parse(t.out).by, JSON.parse(t.out).minSimilarity], ['text', 0.9]);
  });

  it('user errors are one line and exit 2', () => {
    mkdirSync(join(dir, 'empty-case'));
    const r = run('campaign', 'analyze', '--case', join(dir, 'empty-case'));
    assert.equal(r.code, 2);
    assert.match(r.err, /^leaklens: no social data in .*: run "leaklens campaign import" first\n$/);
    const n = run('campaign', 'analyze', '--case', join(dir, 'none'));
    assert.equal(n.code, 2);
    assert.match(n.err, /^leaklens: no case at .*none: run "leaklens campaign import FILES --case /);
    const t = run('campaign', 'posts', '--from', 'yesterday', '--case', kase);
    assert.equal(t.code, 2);
    assert.match(t.err, /cannot read time "yesterday"/);
    const f = run('campaign', 'import', 'x.json', '--format', 'myspace', '--case', kase);
    assert.equal(f.code, 2);
    assert.match(f.err, /unknown format "myspace"/);
    const m = run('campaign', 'coordination', '--by', 'text', '--min-similarity', '2', '--case', kase);
    assert.equal(m.code, 2);
    assert.match(m.err, /similarity must be above 0 and at most 1/);
  });
});
