import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/web/server.js';
import { buildCase, emailId } from './helpers.js';

let kase: Awaited<ReturnType<typeof buildCase>>;
let app: ReturnType<typeof createApp>['app'];
let csrf: string;
const H = { host: '127.0.0.1:8765' };
const J = { ...H, 'content-type': 'application/json' };

before(async () => {
  kase = await buildCase();
  app = createApp({ store: kase.store, allowedHosts: [H.host] }).app;
  csrf = ((await (await app.request('/api/session', { headers: H })).json()) as { csrf: string }).csrf;
});
after(() => kase.cleanup());

const getJson = async (path: string) => {
  const res = await app.request(path, { headers: H });
  return { status: res.status, body: (await res.json()) as any };
};
const send = (method: string, path: string, body: unknown) =>
  app.request(path, { method, headers: { ...J, 'x-csrf-token': csrf }, body: JSON.stringify(body) });

describe('overview and charts', () => {
  it('counts the fixture case exactly, and says verdicts are absent', async () => {
    const { body } = await getJson('/api/overview');
    assert.deepEqual(
      { emails: body.counts.emails, documents: body.counts.documents, failures: body.counts.failures },
      { emails: 20, documents: 3, failures: 2 },
    );
    assert.equal(body.verdicts, null);
    assert.deepEqual(body.topSenders[0], { value: 'attacker@evil.test', label: 'Attacker', count: 12 });
    assert.deepEqual(body.charts, ['timeline', 'senders', 'domains', 'mimetypes']);
  });

  it('renders each chart as an SVG image under a sandboxing CSP; a chart without data is 404', async () => {
    const res = await app.request('/api/charts/senders.svg', { headers: H });
    assert.equal(res.headers.get('content-type'), 'image/svg+xml');
    assert.match(res.headers.get('content-security-policy') ?? '', /sandbox/);
    const svg = await res.text();
    assert.match(svg, /^<svg /);
    assert.match(svg, /Attacker &lt;attacker@evil\.test&gt;/);
    assert.equal((await app.request('/api/charts/verdicts.svg', { headers: H })).status, 404);
    assert.equal((await app.request('/api/charts/nope.svg', { headers: H })).status, 404);
  });
});

describe('search', () => {
  it('returns hits with facets, and a user error as 400', async () => {
    const { body } = await getJson('/api/search?q=hostile&sort=date-asc&limit=5');
    assert.equal(body.total, 12);
    assert.equal(body.hits.length, 5);
    const dates = body.hits.map((h: { date: string }) => h.date);
    assert.equal(dates[0], '2017-05-02T08:00:00.000Z');
    assert.deepEqual([...dates].sort(), dates, 'oldest first');
    assert.deepEqual(body.facets.domain, [{ value: 'evil.test', count: 12 }]);
    const bad = await getJson('/api/search?q=nosuchfilter:x');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /unknown search filter "nosuchfilter:"/);
  });

  it('documents the query syntax from the filter registry', async () => {
    const { body } = await getJson('/api/search/syntax');
    const names = body.filters.map((f: { name: string }) => f.name);
    for (const n of ['from', 'to', 'after', 'before', 'verdict', 'tag']) assert.ok(names.includes(n), n);
  });
});

describe('item view', () => {
  it('has headers in order, attachments, locations and an empty thread', async () => {
    const id = emailId(kase.store, 'cid-inline-1@campaign.example');
    const { body } = await getJson(`/api/items/${id}`);
    assert.equal(body.email.subject, 'Logo inline (cid) et facture');
    assert.deepEqual(body.email.headers.map((h: { name: string }) => h.name).slice(0, 3), [
      'From',
      'To',
      'Subject',
    ]);
    assert.deepEqual(
      body.attachments.map((a: { name: string }) => a.name),
      ['logo.png'],
    );
    assert.equal(body.locations[0].provenance, 'mail/generated-cid-inline.eml');
    assert.deepEqual(body.thread, []);
    assert.equal(body.verdict, null);
    assert.equal((await getJson('/api/items/em-nope')).status, 404);
  });

  it('serves the text part escaped when asked', async () => {
    const id = emailId(kase.store, 'hostile-01-script@evil.test');
    const html = await (await app.request(`/api/items/${id}/body?part=text`, { headers: H })).text();
    assert.match(html, /<pre class="plain">Plain part of 01-script\.\s*<\/pre>/);
  });
});

