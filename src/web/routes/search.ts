import type { Hono } from 'hono';
import { UserError } from '../../core/errors.js';
import { FILTERS } from '../../search/filters.js';
import { type SearchOptions, type SearchResult, search } from '../../search/search.js';
import type { ServerContext, WebContext, WebEnv } from '../context.js';
import { caseVersionOf, intParam, unknownValue } from '../context.js';
import { Lru } from '../lru.js';

const SORTS = new Set(['relevance', 'date', 'date-asc']);
/** Result pages kept per server, and for how long (an ingest beside the server shows up after it). */
const SEARCH_CACHE_ENTRIES = 1000;
const SEARCH_TTL_MS = 30_000;

/** Facet name → the search filter that narrows to one of its values (the UI adds `filter:value`). */
export const FACET_FILTERS: Record<string, string> = {
  sender: 'from',
  recipient: 'to',
  domain: 'domain',
  verdict: 'verdict',
  type: 'type',
  language: 'lang',
  kind: 'kind',
  month: 'date',
  attachment: 'has',
};

/** Runs one search on the case behind a workbench (laptop SQLite, or a team case's PostgreSQL). */
export type SearchRunner = (query: string, opts: SearchOptions) => SearchResult | Promise<SearchResult>;

/** Search with facets (the lead's search module), and the query-syntax help from the filter registry. */
export function searchRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  searchRoutesOn(app, ctx, (q, opts) => search(ctx.store, q, opts));
}

/**
 * The same routes over any runner: the team workbench passes `searchCase` on PostgreSQL, so the
 * query language, answers, facets and errors are those of the laptop (test/search/backends.test.ts).
 */
export function searchRoutesOn(app: Hono<WebEnv>, ctx: ServerContext, run: SearchRunner): void {
  // Investigators page through, go back and toggle facets on the same query; the case changes only
  // through an ingest or analysis (picked up after SEARCH_TTL_MS) or a tag here (generation).
  // A team server keys them by the case's write version instead, without a time limit: a write by
  // any process or worker moves it, so the next search sees it (migrations/0019-pg-case-writes.ts).
  const versioned = ctx.caseVersion !== undefined;
  const cache = new Lru<SearchResult>(SEARCH_CACHE_ENTRIES, versioned ? undefined : SEARCH_TTL_MS);
  app.get('/api/search', async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 2000);
    const sortQ = c.req.query('sort') ?? 'relevance';
    if (!SORTS.has(sortQ)) return c.json(unknownValue('sort', sortQ, SORTS), 400);
    const sort = sortQ as 'relevance' | 'date' | 'date-asc';
    const limit = intParam(c.req.query('limit'), 20, 1, 200);
    const offset = intParam(c.req.query('offset'), 0, 0, 100_000);
    const facets = c.req.query('facets') !== '0';
    const version = versioned ? await caseVersionOf(c, ctx) : ctx.generation;
    const key = [version, q, sort, limit, offset, facets].join('\0');
    const hit = cache.get(key);
    if (hit) return c.json(hit);
    try {
      const res = await run(q, { limit, offset, sort, facets });
      cache.set(key, res);
      return c.json(res);
    } catch (err) {
      if (err instanceof UserError) return c.json({ error: err.message }, 400);
      throw err;
    }
  });

  app.get('/api/search/syntax', (c) =>
    c.json({
      text: [
        'words: all must match (stemmed, accents ignored)',
        '"exact phrase": the words in this order',
        'a OR b: either',
        '-word or -filter:value: excludes',
        'subject:word, filename:word: that field only',
      ],
      filters: [...FILTERS.values()]
        .map((f) => ({ name: f.name, help: f.help }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      facetFilters: FACET_FILTERS,
    }),
  );
}
