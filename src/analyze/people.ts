import { ADDRESS_ROWS, DELETE_PEOPLE, INSERT_PERSON, METADATA_FLAGS } from '../case/sql/metadata.js';
import type { SqlDb } from '../case/sql-db.js';
import { loadDocRows, loadDocRowsDb } from '../meta/doc-rows.js';
import { appLanguage, type DocRow, names } from '../meta/outlier-rules.js';
import { writingSystem } from '../meta/script.js';
import type { Store } from '../store/store.js';
import { nameKey } from './identities.js';

/**
 * The people behind a dump: every name in document metadata (author, last editor, company,
 * manager, save-history entry) and every sender/recipient in the e-mail headers, one row per
 * identity with roles, counts, example files, first/last dates, writing system, application
 * languages and time zones of the documents they last saved, and the metadata flags about them
 * (a flag naming a person counts for that person; a flag about a document, for its last editor).
 */
export interface Person {
  key: string;
  name: string;
  addresses: string[];
  roles: Record<string, number>;
  documents: number;
  emails: number;
  examples: string[];
  firstDate: string | null;
  lastDate: string | null;
  writingSystem: string;
  appLanguages: string[];
  timezones: number[];
  flags: Record<string, number>;
}

/** Comparable key: the shared name key (order- and accent-free) or, for non-Latin names it drops, the NFKC lower-case form. */
export function personKey(name: string): string {
  return nameKey(name) || name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

interface Acc extends Omit<Person, 'documents' | 'emails'> {
  docs: Set<string>;
  mails: Set<string>;
}

function acc(map: Map<string, Acc>, name: string, address?: string): Acc {
  const key = address ? address.toLowerCase() : personKey(name);
  let a = map.get(key);
  if (!a) {
    a = {
      key,
      name,
      addresses: [],
      roles: {},
      docs: new Set(),
      mails: new Set(),
      examples: [],
      firstDate: null,
      lastDate: null,
      writingSystem: writingSystem(name),
      appLanguages: [],
      timezones: [],
      flags: {},
    };
    map.set(key, a);
  }
  if (!a.name && name) [a.name, a.writingSystem] = [name, writingSystem(name)];
  if (address && !a.addresses.includes(address)) a.addresses.push(address);
  return a;
}

function seen(a: Acc, date: string | null | undefined): void {
  if (!date) return;
  if (!a.firstDate || date < a.firstDate) a.firstDate = date;
  if (!a.lastDate || date > a.lastDate) a.lastDate = date;
}

const ROLE: Record<string, string> = {
  author: 'author',
  lastModifiedBy: 'last-editor',
  savedBy: 'save-history',
};

interface FlagRow {
  item_id: string;
  kind: string;
  evidence_json: string;
}

interface AddressRow {
  item_id: string;
  role: string;
  address: string;
  name: string;
  date: string | null;
  subject: string | null;
}

/**
 * Builds (and stores) the people table.
 * @example const people = buildPeople(store); people[0]?.roles // { author: 12, 'last-editor': 3 }
 */
export function buildPeople(store: Store): Person[] {
  const people = collectPeople(
    store.db.prepare(METADATA_FLAGS).all() as FlagRow[],
    loadDocRows(store),
    store.db.prepare(ADDRESS_ROWS).all() as AddressRow[],
  );
  const ins = store.db.prepare(INSERT_PERSON);
  store.db.transaction(() => {
    store.db.prepare(DELETE_PEOPLE).run();
    for (const p of people) ins.run(...personParams(p));
  })();
  return people;
}

/**
 * The people of a case through its `SqlDb` (either engine), without storing them: what
 * `leaklens people --database` shows of a team case, whose table the metadata job keeps.
 */
export async function readPeopleDb(db: SqlDb): Promise<Person[]> {
  return collectPeople(
    await db.all<FlagRow>(METADATA_FLAGS),
    await loadDocRowsDb(db),
    await db.all<AddressRow>(ADDRESS_ROWS),
  );
}

/** The same, stored (either engine): a team case's metadata job. */
export async function buildPeopleDb(db: SqlDb): Promise<Person[]> {
  const people = await readPeopleDb(db);
  await db.transaction(async (tx) => {
    await tx.run(DELETE_PEOPLE);
    for (const p of people) await tx.run(INSERT_PERSON, personParams(p));
  });
  return people;
}

function collectPeople(flagRows: FlagRow[], docs: DocRow[], rows: AddressRow[]): Person[] {
  const map = new Map<string, Acc>();
  const flagsByItem = new Map<string, { kind: string; about?: string }[]>();
  for (const f of flagRows) {
    const ev = JSON.parse(f.evidence_json) as { name?: string; editor?: string };
    const list = flagsByItem.get(f.item_id) ?? [];
    list.push({ kind: f.kind, about: ev.name ?? ev.editor });
    flagsByItem.set(f.item_id, list);
  }
  for (const d of docs) {
    const m = d.metadata;
    // The last person to save a document set its application language, clock and paths; a flag
    // about the document is theirs, not its original author's (often the victim of a planted edit).
    const responsible = (m.lastModifiedBy ?? m.author)?.trim();
    const who = [
      ...names(m).map((n) => ({ role: ROLE[n.field] ?? n.field, name: n.name.trim() })),
      ...(m.company ? [{ role: 'company', name: m.company.trim() }] : []),
      ...(m.manager ? [{ role: 'manager', name: m.manager.trim() }] : []),
    ];
    const done = new Set<string>();
    for (const { role, name } of who) {
      const a = acc(map, name);
      a.roles[role] = (a.roles[role] ?? 0) + 1;
      a.docs.add(d.id);
      if (a.examples.length < 3 && d.filename && !a.examples.includes(d.filename))
        a.examples.push(d.filename);
      seen(a, m.created);
      seen(a, m.modified);
      if (role === 'company' || role === 'manager' || done.has(name)) continue;
      done.add(name);
      const mine = name === responsible;
      const lang = appLanguage(m);
      if (mine && lang && !a.appLanguages.includes(lang)) a.appLanguages.push(lang);
      if (mine && typeof m.timezoneOffset === 'number' && !a.timezones.includes(m.timezoneOffset))
        a.timezones.push(m.timezoneOffset);
      for (const f of flagsByItem.get(d.id) ?? []) {
        if (f.about ? f.about === name : mine) a.flags[f.kind] = (a.flags[f.kind] ?? 0) + 1;
      }
    }
  }
  for (const r of rows) {
    const a = acc(map, r.name, r.address);
    const role = r.role === 'from' || r.role === 'sender' ? 'sender' : 'recipient';
    a.roles[role] = (a.roles[role] ?? 0) + 1;
    a.mails.add(r.item_id);
    seen(a, r.date);
  }
  mergeByName(map);
  const people = [...map.values()]
    .map(({ docs, mails, ...p }) => ({ ...p, documents: docs.size, emails: mails.size }))
    .sort((x, y) => y.documents + y.emails - (x.documents + x.emails) || x.key.localeCompare(y.key));
  return people;
}

/** A metadata name equal (by name key) to the display name of one e-mail address joins that address's row. */
function mergeByName(map: Map<string, Acc>): void {
  const byName = new Map<string, Acc[]>();
  for (const a of map.values())
    if (a.addresses.length) byName.set(personKey(a.name), [...(byName.get(personKey(a.name)) ?? []), a]);
  for (const [key, a] of [...map]) {
    const target = a.addresses.length ? undefined : byName.get(key);
    if (target?.length !== 1 || !key) continue;
    const t = target[0]!;
    for (const [r, n] of Object.entries(a.roles)) t.roles[r] = (t.roles[r] ?? 0) + n;
    for (const [f, n] of Object.entries(a.flags)) t.flags[f] = (t.flags[f] ?? 0) + n;
    for (const d of a.docs) t.docs.add(d);
    for (const e of a.examples) if (t.examples.length < 3 && !t.examples.includes(e)) t.examples.push(e);
    for (const l of a.appLanguages) if (!t.appLanguages.includes(l)) t.appLanguages.push(l);
    for (const z of a.timezones) if (!t.timezones.includes(z)) t.timezones.push(z);
    seen(t, a.firstDate);
    seen(t, a.lastDate);
    map.delete(key);
  }
}

function personParams(p: Person): unknown[] {
  return [
    p.key,
    p.name,
    JSON.stringify(p.addresses),
    JSON.stringify(p.roles),
    p.documents,
    p.emails,
    JSON.stringify(p.examples),
    p.firstDate,
    p.lastDate,
    p.writingSystem,
    JSON.stringify(p.appLanguages),
    JSON.stringify(p.timezones),
    JSON.stringify(p.flags),
  ];
}