describe('annotations and saved searches', () => {
  it('adds, deduplicates, lists and deletes tags; validates input', async () => {
    const id = emailId(kase.store, 'hostile-02-handlers@evil.test');
    assert.equal(
      (await send('POST', `/api/items/${id}/annotations`, { kind: 'tag', value: 'xss' })).status,
      201,
    );
    assert.deepEqual(
      await (await send('POST', `/api/items/${id}/annotations`, { kind: 'tag', value: 'xss' })).json(),
      { ok: true, duplicate: true },
    );
    assert.equal(
      (await send('POST', `/api/items/${id}/annotations`, { kind: 'label', value: 'x' })).status,
      400,
    );
    assert.equal(
      (await send('POST', `/api/items/${id}/annotations`, { kind: 'tag', value: 'x'.repeat(81) })).status,
      400,
    );
    assert.equal(
      (await send('POST', '/api/items/em-nope/annotations', { kind: 'tag', value: 'x' })).status,
      404,
    );
    const all = (await getJson('/api/annotations')).body;
    assert.deepEqual(all.tags, [{ value: 'xss', count: 1 }]);
    const search = (await getJson('/api/search?q=tag:xss')).body;
    assert.deepEqual(
      search.hits.map((h: { id: string }) => h.id),
      [id],
    );
    const aid = all.annotations[0].id;
    assert.equal((await send('DELETE', `/api/annotations/${aid}`, {})).status, 200);
    assert.equal((await send('DELETE', `/api/annotations/${aid}`, {})).status, 404);
  });

  it('a tag shows up in a search made before it (the search cache is invalidated)', async () => {
    const id = emailId(kase.store, 'hostile-03-js-links@evil.test');
    assert.equal((await getJson('/api/search?q=tag:later')).body.total, 0);
    assert.equal(
      (await send('POST', `/api/items/${id}/annotations`, { kind: 'tag', value: 'later' })).status,
      201,
    );
    assert.equal((await getJson('/api/search?q=tag:later')).body.total, 1);
  });

  it('saves and deletes a search', async () => {
    const r = await send('POST', '/api/saved-searches', { name: 'attacker mail', query: 'from:attacker' });
    assert.equal(r.status, 201);
    const list = (await getJson('/api/saved-searches')).body;
    assert.deepEqual(
      list.map((s: { name: string; query: string }) => [s.name, s.query]),
      [['attacker mail', 'from:attacker']],
    );
    assert.equal((await send('DELETE', `/api/saved-searches/${list[0].id}`, {})).status, 200);
    assert.equal((await send('POST', '/api/saved-searches', { name: '', query: 'x' })).status, 400);
  });
});

describe('documents, people, failures, campaign', () => {
  it('lists documents with metadata columns', async () => {
    const { body } = await getJson('/api/documents?sort=name&dir=asc');
    assert.equal(body.total, 3);
    assert.deepEqual(
      body.documents.map((d: { filename: string }) => d.filename),
      ['logo.png', 'testPNG.png', 'tzora-titan-4-hummer-xl-manual.pdf'],
    );
    assert.ok('lastModifiedBy' in body.documents[0].meta);
  });

  it('lists people and a person page with messages and correspondents', async () => {
    const list = (await getJson('/api/people?q=evil')).body;
    assert.deepEqual(list.people[0], {
      address: 'attacker@evil.test',
      name: 'Attacker',
      sent: 12,
      received: 0,
      messages: 12,
      flags: [],
      reasons: [],
    });
    const p = (await getJson('/api/people/victim%40example.org')).body;
    assert.equal(p.messages.length, 12);
    assert.deepEqual(p.correspondents[0], { value: 'attacker@evil.test', label: 'Attacker', count: 12 });
    assert.equal((await getJson('/api/people/nobody%40x')).status, 404);
  });

  it('lists failures with reason counts and a downloadable original', async () => {
    const { body } = await getJson('/api/failures');
    assert.equal(body.total, 2);
    const zip = body.failures.find(
      (f: { provenance: string }) => f.provenance === 'mail/generated-truncated.zip',
    );
    assert.equal(zip.reason, 'truncated');
    assert.equal(zip.downloadable, true);
    const res = await app.request(`/api/blobs/${zip.sha256}`, { headers: H });
    assert.match(res.headers.get('content-disposition') ?? '', /filename="generated-truncated\.zip"/);
    assert.deepEqual(body.reasons, [{ value: 'truncated', count: 2 }]);
  });

  it('campaign degrades to a reason when no posts were imported', async () => {
    const { body } = await getJson('/api/campaign');
    assert.deepEqual(body, {
      available: false,
      reason: 'no posts imported in this case (leaklens campaign import)',
    });
    assert.equal((await getJson('/api/posts')).status, 404);
  });

  it('serves the app shell for deep links and refuses asset traversal', async () => {
    const shell = await app.request('/item/em-1', { headers: H });
    assert.match(await shell.text(), /<script type="module" src="\/assets\/app\/main\.js">/);
    for (const p of [
      '/assets/../package.json',
      '/assets/%2e%2e/package.json',
      '/assets/app/../../src/web/auth.ts',
    ]) {
      assert.equal((await app.request(p, { headers: H })).status, 404, p);
    }
  });
});
