import type { Hono } from 'hono';
import { namedInText, passagesNaming } from '../../analyze/names/read.js';
import { withBadges } from '../../search/badges.js';
import type { WebContext, WebEnv } from '../context.js';
import { intParam } from '../context.js';
import { graphRoutes } from './graph.js';
import { chipsFor, peopleOutliers, personSummary, resolvePerson } from './people-outliers.js';
import { personDocuments } from './person-documents.js';

/**
 * People: every address seen on mail (sent/received counts) and a person's page with their
 * messages, the documents naming them as author or editor, correspondents and monthly activity.
 */
export function peopleRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  const db = ctx.store.db;
  graphRoutes(app, ctx);
  app.get('/api/people', (c) => {
    const limit = intParam(c.req.query('limit'), 100, 1, 500);
    const offset = intParam(c.req.query('offset'), 0, 0, 1e9);
    const q = (c.req.query('q') ?? '').trim().toLowerCase();
    const where = q ? "WHERE lower(address) LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\'" : '';
    const like = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const params = q ? [like, like] : [];
    const rows = db
      .prepare(
        `SELECT address, max(name) AS name, sum(role = 'from') AS sent, sum(role != 'from') AS received,
                count(DISTINCT item_id) AS messages
           FROM addresses ${where} GROUP BY address ORDER BY messages DESC, address LIMIT ? OFFSET ?`,
      )
      .all(...params, limit, offset);
    const total = (
      db.prepare(`SELECT count(DISTINCT address) AS n FROM addresses ${where}`).get(...params) as {
        n: number;
      }
    ).n;
    const authors = db
      .prepare(
        `SELECT v AS name, count(*) AS documents FROM (
           SELECT json_extract(metadata_json, '$.author') AS v FROM documents
           UNION ALL SELECT json_extract(metadata_json, '$.lastModifiedBy') FROM documents)
         WHERE v IS NOT NULL AND v != '' GROUP BY v ORDER BY 2 DESC LIMIT 100`,
      )
      .all() as { name: string; documents: number }[];
    // Outliers (metadata flags: other alphabet, language, time zone, software) marked with why.
    const chips = chipsFor(db, [
      ...(rows as { address: string }[]).map((r) => r.address),
      ...authors.map((a) => a.name),
    ]);
    const mark = <T>(row: T, k: string) => ({
      ...row,
      flags: chips.get(k)?.flags ?? [],
      reasons: chips.get(k)?.reasons ?? [],
    });
    return c.json({
      total,
      offset,
      people: (rows as { address: string }[]).map((r) => mark(r, r.address)),
      authors: authors.map((a) => mark(a, a.name)),
      outliers: q ? [] : peopleOutliers(db),
      // Names found in running text (bodies, documents): people, organisations, places.
      named: q ? [] : namedInText(db, { limit: 60 }),
    });
  });

  app.get('/api/people/:key', (c) => {
    const key = c.req.param('key');
    // A URL may name an address, a key of `leaklens people` or a name as the metadata writes it.
    const person = resolvePerson(db, key);
    const address = key.includes('@') ? key.toLowerCase() : (person?.addresses[0] ?? key.toLowerCase());
    const messages = withBadges(
      db,
      db
        .prepare(
          `SELECT e.id, e.subject, e.from_addr AS "from", e.date, group_concat(a.role) AS roles
             FROM addresses a JOIN emails e ON e.id = a.item_id WHERE a.address = ?
            GROUP BY e.id ORDER BY e.date LIMIT 1000`,
        )
        .all(address) as { id: string }[],
    );
    const name =
      (
        db.prepare('SELECT max(name) AS n FROM addresses WHERE address = ?').get(address) as {
          n: string | null;
        }
      ).n ||
      person?.name ||
      null;
    const documents = personDocuments(db, [key, ...(name ? [name] : []), ...(person ? [person.name] : [])]);
    const summary = person ? personSummary(db, person) : { flags: [], reasons: [] };
    const correspondents = db
      .prepare(
        `SELECT b.address AS value, max(b.name) AS label, count(DISTINCT b.item_id) AS count
           FROM addresses a JOIN addresses b ON b.item_id = a.item_id AND b.address != a.address
          WHERE a.address = ? GROUP BY b.address ORDER BY 3 DESC LIMIT 30`,
      )
      .all(address);
    const activity = db
      .prepare(
        `SELECT substr(e.date, 1, 7) AS value, count(DISTINCT e.id) AS count FROM addresses a JOIN emails e ON e.id = a.item_id
          WHERE a.address = ? AND e.date IS NOT NULL GROUP BY 1 ORDER BY 1`,
      )
      .all(address);
    const passages = passagesNaming(db, {
      addresses: person?.addresses ?? (key.includes('@') ? [address] : []),
      name: person?.name ?? name ?? key,
    });
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
