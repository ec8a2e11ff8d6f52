import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { overview } from '../../src/analyze/overview.js';
import { computeHeavy, readHeavy } from '../../src/analyze/overview-heavy.js';
import { threadTree } from '../../src/analyze/thread-tree.js';
import { runTriage } from '../../src/analyze/triage-stage.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { search } from '../../src/search/search.js';
import '../../src/search/triage-filters.js';
import { getItem } from '../../src/search/item.js';
import type { Store } from '../../src/store/store.js';
import { count, FIXTURES, tempCase, tempDir } from '../helpers.js';
import { MESSAGES, rfc822, writeDump } from './gen-dump.js';

const idOf = (s: Store, msgid: string) =>
  (
    s.db
      .prepare('SELECT id FROM emails WHERE message_id = ? ORDER BY id')
      .all(msgid.replace(/^<|>$/g, '')) as { id: string }[]
  ).map((r) => r.id);
const hits = (s: Store, q: string) =>
  search(s, q, { limit: 100 })
    .hits.map((h) => h.id)
    .sort();

async function planted(t: Parameters<typeof tempCase>[0]) {
  const dir = tempDir(t);
  writeDump(dir);
  const store = tempCase(t);
  await ingestPaths(store, [dir], { silent: true });
  const summary = await runTriage(store, { silent: true });
  return { store, summary };
}

test('triage stage on a planted dump: threads, duplicates, identities, types, sensitivity', async (t) => {
  const { store } = await planted(t);
  assert.equal(count(store, 'SELECT count(*) AS n FROM emails'), 10, 'the byte-identical copy is one item');
  const reports = idOf(store, 'rep-1@campagne.example');
  assert.equal(reports.length, 2, 'the original (twice, same bytes) and the re-delivered copy');
  const locs = reports
    .map((id) => count(store, 'SELECT count(*) AS n FROM locations WHERE item_id = ?', id))
    .sort();
  assert.deepEqual(locs, [1, 2], 'the byte-identical copy is one message with two locations');

  // Thread with a missing root: t1 and t3 are siblings under the absent t0; t2 replies to t1.
  const [t1] = idOf(store, 't1@campagne.example');
  const [t2] = idOf(store, 't2@campagne.example');
  const [t3] = idOf(store, 't3@campagne.example');
  const tree = threadTree(store, t2!)!;
  assert.deepEqual(
    tree.messages.map((m) => [m.id, m.parentId, m.depth, m.missingParent]),
    [
      ['missing:t0@campagne.example', null, 0, false],
      [t1, 'missing:t0@campagne.example', 1, true],
      [t2, t1, 2, false],
      [t3, 'missing:t0@campagne.example', 1, true],
    ],
    'the absent root is shown once, its two replies under it',
  );
  assert.equal(tree.messages.filter((m) => m.missing).length, 1);
  // The workbench's message page gets the same tree, the missing root included.
  const view = (await getItem(new SqliteDb(store.db), t2!))!;
  assert.deepEqual(
    view.threadNodes.map((n) => [n.missing, n.messageId]),
    tree.messages.map((m) => [m.missing, m.messageId]),
  );
  assert.equal(tree.subject, 'Budget déplacements');
  const [inv] = idOf(store, 'inv-412@imprimerie.example');
  const [jd] = idOf(store, 'jd-1@perso.example');
  assert.equal(threadTree(store, jd!)!.messages.find((m) => m.id === jd)!.parentId, inv);

  // Duplicates: the re-delivered copy is exact, the forward is near.
  const dups = store.db
    .prepare('SELECT item_id, group_id, kind FROM duplicates ORDER BY kind, item_id')
    .all() as { item_id: string; kind: string }[];
  const exact = dups
    .filter((d) => d.kind === 'exact')
    .map((d) => d.item_id)
    .sort();
  assert.deepEqual(exact, idOf(store, 'rep-1@campagne.example').sort());
  const near = dups.filter((d) => d.kind === 'near').map((d) => d.item_id);
  assert.ok(near.includes(idOf(store, 'fw-1@campagne.example')[0]!));
  assert.equal(near.length, 2);

  // Identity: header form, private address signing "DUPONT Jean".
  const jean = store.db
    .prepare("SELECT * FROM identities WHERE addresses_json LIKE '%jean.dupont@%'")
    .get() as { name: string; addresses_json: string; names_json: string };
  assert.equal(jean.name, 'Jean Dupont');
  assert.deepEqual(JSON.parse(jean.addresses_json), [
    'jd.1977@perso.example',
    'jean.dupont@campagne.example',
  ]);

  // Types and sensitivity.
  const type = (msgid: string) =>
    (
      store.db.prepare('SELECT type FROM doc_types WHERE item_id = ?').get(idOf(store, msgid)[0]) as {
        type: string;
      }
    ).type;
  assert.equal(type('inv-412@imprimerie.example'), 'invoice');
  assert.equal(type('perso-1@perso.example'), 'personal-message');
  const flags = store.db
    .prepare("SELECT item_id, kind FROM flags WHERE stage = 'triage' ORDER BY kind")
    .all() as { item_id: string; kind: string }[];
  assert.deepEqual(
    flags.map((f) => f.kind),
    ['iban-invalid-checksum', 'sensitive-bank', 'sensitive-password'],
  );
  assert.equal(
    flags[0]!.item_id,
    idOf(store, 'perso-1@perso.example')[0],
    'the IBAN with wrong check digits',
  );
  assert.equal(flags[2]!.item_id, idOf(store, 'pw-1@campagne.example')[0]);
});

