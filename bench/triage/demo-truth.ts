// Scores triage against the planted truth of a `leaklens demo` corpus: exact and near duplicate
// groups, and that every mailbox owner is one identity holding their address.
// Usage: leaklens demo --out DIR (then ingest + analyze), npx tsx bench/triage/demo-truth.ts DIR
import { readFileSync } from 'node:fs';
import { Store } from '../../src/store/store.js';

const dir = process.argv[2] ?? 'leaklens-demo';
const truth = JSON.parse(readFileSync(`${dir}/truth.json`, 'utf8'));
const s = Store.open(`${dir}/case`, { readonly: true });
const ids = (msgid: string) =>
  (
    s.db.prepare('SELECT id FROM emails WHERE message_id = ?').all(msgid.replace(/^<|>$/g, '')) as {
      id: string;
    }[]
  ).map((r) => r.id);
const group = (id: string, kind: string) =>
  (
    s.db.prepare('SELECT group_id FROM duplicates WHERE item_id = ? AND kind = ?').get(id, kind) as
      | { group_id: string }
      | undefined
  )?.group_id;
const locations = (id: string) =>
  (s.db.prepare('SELECT count(*) AS n FROM locations WHERE item_id = ?').get(id) as { n: number }).n;

let exactOk = 0;
for (const d of truth.duplicates.exact as { messageId: string; locations: string[] }[]) {
  const items = ids(d.messageId);
  const one = items.length === 1 && locations(items[0]!) >= d.locations.length;
  const grouped =
    items.length > 1 &&
    new Set(items.map((i) => group(i, 'exact'))).size === 1 &&
    !!group(items[0]!, 'exact');
  if (one || grouped) exactOk++;
}
let nearOk = 0;
for (const g of truth.duplicates.near as { messageIds: string[] }[]) {
  const gs = g.messageIds.map((m) => ids(m)[0]).map((i) => (i ? group(i, 'near') : undefined));
  if (gs[0] && gs.every((x) => x === gs[0])) nearOk++;
}
const nearGroups = (
  s.db.prepare("SELECT count(DISTINCT group_id) AS n FROM duplicates WHERE kind = 'near'").get() as {
    n: number;
  }
).n;
let ownersOk = 0;
const owners = truth.dump.mailboxes as { name: string; address: string }[];
for (const m of owners) {
  const row = s.db
    .prepare('SELECT name, addresses_json FROM identities WHERE addresses_json LIKE ?')
    .get(`%"${m.address}"%`) as { name: string } | undefined;
  if (row && row.name === m.name) ownersOk++;
}
console.log(
  JSON.stringify(
    {
      exactDuplicates: `${exactOk}/${truth.duplicates.exact.length}`,
      nearDuplicates: `${nearOk}/${truth.duplicates.near.length}`,
      nearGroupsInCase: nearGroups,
      mailboxOwnersAsOneNamedIdentity: `${ownersOk}/${owners.length}`,
    },
    null,
    2,
  ),
);
