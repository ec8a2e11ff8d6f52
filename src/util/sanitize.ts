import { sanitizeBody } from '../web/sanitize.js';

/**
 * Sanitising of e-mail HTML at ingest, with the same allow-list the workbench applies at display
 * (src/web/sanitize.ts, tested against the hostile corpus): no script, no event handler, no remote
 * resource, links shown but not followable. Inline `cid:` images keep their reference so the viewer
 * can map them to the message's own parts.
 */
export function sanitizeEmailHtml(html: string): string {
  return sanitizeBody(html, { cidUrl: (cid) => `cid:${cid}` });
}
