/**
 * Search filters over the authenticity tables, beside the core `verdict:` filter:
 * `signed-by:gmail.com`, `arc:fail`. Loaded by the search module (one import line in
 * src/search/search.ts); each condition is over `i.id`. The `verdicts` table exists once
 * `leaklens verify` (or the ingest's verify stage) has run.
 */
import { registerFilter } from '../search/filters.js';

registerFilter({
  name: 'signed-by',
  help: 'signed-by:gmail.com — carries a DKIM signature of that domain (d=), whatever its result',
  ops: [':', '='],
  toSql: (v) => ({
    sql: `i.id IN (SELECT item_id FROM verdicts WHERE ',' || signing_domains || ',' LIKE ?)`,
    params: [`%,${v.toLowerCase().replace(/[%_,]/g, '')},%`],
  }),
});

registerFilter({
  name: 'arc',
  help: 'arc:pass | arc:fail — result of the ARC chain',
  ops: [':', '='],
  toSql: (v) => ({
    sql: `i.id IN (SELECT item_id FROM verdicts WHERE json_extract(arc_json, '$.result') = ?)`,
    params: [v.toLowerCase()],
  }),
});