test('triage filters in search: type:, amount>, iban:, person:, entity:, sensitive:, duplicate:', async (t) => {
  const { store } = await planted(t);
  const [inv] = idOf(store, 'inv-412@imprimerie.example');
  const [jd] = idOf(store, 'jd-1@perso.example');
  // The reply "Re: Facture n° 2017-0412" announcing the transfer is typed invoice as well.
  assert.deepEqual(hits(store, 'type:invoice'), [inv, jd].sort());
  assert.deepEqual(hits(store, 'amount>1000'), [inv, jd].sort());
  assert.deepEqual(hits(store, 'amount>3000'), []);
  assert.deepEqual(hits(store, 'amount>=2400eur'), [inv, jd].sort());
  assert.deepEqual(hits(store, 'iban:'), [inv]);
  assert.deepEqual(hits(store, 'iban:DE'), []);
  // person: finds the private address too, through the merged identity.
  const dupont = hits(store, 'person:dupont');
  assert.ok(dupont.includes(jd!), 'the message from jd.1977@perso.example');
  assert.ok(dupont.includes(inv!));
  assert.deepEqual(hits(store, 'entity:+33'), []);
  assert.deepEqual(hits(store, 'sensitive:password'), idOf(store, 'pw-1@campagne.example'));
  assert.equal(hits(store, 'duplicate:exact').length, 2);
});

