import assert from 'node:assert/strict';
import { test } from 'node:test';
import { namedInText, passagesNaming } from '../../src/analyze/names/read.js';
import { runTriage } from '../../src/analyze/triage-stage.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { main } from '../../src/cli/main.js';
import { search } from '../../src/search/search.js';
import type { Store } from '../../src/store/store.js';
import { count } from '../helpers.js';
import { planted } from './case.js';

const idOf = (s: Store, msgid: string) =>
  (s.db.prepare('SELECT id FROM emails WHERE message_id = ?').get(msgid) as { id: string }).id;
const hits = (s: Store, q: string) =>
  search(s, q, { limit: 50 })
    .hits.map((h) => h.id)
    .sort();

test("triage finds names in bodies and documents, and a sender's surname in another body is that sender", async (t) => {
  const { store } = await planted(t);
  const b = idOf(store, 'b@avancer.example');
  const rows = store.db
    .prepare(
      'SELECT type, text, start, "end", identity_id, evidence FROM name_mentions WHERE item_id = ? AND field = ? ORDER BY start',
    )
    .all(b, 'body') as {
    type: string;
    text: string;
    start: number;
    end: number;
    identity_id: string | null;
  }[];
  assert.deepEqual(
    rows.map((r) => `${r.type}:${r.text}`),
    ['PER:Dupont', 'ORG:Banque Lumière', 'LOC:Rennes', 'PER:Sophie'],
  );
  const body = (store.db.prepare('SELECT text FROM emails WHERE id = ?').get(b) as { text: string }).text;
  for (const r of rows) assert.equal(body.slice(r.start, r.end), r.text, 'offsets into the body');
  const dupontId = (
    store.db
      .prepare('SELECT identity_id FROM identity_forms WHERE form = ?')
      .get('jean.dupont@avancer.example') as {
      identity_id: string;
    }
  ).identity_id;
  assert.equal(rows[0]!.identity_id, dupontId, '"M. Dupont" is linked to the sender Jean Dupont');
  const sophieId = (
    store.db
      .prepare('SELECT identity_id FROM identity_forms WHERE form = ?')
      .get('sophie.martin@avancer.example') as {
      identity_id: string;
    }
  ).identity_id;
  assert.equal(rows[3]!.identity_id, sophieId, 'the signature "Sophie" is the sender Sophie Martin');
  const aRows = store.db
    .prepare(
      "SELECT text, identity_id FROM name_mentions WHERE item_id = ? AND field = 'body' AND text = 'Sophie'",
    )
    .all(idOf(store, 'a@avancer.example')) as { identity_id: string }[];
  assert.equal(aRows[0]?.identity_id, sophieId, '"Bonjour Sophie" to Sophie Martin is her');
  const doc = store.db
    .prepare("SELECT group_concat(type || ':' || text, ',') AS v FROM name_mentions WHERE field = 'text'")
    .get() as { v: string };
  assert.equal(doc.v, 'PER:Jean Dupont,PER:Odile Vautrin,LOC:Lyon');

  // Search: person: now also finds the body that names him; org: and place: are new.
  const a = idOf(store, 'a@avancer.example');
  assert.ok(hits(store, 'person:dupont').includes(b), 'person:dupont finds the message naming M. Dupont');
  assert.ok(hits(store, 'person:dupont').includes(a), 'and still his own message');
  assert.deepEqual(hits(store, 'org:"banque lumière"'), [b]);
  assert.deepEqual(hits(store, 'place:rennes'), [b]);
  assert.equal(hits(store, 'place:lyon').length, 1, 'the document');
  assert.throws(() => search(store, 'org:'), /org/, 'an empty org: is refused');

  // The people views.
  const passages = await passagesNaming(new SqliteDb(store.db), {
    addresses: ['jean.dupont@avancer.example'],
    name: 'Jean Dupont',
  });
  assert.ok(passages.some((p) => p.item_id === b && p.passage?.includes('M. «Dupont» a validé')));
  const named = await namedInText(new SqliteDb(store.db), { type: 'PER' });
  assert.equal(named.find((n) => n.text === 'Dupont')?.identity?.addresses[0], 'jean.dupont@avancer.example');
});

test('names in text are rebuilt, not added to, when triage runs again; names: false leaves none', async (t) => {
  const { store } = await planted(t);
  const n = count(store, 'SELECT count(*) AS n FROM name_mentions');
  assert.ok(n >= 8, `${n} mentions`);
  await runTriage(store, { silent: true });
  assert.equal(count(store, 'SELECT count(*) AS n FROM name_mentions'), n);
  await runTriage(store, { silent: true, names: false });
  assert.equal(count(store, 'SELECT count(*) AS n FROM name_mentions'), 0);
});

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const o = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((s: string | Uint8Array, ...rest: never[]) => {
    if (typeof s !== 'string') return o(s, ...rest);
    out += s;
    return true;
  }) as typeof process.stdout.write;
  try {
    return { code: await main(['node', 'leaklens', ...args]), out };
  } finally {
    process.stdout.write = o;
  }
}

test('leaklens people: in-text counts, --named and --passages, as JSON', async (t) => {
  const { store, caseDir } = await planted(t);
  store.close();
  const people = JSON.parse((await run(['people', '--case', caseDir, '--json'])).out) as {
    people: { addresses: string[]; namedInText: number }[];
  };
  const jean = people.people.find((p) => p.addresses.includes('jean.dupont@avancer.example'))!;
  assert.ok(
    jean.namedInText >= 3,
    `Jean Dupont named ${jean.namedInText} times (signature, M. Dupont, document)`,
  );
  const named = JSON.parse(
    (await run(['people', '--case', caseDir, '--named', '--type', 'LOC', '--json'])).out,
  ) as {
    named: { text: string; type: string }[];
  };
  assert.deepEqual(named.named.map((n) => n.text).sort(), ['Lyon', 'Rennes']);
  const p = JSON.parse(
    (await run(['people', '--case', caseDir, '--passages', 'jean.dupont@avancer.example', '--json'])).out,
  ) as {
    passages: { passage: string }[];
  };
  assert.ok(p.passages.some((x) => x.passage.includes('«Dupont»')));
  const bad = await run(['people', '--case', caseDir, '--named', '--type', 'XYZ']);
  assert.notEqual(bad.code, 0);
});
