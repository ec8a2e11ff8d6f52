import type { Hono } from 'hono';
import type { WebEnv } from './context.js';

/**
 * The campaign and trail pages of a team server started without `--blobs`: the campaign file (the
 * posts, and the trail a campaign job stored) lives in the shared blob directory (src/team/campaign-files.ts), so the server cannot find it.
 */
export function campaignNeedsBlobs(app: Hono<WebEnv>): void {
  for (const p of [
    '/api/campaign',
    '/api/campaign/:part',
    '/api/posts',
    '/api/trail',
    '/api/items/:id/trail',
  ])
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
