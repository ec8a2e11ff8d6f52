import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importPosts } from '../../src/social/import/index.js';
import { Store } from '../../src/store/store.js';
import { createApp } from '../../src/web/server.js';
import { plantedCampaign } from '../social/planted-campaign.js';

/**
 * docs/workbench.md: on the campaign page "every number opens the posts behind it". Each figure
 * the page links is checked against what /api/posts returns for the filter the page sends.
 */
const H = { host: '127.0.0.1:8765' };
const dir = mkdtempSync(join(tmpdir(), 'leaklens-web-campaign-'));
let store: Store;
let app: ReturnType<typeof createApp>['app'];
// biome-ignore lint/suspicious/noExplicitAny: the analysis JSON the page reads, checked field by field
let a: any;
after(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

before(async () => {
  store = Store.open(join(dir, 'case'));
  writeFileSync(join(dir, 'posts.jsonl'), `${plantedCampaign().lines.join('\n')}\n`);
  const s = await importPosts(store.path, [join(dir, 'posts.jsonl')]);
  assert.equal(s.failures.length, 0);
  app = createApp({ store, allowedHosts: [H.host] }).app;
  a = await get('/api/campaign');
  assert.equal(a.available, true);
});

// biome-ignore lint/suspicious/noExplicitAny: JSON of the API under test
async function get(path: string): Promise<any> {
  const res = await app.request(path, { headers: H });
  assert.equal(res.status, 200, path);
  return res.json();
}
const total = async (q: Record<string, string | number>) =>
  (await get(`/api/posts?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`)).total;
const accountsOf = async (q: Record<string, string | number>) =>
  new Set(
    (
      await get(
        `/api/posts?limit=1000&${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`,
      )
    ).posts.map((p: { accountId: string }) => p.accountId),
  );

describe('campaign figures open their posts', () => {
  it('the headline counts: posts, reposts, coordinated accounts', async () => {
    assert.equal(await total({}), a.posts);
    assert.equal(await total({ reposts: 1 }), a.reposts);
    assert.equal((await accountsOf({ coordinated: 1 })).size, a.coordination.coordinatedAccounts);
    assert.ok(a.bots.botLike > 0);
    assert.equal((await accountsOf({ botLike: 1 })).size, a.bots.botLike);
  });

  it('amplifiers: reposts received and mentions', async () => {
    const top = a.amplifiers.accounts[0];
    assert.equal(await total({ repostOfAccount: top.accountId }), top.repostsReceived);
    const mentioned = a.amplifiers.accounts.find((x: { mentionsReceived: number }) => x.mentionsReceived > 0);
    assert.equal(await total({ mention: mentioned.handle }), mentioned.mentionsReceived);
  });

  it("an account's busiest 24 hours", async () => {
    const x = a.activeAccounts.accounts[0];
    const to = new Date(Date.parse(x.max24hFrom) + 86400e3).toISOString();
    assert.equal(await total({ account: x.accountId, from: x.max24hFrom, to }), x.max24h);
  });

  it('groups and communities: the posts of exactly their accounts', async () => {
    const g = a.coordination.groups[0];
    assert.deepEqual([...(await accountsOf({ group: g.id }))].sort(), [...g.accounts].sort());
    const m = a.coordination.communities[0];
    if (m) assert.deepEqual([...(await accountsOf({ community: 0 }))].sort(), [...m.accounts].sort());
    assert.equal(await total({ group: 999 }), 0, 'an unknown group has no posts, not all of them');
  });

  it('languages and countries', async () => {
    const l = a.languages.byPosts[0];
    assert.equal(await total({ lang: l.key }), l.count);
    const c = a.countries.byPosts[0];
    assert.equal(await total({ country: c.key }), c.count);
    const byAcc = a.countries.byAccounts[0];
    assert.equal((await accountsOf({ country: byAcc.key })).size, byAcc.count);
  });
});
