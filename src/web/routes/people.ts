import type { Hono } from 'hono';
import { namedInText, passagesNaming } from '../../analyze/names/read.js';
import { byCodePoint } from '../../case/has-table.js';
import { asciiLower, countWhere, jsonText } from '../../case/portable.js';
import { withBadgesOf } from '../../search/badges.js';
import type { WebEnv } from '../context.js';
import { intParam } from '../context.js';
import { graphRoutes } from './graph.js';
import type { PagesContext } from './overview.js';
import { chipsFor, peopleOutliers, personSummary, resolvePerson } from './people-outliers.js';
import { personDocuments } from './person-documents.js';

const NO_PERSON = { flags: [], reasons: [] };

/**
 * People: every address seen on mail (sent/received counts) and a person's page with their
 * messages, the documents naming them as author or editor, correspondents and monthly activity.
 * Through the case layer: a laptop case and a team case answer alike (ties by code point).
 */
export function peopleRoutes(app: Hono<WebEnv>, ctx: PagesContext): void {
  const { db } = ctx;
  const cp = (e: string) => byCodePoint(db, e);
  graphRoutes(app, ctx);
  app.get('/api/people', async (c) => {
    const limit = intParam(c.req.query('limit'), 100, 1, 500);
    const offset = intParam(c.req.query('offset'), 0, 0, 1e9);
    const q = (c.req.query('q') ?? '').trim().toLowerCase();
    const where = q
      ? `WHERE ${asciiLower(db, 'address')} LIKE ? ESCAPE '\\' OR ${asciiLower(db, 'name')} LIKE ? ESCAPE '\\'`
      : '';
    const like = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const params = q ? [like, like] : [];
    const author = (k: string) => jsonText(db, 'metadata_json', k);
    const [rows, count, authors] = await Promise.all([
      db.all<{ address: string; sent: number; received: number; messages: number }>(
        `SELECT address, max(${cp('name')}) AS name, ${countWhere("role = 'from'")} AS sent, ${countWhere("role != 'from'")} AS received,
                count(DISTINCT item_id) AS messages
           FROM addresses ${where} GROUP BY address ORDER BY messages DESC, ${cp('address')} LIMIT ? OFFSET ?`,
        [...params, limit, offset],
      ),
      db.get<{ n: number }>(`SELECT count(DISTINCT address) AS n FROM addresses ${where}`, params),
      db.all<{ name: string; documents: number }>(
        `SELECT v AS name, count(*) AS documents FROM (
           SELECT ${author('author')} AS v FROM documents
           UNION ALL SELECT ${author('lastModifiedBy')} FROM documents) x
         WHERE v IS NOT NULL AND v != '' GROUP BY v ORDER BY 2 DESC, ${cp('v')} LIMIT 100`,
      ),
    ]);
    const people = rows.map((r) => ({
      ...r,
      sent: Number(r.sent),
      received: Number(r.received),
      messages: Number(r.messages),
    }));
    // Outliers (metadata flags: other alphabet, language, time zone, software) marked with why.
    const [chips, outliers, named] = await Promise.all([
      chipsFor(db, [...people.map((r) => r.address), ...authors.map((a) => a.name)]),
      q ? [] : peopleOutliers(db),
      // Names found in running text (bodies, documents): people, organisations, places.
      q ? [] : namedInText(db, { limit: 60 }),
    ]);
    const mark = <T>(row: T, k: string) => ({
      ...row,
      flags: chips.get(k)?.flags ?? [],
      reasons: chips.get(k)?.reasons ?? [],
    });
    return c.json({
      total: Number(count?.n ?? 0),
      offset,
      people: people.map((r) => mark(r, r.address)),
      authors: authors.map((a) => mark({ ...a, documents: Number(a.documents) }, a.name)),
      outliers,
      named,
    });
  });

  app.get('/api/people/:key', async (c) => {
    const key = c.req.param('key');
    // A URL may name an address, a key of `leaklens people` or a name as the metadata writes it.
    const person = await resolvePerson(db, key);
    const address = key.includes('@') ? key.toLowerCase() : (person?.addresses[0] ?? key.toLowerCase());
    const [messageRows, nameRow] = await Promise.all([
      db.all<{ id: string }>(
        `SELECT e.id, e.subject, e.from_addr AS "from", e.date, string_agg(a.role, ',' ORDER BY ${cp('a.role')}) AS roles
           FROM addresses a JOIN emails e ON e.id = a.item_id WHERE a.address = ?
          GROUP BY e.id, e.subject, e.from_addr, e.date ORDER BY ${cp('e.date')} NULLS FIRST, ${cp('e.id')} LIMIT 1000`,
        [address],
      ),
      db.get<{ n: string | null }>(`SELECT max(${cp('name')}) AS n FROM addresses WHERE address = ?`, [
        address,
      ]),
    ]);
    const name = nameRow?.n || person?.name || null;
    const [messages, documents, summary, correspondents, activity, passages] = await Promise.all([
      withBadgesOf(db, messageRows),
      personDocuments(db, [key, ...(name ? [name] : []), ...(person ? [person.name] : [])]),
      person ? personSummary(db, person) : NO_PERSON,
      db
        .all<{ value: string; label: string | null; count: number }>(
          `SELECT b.address AS value, max(${cp('b.name')}) AS label, count(DISTINCT b.item_id) AS count
             FROM addresses a JOIN addresses b ON b.item_id = a.item_id AND b.address != a.address
            WHERE a.address = ? GROUP BY b.address ORDER BY 3 DESC, ${cp('b.address')} LIMIT 30`,
          [address],
        )
        .then((rows) => rows.map((r) => ({ ...r, count: Number(r.count) }))),
      db
        .all<{ value: string; count: number }>(
          `SELECT substr(e.date, 1, 7) AS value, count(DISTINCT e.id) AS count FROM addresses a JOIN emails e ON e.id = a.item_id
            WHERE a.address = ? AND e.date IS NOT NULL GROUP BY substr(e.date, 1, 7) ORDER BY ${cp('substr(e.date, 1, 7)')}`,
          [address],
        )
        .then((rows) => rows.map((r) => ({ ...r, count: Number(r.count) }))),
      passagesNaming(db, {
        addresses: person?.addresses ?? (key.includes('@') ? [address] : []),
        name: person?.name ?? name ?? key,
      }),
    ]);
    if (!messages.length && !documents.length && !passages.length)
      return c.json({ error: 'no such person in this case' }, 404);
    return c.json({
      key,
      address: key.includes('@') || person?.addresses.length ? address : null,
      name,
      ...summary,
      messages,
      documents,
      correspondents,
      activity,
      passages,
    });
  });
}
