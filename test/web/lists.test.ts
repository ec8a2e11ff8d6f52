import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import graphology from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { COMM_GRAPH_EDGES, commGraph } from '../../src/analyze/comm-graph.js';
import { buildPeople } from '../../src/analyze/people.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import type { Truth } from '../../src/demo/truth.js';
import { reindexDocumentPeople } from '../../src/search/document-people.js';
import { guessStemLang, indexNames, indexText } from '../../src/search/normalize.js';
import { search } from '../../src/search/search.js';
import type { Store } from '../../src/store/store.js';
import { createApp } from '../../src/web/server.js';
import { demoCase, OUTSIDER, outsiderFiles } from './demo-case.js';

/**
 * Every list row carries the item's verdict and flag chips, and the outside editor the demo plants
 * is marked, explained and findable under any form of his name, on the demo whose truth is known.
 */
const MAIN = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
let kase: Awaited<ReturnType<typeof demoCase>>;
let truth: Truth;
let store: Store;
let app: ReturnType<typeof createApp>['app'];
const H = { host: '127.0.0.1:8765' };
const getJson = async (path: string) => {
  const res = await app.request(path, { headers: H });
  return { status: res.status, body: (await res.json()) as any };
};
/** The truth writes Message-IDs with their angle brackets; the store keeps them without. */
const idOf = (messageId: string) =>
  (
    store.db.prepare('SELECT id FROM emails WHERE message_id = ?').get(messageId.replace(/^<|>$/g, '')) as {
      id: string;
    }
  ).id;

before(async () => {
  kase = await demoCase();
  ({ truth, store } = kase);
  app = createApp({ store, allowedHosts: [H.host] }).app;
});
after(() => kase?.cleanup());

describe('verdict badges and flag chips in lists', () => {
  it('search hits carry the verdict and the flag kinds, strongest first', async () => {
    const altered = truth.emails.filter((e) => e.kind === 'body-altered');
    assert.ok(altered.length > 0);
    for (const e of altered) {
      const { body } = await getJson(
        `/api/search?q=${encodeURIComponent(`"${e.subject}"`)}&limit=50&facets=0`,
      );
      const hit = body.hits.find((h: { id: string }) => h.id === idOf(e.messageId));
      assert.ok(hit, `hit for ${e.subject}`);
      assert.equal(hit.verdict, 'body-altered');
      assert.ok(Array.isArray(hit.flags));
    }
    const { body } = await getJson(`/api/search?q=${encodeURIComponent(OUTSIDER)}&facets=0`);
    for (const h of body.hits) {
      assert.equal(h.verdict, null, 'documents have no verdict');
      const kinds = h.flags.map((f: { kind: string }) => f.kind);
      assert.ok(kinds.includes('foreign-script'), `${h.filename}: ${kinds}`);
      assert.equal(h.flags[0].severity, 'high', 'strongest first');
    }
  });

  it('the documents table, attachments and threads carry chips', async () => {
    const { body } = await getJson('/api/documents?limit=500');
    const byName = new Map(body.documents.map((d: { filename: string }) => [d.filename, d]));
    for (const f of outsiderFiles(truth)) {
      const d = byName.get(f) as { flags: { kind: string }[]; verdict: null } | undefined;
      assert.ok(d, f);
      assert.ok(
        d.flags.some((x) => x.kind === 'edit-burst'),
        `${f} has edit-burst`,
      );
    }
    const carrier = truth.documents.find((d) => d.lastModifiedBy === OUTSIDER)!;
    const item = (await getJson(`/api/items/${idOf(carrier.carriedBy)}`)).body;
    const att = item.attachments.find((a: { name: string }) => a.name === carrier.filename);
    assert.ok(att.flags.some((x: { kind: string }) => x.kind === 'foreign-script'));
    const replied = (
      store.db
        .prepare(
          "SELECT t.item_id AS id FROM threads t JOIN verdicts v ON v.item_id = t.item_id WHERE t.depth > 0 AND v.verdict = 'verified' LIMIT 1",
        )
        .get() as { id: string }
    ).id;
    const thread = (await getJson(`/api/items/${replied}`)).body.thread;
    assert.ok(thread.length > 0);
    for (const b of thread) assert.ok('verdict' in b && Array.isArray(b.flags), 'thread rows carry badges');
    assert.ok(thread.some((b: { verdict: string | null }) => b.verdict !== null));
  });
});

