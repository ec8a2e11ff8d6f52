import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { UndirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { plantedCampaign } from '../social/planted-campaign.js';
import { runCli } from './run.js';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'leaklens-cli-campaign-'));
after(() => rmSync(dir, { recursive: true, force: true }));
/** CooRTweet's own example data (34 coordinated groups by object): see test/fixtures/social/README.md. */
const coortweet = join(dir, 'coortweet');
const planted = join(dir, 'planted');

before(async () => {
  const a = await runCli(
    'campaign',
    'import',
    join(ROOT, 'test/fixtures/social/russian_coord_tweets.csv'),
    '--case',
    coortweet,
    '--json',
  );
  assert.equal(a.code, 0, a.err);
  writeFileSync(join(dir, 'planted.jsonl'), `${plantedCampaign().lines.join('\n')}\n`);
  const b = await runCli('campaign', 'import', join(dir, 'planted.jsonl'), '--case', planted, '--json');
  assert.equal(b.code, 0, b.err);
});

const json = async (...args: string[]) => {
  const r = await runCli(...args, '--json');
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
};

describe('campaign output', () => {
  it('--groups limits the list, not the count of groups in the sentence', async () => {
    const all = await json('campaign', 'coordination', '--groups', '100', '--case', coortweet);
    const five = await json('campaign', 'coordination', '--groups', '5', '--case', coortweet);
    assert.equal(all.groupCount, 34);
    assert.equal(all.groups.length, 34);
    assert.equal(five.groupCount, 34);
    assert.equal(five.groups.length, 5);
    const text = await runCli('campaign', 'coordination', '--groups', '5', '--case', coortweet);
    assert.match(text.out, / accounts in 34 groups\./);
    const analysis = await json('campaign', 'analyze', '--case', coortweet);
    assert.ok(
      analysis.summary.some((s: string) => / accounts form 34 coordinated groups /.test(s)),
      analysis.summary,
    );
  });

  it("counts each group's objects: those its accounts co-shared along the edges above the threshold", async () => {
    const c = await json('campaign', 'coordination', '--groups', '100', '--case', coortweet);
    const out = join(dir, 'csv');
    assert.equal(
      (await runCli('campaign', 'export', '--format', 'csv', '--out', out, '--case', coortweet)).code,
      0,
    );
    // The exported edge list, read independently of the code that counts.
    const [head, ...rows] = readFileSync(join(out, 'coord_edges.csv'), 'utf8').trim().split('\n');
    const col = (name: string) => head!.split(',').indexOf(name);
    const strong = rows.map((r) => r.split(',')).filter((r) => r[col('weight_threshold')] === '1');
    for (const g of c.groups as { accounts: string[]; objects: number }[]) {
      const set = new Set(g.accounts);
      const objects = new Set(
        strong.filter((r) => set.has(r[col('account_id')]!)).flatMap((r) => r[col('objects')]!.split(' ')),
      );
      assert.equal(g.objects, objects.size);
    }
    assert.ok(c.groups[0].objects > 0);
  });

  it('text output names accounts by handle and times as YYYY-MM-DD HH:MM UTC; JSON keeps ISO 8601', async () => {
    const c = await runCli('campaign', 'coordination', '--case', planted);
    const pairs = c.out.split('\n').filter((l) => / — /.test(l));
    assert.ok(pairs.length > 0);
    for (const l of pairs) assert.match(l, /^ {2}@\w+ — @\w+: weight /);
    assert.doesNotMatch(c.out, /\d{4}-\d\d-\d\dT\d\d:\d\d/);
    assert.match(c.out, / at 2017-05-05 \d\d:\d\d(:\d\d)? UTC /);
    const p = await runCli('campaign', 'posts', '--limit', '3', '--case', planted);
    assert.match(p.out.split('\n')[2]!, /^2017-05-05 18:49 UTC +@seedacct +x:10000 /);
    const j = await json('campaign', 'posts', '--limit', '1', '--case', planted);
    assert.equal(j.posts[0].time, '2017-05-05T18:49:00.000Z');
    const a = await runCli('campaign', 'analyze', '--case', planted);
    assert.match(a.out, /from 2017-05-05 18:49 UTC to 2017-05-06 08:39 UTC \(13 h 50 min\)/);
  });

  it('campaign posts opens the amplifier, language and country figures', async () => {
    const a = await json('campaign', 'analyze', '--case', planted);
    const amp = a.amplifiers.accounts.find((x: { mentionsReceived: number }) => x.mentionsReceived > 0);
    const posts = (...args: string[]) =>
      json('campaign', 'posts', '--limit', '1', ...args, '--case', planted);
    assert.equal((await posts('--reposts-of-account', `@${amp.handle}`)).total, amp.repostsReceived);
    assert.equal((await posts('--mention', `@${amp.handle}`)).total, amp.mentionsReceived);
    assert.equal((await posts('--reposts')).total, a.reposts);
    const bots = await json('campaign', 'posts', '--bot-like', '--limit', '100000', '--case', planted);
    assert.equal(new Set(bots.posts.map((p: { accountId: string }) => p.accountId)).size, a.bots.botLike);
    assert.equal((await posts('--lang', a.languages.byPosts[0].key)).total, a.languages.byPosts[0].count);
    assert.equal((await posts('--country', a.countries.byPosts[0].key)).total, a.countries.byPosts[0].count);
  });

  it('writes GEXF 1.3 with its namespaces, which parses back to the coordinated network', async () => {
    const out = join(dir, 'gexf');
    const r = await runCli('campaign', 'export', '--format', 'gexf', '--out', out, '--case', coortweet);
    assert.equal(r.code, 0, r.err);
    const xml = readFileSync(join(out, 'coordination.gexf'), 'utf8');
    const root = new DOMParser().parseFromString(xml, 'application/xml').documentElement!;
    // GEXF 1.3 primer and schema (gexf.net/1.3): the document and viz namespaces.
    assert.equal(root.namespaceURI, 'http://gexf.net/1.3');
    assert.equal(root.getAttribute('version'), '1.3');
    assert.equal(root.getAttribute('xmlns:viz'), 'http://gexf.net/1.3/viz');
    const g = parseGexf(UndirectedGraph, xml);
    const c = await json('campaign', 'coordination', '--case', coortweet);
    assert.equal(g.order, c.coordinatedAccounts);
    assert.equal(g.size, c.strongEdges);
  });

  it('campaign export requires --out and says so', async () => {
    const r = await runCli('campaign', 'export', '--case', coortweet);
    assert.notEqual(r.code, 0);
    assert.match(r.err, /required option '--out <dir>' not specified/);
    const help = await runCli('campaign', 'export', '--help');
    assert.match(help.out, /--out <dir> +output directory \(required\)/);
  });
});
