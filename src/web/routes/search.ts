import type { Hono } from 'hono';
import { UserError } from '../../cli/errors.js';
import { FILTERS } from '../../search/filters.js';
import { search } from '../../search/search.js';
import type { WebContext, WebEnv } from '../context.js';
import { intParam } from '../context.js';

const SORTS = new Set(['relevance', 'date', 'date-asc']);

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

/** Search with facets (the lead's search module), and the query-syntax help from the filter registry. */
export function searchRoutes(app: Hono<WebEnv>, ctx: WebContext): void {
  app.get('/api/search', (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 2000);
    const sortQ = c.req.query('sort') ?? 'relevance';
    const sort = (SORTS.has(sortQ) ? sortQ : 'relevance') as 'relevance' | 'date' | 'date-asc';
    const limit = intParam(c.req.query('limit'), 20, 1, 200);
    const offset = intParam(c.req.query('offset'), 0, 0, 100_000);
    const facets = c.req.query('facets') !== '0';
    try {
      return c.json(search(ctx.store, q, { limit, offset, sort, facets }));
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
