import type { Hono } from 'hono';
import type { CaseStore } from '../../case/case-store.js';
import type { BlobStore } from '../../store/blob-store.js';
import type { WebEnv } from '../context.js';
import { intParam } from '../context.js';

/**
 * The failures page of a team workbench, read through the case store (as `leaklens errors
 * --database` reads them), in the laptop route's JSON (routes/failures.ts): a page of failures,
 * each with whether its original is in the blob directory, and the count of every reason.
 */
export function teamFailureRoutes(
  app: Hono<WebEnv>,
  store: () => Promise<CaseStore>,
  blobs: BlobStore | null,
) {
  app.get('/api/failures', async (c) => {
    const limit = intParam(c.req.query('limit'), 200, 1, 1000);
    const offset = intParam(c.req.query('offset'), 0, 0, 1e9);
    const reason = c.req.query('reason');
    const cases = await store();
    const all = await cases.failures();
    const picked = reason ? all.filter((f) => f.reason === reason) : all;
    const failures = picked.slice(offset, offset + limit).map((f) => ({
      id: f.id,
      provenance: f.provenance,
      sha256: f.sha256,
      reason: f.reason,
      message: f.message,
      stage: f.stage,
      downloadable: Boolean(f.sha256 && blobs?.has(f.sha256)),
    }));
    const counts = new Map<string, number>();
    for (const f of all) counts.set(f.reason, (counts.get(f.reason) ?? 0) + 1);
    const reasons = [...counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return c.json({ total: picked.length, offset, failures, reasons });
  });
}