test('triage is idempotent and overview gives the first page', async (t) => {
  const { store, summary } = await planted(t);
  const tables = ['threads', 'duplicates', 'entities', 'doc_types', 'identities', 'comm_edges', 'flags'];
  const before = tables.map((x) => count(store, `SELECT count(*) AS n FROM ${x}`));
  const again = await runTriage(store, { silent: true });
  assert.deepEqual(
    tables.map((x) => count(store, `SELECT count(*) AS n FROM ${x}`)),
    before,
  );
  assert.deepEqual(again.counts, summary.counts);
  const o = await overview(new SqliteDb(store.db));
  assert.deepEqual(
    await readHeavy(new SqliteDb(store.db)),
    await computeHeavy(new SqliteDb(store.db), true),
    'precomputed sections equal the live ones',
  );
  assert.deepEqual(Object.keys(o).sort(), [
    'byMailbox',
    'byMonth',
    'byType',
    'duplicates',
    'money',
    'outliers',
    'sensitive',
    'threads',
    'topEdges',
    'topOrganisations',
    'topPeople',
    'totals',
  ]);
  assert.equal(o.totals.emails, 10);
  assert.deepEqual(o.byMonth, [{ month: '2017-04', emails: 10, documents: 0 }]);
  assert.deepEqual(
    o.byMailbox.map((m) => [m.mailbox, m.items]),
    [
      ['jean', 4],
      ['marie', 4],
      ['compta', 3],
    ],
  );
  assert.equal(o.topPeople[0]!.name, 'Jean Dupont');
  assert.deepEqual(
    o.money.byCurrency.map((c) => [c.currency, c.items, c.max]),
    [['EUR', 2, 2400]],
  );
  assert.deepEqual(o.sensitive.byKind.map((k) => k.kind).sort(), ['sensitive-bank', 'sensitive-password']);
  assert.equal(o.threads[0]!.subject, 'Budget déplacements');
  assert.equal(o.threads[0]!.messages, 3);
  // exact: original + re-delivered; near: original + forward (the original is in both).
  assert.deepEqual(o.duplicates, { exactGroups: 1, nearGroups: 1, items: 3 });
});

test('triage on the real Tika mbox: a list thread whose first message is missing', async (t) => {
  const dir = tempDir(t);
  cpSync(join(FIXTURES, 'triage', 'tika'), dir, { recursive: true });
  const store = tempCase(t);
  await ingestPaths(store, [dir], { silent: true });
  await runTriage(store, { silent: true });
  const [a] = idOf(store, 'C649564F.1435F%jothipn@yahoo-inc.com');
  const [b] = idOf(store, '592088.35091.qm@web111010.mail.gq1.yahoo.com');
  const [c] = idOf(store, 'C6496CF9.1437C%jothipn@yahoo-inc.com');
  const tree = threadTree(store, a!)!;
  assert.deepEqual(
    tree.messages.map((m) => [m.id, m.parentId, m.depth, m.missingParent]),
    [
      ['missing:440622.41041.qm@web111005.mail.gq1.yahoo.com', null, 0, false],
      [a, 'missing:440622.41041.qm@web111005.mail.gq1.yahoo.com', 1, true],
      [b, a, 2, false],
      [c, b, 3, false],
    ],
  );
  assert.equal(tree.subject, 'question about when shuffle/sort start working');
});

test('overview works on a case where triage has not run yet', async (t) => {
  const dir = tempDir(t);
  writeDump(dir);
  const store = tempCase(t);
  await ingestPaths(store, [dir], { silent: true });
  const o = await overview(new SqliteDb(store.db));
  assert.equal(o.totals.emails, 10);
  assert.equal(o.totals.threads, 0);
  assert.deepEqual(o.byType, []);
  assert.deepEqual(o.threads, []);
  assert.deepEqual(o.byMailbox.map((m) => m.mailbox).sort(), ['compta', 'jean', 'marie']);
});

test('overview names a maildir mailbox by its folder, not by cur/new', async (t) => {
  const dir = tempDir(t);
  const { mkdirSync, writeFileSync } = await import('node:fs');
  for (const d of ['cur', 'new', 'tmp']) mkdirSync(join(dir, 'jean.dupont', d), { recursive: true });
  writeFileSync(join(dir, 'jean.dupont', 'cur', '1490000000.M1P1.host:2,S'), rfc822(MESSAGES.password!));
  writeFileSync(join(dir, 'jean.dupont', 'new', '1490000001.M2P1.host'), rfc822(MESSAGES.personal!));
  const store = tempCase(t);
  await ingestPaths(store, [dir], { silent: true });
  await runTriage(store, { silent: true });
  assert.deepEqual((await overview(new SqliteDb(store.db))).byMailbox, [
    { mailbox: 'jean.dupont', items: 2 },
  ]);
});
