import { NAME_MENTIONS_SQL } from '../../case/sql/name-mentions.js';
import { BatchInsert, NAME_MENTION_COLUMNS, NAME_MENTION_CONFLICT } from '../../case/sql/triage.js';
import type { SqlDb } from '../../case/sql-db.js';
import { createProgress } from '../../util/progress.js';
import { type Identity, nameKey } from '../identities.js';
import { addressRows, bodyOf, type DocRow, type EmailRow, parseJson, type Rows } from '../triage-load.js';
import { buildGazetteer } from './gazetteer.js';
import { fold } from './lexicon.js';
import { findNames, type NameMention } from './recognize.js';

/** Characters of context kept on each side of a mention for its passage. */
export const PASSAGE_CONTEXT = 80;

/** The comparable key of a mention: order-free name key for people, folded text otherwise. */
export function mentionKey(m: Pick<NameMention, 'type' | 'text'>): string {
  const f = fold(m.text).replace(/\s+/g, ' ').trim();
  return m.type === 'PER' ? nameKey(m.text) || f : f;
}

/** The passage around a mention, on one line, with the name itself between « ». */
export function passage(text: string, start: number, end: number): string {
  const a = Math.max(0, start - PASSAGE_CONTEXT);
  const b = Math.min(text.length, end + PASSAGE_CONTEXT);
  const one = (s: string) => s.replace(/\s+/g, ' ');
  return `${a > 0 ? '…' : ''}${one(text.slice(a, start))}«${text.slice(start, end)}»${one(text.slice(end, b))}${b < text.length ? '…' : ''}`;
}

/**
 * For each e-mail, the first names of its sender and recipients → their identity, keeping only the
 * first names one participant alone carries in that message.
 */
async function participantsByFirstName(
  db: SqlDb,
  identities: Identity[],
): Promise<Map<string, Map<string, string | null>>> {
  const idOfAddress = new Map<string, Identity>();
  for (const i of identities) for (const a of i.addresses) idOfAddress.set(a.toLowerCase(), i);
  const out = new Map<string, Map<string, string | null>>();
  // Page by page, as triage reads them (a 1,000,000-item case has millions of address rows).
  for await (const r of addressRows(db)) {
    const idn = idOfAddress.get(r.address.toLowerCase());
    const first = idn?.name.split(/\s+/)[0];
    if (!idn || !first || idn.name.split(/\s+/).length < 2) continue;
    const m = out.get(r.item_id) ?? new Map<string, string | null>();
    const k = fold(first);
    m.set(k, m.has(k) && m.get(k) !== idn.id ? null : idn.id);
    out.set(r.item_id, m);
  }
  return out;
}

/** Companies and organisations named in document metadata: the case's own ORG gazetteer. */
async function metadataOrganisations(docs: AsyncIterable<DocRow>): Promise<string[]> {
  const out = new Set<string>();
  for await (const d of docs) {
    const m = parseJson<Record<string, unknown>>(d.metadata_json, {});
    if (typeof m.company === 'string' && m.company.trim()) out.add(m.company.trim());
  }
  return [...out];
}

/**
 * Finds the names in every e-mail (subject and body) and document text of a case and writes them
 * to `name_mentions`, linked to the identities triage just resolved. Called inside the triage
 * transaction, after the identities are written, so a killed run leaves all of it or none. Rows
 * are written in batches (src/case/sql/triage.ts); a mention at an offset already named in the same
 * field is dropped before it is written, as the table's key would drop it.
 * @example await findCaseNames(tx, identities, emails, docs, { silent: true }) // { PER: 120, ORG: 40, LOC: 33 }
 */
export async function findCaseNames(
  db: SqlDb,
  identities: Identity[],
  emails: Rows<EmailRow>,
  docs: Rows<DocRow>,
  opts: { silent?: boolean } = {},
): Promise<Record<'PER' | 'ORG' | 'LOC', number>> {
  const g = buildGazetteer({ identities, organisations: await metadataOrganisations(docs) });
  const ins = new BatchInsert(db, 'name_mentions', NAME_MENTION_COLUMNS, { conflict: NAME_MENTION_CONFLICT });
  await db.run(NAME_MENTIONS_SQL.clear);
  const counts = { PER: 0, ORG: 0, LOC: 0 };
  const progress = createProgress({
    label: 'names',
    total: emails.length + docs.length,
    unit: 'items',
    silent: opts.silent,
  });
  const byFirst = await participantsByFirstName(db, identities);
  const write = async (itemId: string, field: string, text: string) => {
    const here = byFirst.get(itemId);
    // The table's key is (item_id, field, start) and each field of an item is written once, here.
    const starts = new Set<number>();
    for (const found of findNames(text, g)) {
      // "Bonjour Inès" in a message to Inès Bonnet is Inès Bonnet: a first name alone is linked
      // when exactly one sender or recipient of this message carries it.
      const m =
        here && found.type === 'PER' && !found.identityId && !found.text.includes(' ')
          ? { ...found, identityId: here.get(fold(found.text)) ?? null }
          : found;
      if (starts.has(m.start)) continue;
      starts.add(m.start);
      ins.push([
        itemId,
        field,
        m.type,
        m.text,
        mentionKey(m),
        m.start,
        m.end,
        m.evidence,
        m.identityId,
        passage(text, m.start, m.end),
      ]);
      counts[m.type]++;
      if (ins.full) await ins.flush();
    }
  };
  for await (const e of emails) {
    if (e.subject) await write(e.id, 'subject', e.subject);
    await write(e.id, 'body', bodyOf(e));
    progress.tick();
  }
  for await (const d of docs) {
    await write(d.id, 'text', d.text);
    progress.tick();
  }
  await ins.flush();
  progress.stop();
  return counts;
}
