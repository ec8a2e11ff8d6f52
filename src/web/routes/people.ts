import type { Hono } from 'hono';
import { namedInText, passagesNaming } from '../../analyze/names/read.js';
import { chipsFor, peopleOutliers, personSummary, resolvePerson } from '../../analyze/people-outliers.js';
import {
  addressMessages,
  addressPage,
  correspondentsOf,
  documentAuthors,
  monthlyActivity,
} from '../../analyze/people-read.js';
import { personDocuments } from '../../analyze/person-documents.js';
import { withBadgesOf } from '../../search/badges.js';
import type { WebEnv } from '../context.js';
import { intParam } from '../context.js';
import { graphRoutes } from './graph.js';
import type { PagesContext } from './overview.js';

const NO_PERSON = { flags: [], reasons: [] };

/**
 * People: every address seen on mail (sent/received counts) and a person's page with their
 * messages, the documents naming them as author or editor, correspondents and monthly activity.
 * Through the case layer: a laptop case and a team case answer alike (ties by code point).
 */
export function peopleRoutes(app: Hono<WebEnv>, ctx: PagesContext): void {
  const { db } = ctx;
  graphRoutes(app, ctx);
  app.get('/api/people', async (c) => {
    const limit = intParam(c.req.query('limit'), 100, 1, 500);
    const offset = intParam(c.req.query('offset'), 0, 0, 1e9);
    const q = (c.req.query('q') ?? '').trim().toLowerCase();
    const [{ rows: people, total }, authors] = await Promise.all([
      addressPage(db, { q, limit, offset }),
      documentAuthors(db),
    ]);
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
      total,
      offset,
      people: people.map((r) => mark(r, r.address)),
      authors: authors.map((a) => mark(a, a.name)),
      outliers,
      named,
    });
  });

  app.get('/api/people/:key', async (c) => {
    const key = c.req.param('key');
    // A URL may name an address, a key of `leaklens people` or a name as the metadata writes it.
    const person = await resolvePerson(db, key);
    const address = key.includes('@') ? key.toLowerCase() : (person?.addresses[0] ?? key.toLowerCase());
    const mail = await addressMessages(db, address);
    const name = mail.name || person?.name || null;
    const [messages, documents, summary, correspondents, activity, passages] = await Promise.all([
      withBadgesOf(db, mail.messages),
      personDocuments(db, [key, ...(name ? [name] : []), ...(person ? [person.name] : [])]),
      person ? personSummary(db, person) : NO_PERSON,
      correspondentsOf(db, address),
      monthlyActivity(db, address),
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