describe('people: the outsider is marked, explained and findable', () => {
  it('the people page lists him as an outlier, with the reasons', async () => {
    const { body } = await getJson('/api/people');
    assert.equal(body.outliers[0].name, OUTSIDER);
    const why = body.outliers[0].reasons.join(' | ');
    assert.match(why, /Cyrillic script/);
    assert.match(why, /set to ru/);
    assert.match(why, /UTC\+3/);
    const row = body.authors.find((a: { name: string }) => a.name === OUTSIDER);
    assert.ok(row.flags.some((f: { kind: string }) => f.kind === 'foreign-script'));
    const plain = body.authors.filter((a: { name: string }) => a.name !== OUTSIDER);
    assert.ok(plain.every((a: { reasons: string[] }) => !a.reasons.some((r) => /Cyrillic/.test(r))));
  });

  it('his person page, by people key or by name, lists his documents and the e-mails that carried them', async () => {
    const key = buildPeople(store).find((p) => p.name === OUTSIDER)!.key;
    for (const k of [key, OUTSIDER]) {
      const { status, body } = await getJson(`/api/people/${encodeURIComponent(k)}`);
      assert.equal(status, 200, k);
      assert.deepEqual(
        body.documents.map((d: { filename: string }) => d.filename).sort(),
        outsiderFiles(truth),
      );
      assert.ok(body.reasons.length >= 3);
      for (const d of body.documents) {
        const planted = truth.documents.find((t) => t.filename === d.filename);
        if (!planted) continue;
        assert.deepEqual(
          d.carriedBy.map((e: { id: string }) => e.id),
          [idOf(planted.carriedBy)],
          `${d.filename} was carried by its planted e-mail`,
        );
        assert.ok('verdict' in d.carriedBy[0]);
      }
    }
  });

  it('person:, plain words and transliteration find his documents', () => {
    const want = outsiderFiles(truth);
    for (const q of [
      'person:Рошка',
      'person:Георгий',
      'person:roshka',
      'Рошка',
      'Roshka',
      'Георгий',
      'georgiy',
    ]) {
      const files = search(store, q, { limit: 50 })
        .hits.map((h) => h.filename)
        .sort();
      assert.deepEqual(files, want, q);
    }
  });
});

describe('a case indexed before metadata names were', () => {
  it('gets them once from the metadata stage, and search finds the same as on a fresh case', () => {
    const words = (q: string) =>
      search(store, q, { limit: 200 })
        .hits.map((h) => h.id)
        .sort();
    const before = { Рошка: words('Рошка'), facture: words('facture'), virement: words('virement') };
    assert.equal(before.Рошка.length, outsiderFiles(truth).length);
    // Rewrite the documents' index rows as the earlier ingest did: no people column.
    const rows = store.db
      .prepare(
        'SELECT i.rowid AS rid, d.text, coalesce(d.filename, i.name) AS name FROM documents d JOIN items i ON i.id = d.id',
      )
      .all() as { rid: number; text: string; name: string }[];
    for (const r of rows) {
      store.db.prepare('DELETE FROM fts WHERE rowid = ?').run(r.rid);
      store.db
        .prepare("INSERT INTO fts(rowid, subject, body, names, people) VALUES (?, '', ?, ?, '')")
        .run(r.rid, r.text ? indexText(r.text, guessStemLang(r.text)) : '', indexNames(r.name ?? ''));
    }
    store.db.prepare("DELETE FROM meta WHERE key = 'ftsDocumentPeople'").run();
    assert.deepEqual(words('Рошка'), [], 'the old index does not know his name');
    assert.ok(reindexDocumentPeople(store) > 0);
    assert.equal(reindexDocumentPeople(store), 0, 'once only');
    assert.deepEqual(
      { Рошка: words('Рошка'), facture: words('facture'), virement: words('virement') },
      before,
    );
  });
});

describe('the e-mail communication graph as a picture and as GEXF', () => {
  it('GEXF 1.3 from the CLI and the API parses back to the same graph', async () => {
    const out = join(kase.dir, 'mail.gexf');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', MAIN, 'graph', '--case', kase.dir, '--format', 'gexf', '--out', out],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    assert.equal(r.status, 0, r.stderr);
    const xml = readFileSync(out, 'utf8');
    assert.match(xml, /<gexf version="1\.3" xmlns="http:\/\/gexf\.net\/1\.3"/);
    assert.doesNotMatch(xml, /http:\/\/\//, 'no malformed namespace');
    const g = parseGexf(graphology.DirectedGraph, xml);
    const want = (await commGraph(new SqliteDb(store.db), COMM_GRAPH_EDGES))!;
    assert.equal(g.order, want.nodes.length);
    assert.equal(g.size, want.edges.length);
    const heaviest = want.edges[0]!;
    const e = g.edge(heaviest.source, heaviest.target)!;
    assert.equal(g.getEdgeAttribute(e, 'weight'), heaviest.messages);
    assert.equal(g.getNodeAttribute(heaviest.source, 'sent') > 0, true);
    const res = await app.request('/api/graph.gexf', { headers: H });
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="mail-graph\.gexf"/);
    assert.equal(parseGexf(graphology.DirectedGraph, await res.text()).size, want.edges.length);
    const bad = spawnSync(
      process.execPath,
      ['--import', 'tsx', MAIN, 'graph', '--case', kase.dir, '--format', 'dot'],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown --format "dot": use table, json or gexf/);
  });

  it('the picture marks the senders of altered or forged mail', async () => {
    const { body } = await getJson('/api/graph?limit=400');
    const altered = truth.emails.filter((e) => e.kind === 'body-altered').map((e) => e.from);
    const drawn = altered.filter((a) => body.nodes.some((n: { id: string }) => n.id === a));
    assert.ok(drawn.length > 0, 'at least one sender of altered mail is on the picture');
    for (const a of drawn) assert.ok(body.nodes.find((n: { id: string }) => n.id === a).suspect > 0, a);
  });
});
