import type { Hono } from 'hono';
import type { WebEnv } from './context.js';

/**
 * What a team workbench (`serve --database`) cannot show yet, and why. These pages read the laptop
 * `Store` (SQLite) directly; until they go through the case layer they answer 501 with the reason,
 * never an empty or made-up result. Login, users, roles, the audit log, annotations, saved searches,
 * search itself (searchCase on tsvector), the item pages and originals (the one item reader over
 * the case layer, blobs from the workers' shared directory) and the failures page (through the
 * case store) work on PostgreSQL (server.ts).
 */
export const NOT_ON_POSTGRES: { paths: string[]; what: string }[] = [
  {
    paths: ['/api/graph', '/api/graph.gexf'],
    what: 'the graph and its export read the laptop case store (SQLite) and are not on PostgreSQL yet',
  },
  {
    paths: [
      '/api/overview',
      '/api/charts/:name',
      '/api/documents',
      '/api/people',
      '/api/people/:key',
      '/api/suspects',
    ],
    what: 'overview, documents, people and suspects read the laptop case store (SQLite) and are not on PostgreSQL yet',
  },
];

/**
 * The campaign pages of a team server started without `--blobs`: the campaign file lives in the
 * shared blob directory (src/team/campaign-files.ts), so the server cannot find it.
 */
export function campaignNeedsBlobs(app: Hono<WebEnv>): void {
  for (const p of ['/api/campaign', '/api/campaign/:part', '/api/posts'])
    app.get(p, (c) =>
      c.json(
        {
          error:
            'the campaign side of a team case is read from its shared storage: start the server with --blobs DIR (the directory the workers use)',
          notImplemented: true,
        },
        501,
      ),
    );
}

export function notOnPostgresRoutes(app: Hono<WebEnv>): void {
  for (const { paths, what } of NOT_ON_POSTGRES)
    for (const p of paths)
      app.get(p, (c) =>
        c.json({ error: `not available on a team case (PostgreSQL): ${what}`, notImplemented: true }, 501),
      );
}
