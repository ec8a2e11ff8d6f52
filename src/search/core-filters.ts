import { UserError } from '../core/errors.js';
import { VERDICTS } from '../verify/types.js';
import { type FilterOp, registerFilter } from './filters.js';
import { mimeOfExtension } from './mime-alias.js';

/** Filters every case has. Conditions refer to items i, emails e, documents d (see search.ts). */
const like = (v: string) => `%${v.toLowerCase().replace(/[%_]/g, (c) => `\\${c}`)}%`;

/** 2017, 2017-05, 2017-05-03 or a full ISO 8601 time; anything else (2017-13, 05/03/2017) is refused. */
function checkDate(name: string, value: string): string {
  const m =
    /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$/.exec(
      value,
    );
  const [month, day] = [Number(m?.[2] ?? 1), Number(m?.[3] ?? 1)];
  // Date.UTC rolls 2017-02-30 over to March: a date that does not round-trip does not exist.
  const real = m && new Date(Date.UTC(Number(m[1]), month - 1, day)).getUTCDate() === day && month <= 12;
  if (!real || month < 1)
    throw new UserError(
      `${name}:${value}: not a date (write a year, month or day in ISO 8601: 2017, 2017-05 or 2017-05-03)`,
    );
  return value;
}

function dateBound(name: string, value: string): string {
  // Compare as ISO strings: 2017 → 2017-01-01, 2017-05 → 2017-05-01.
  checkDate(name, value);
  if (/^\d{4}$/.test(value)) return `${value}-01-01`;
  if (/^\d{4}-\d{2}$/.test(value)) return `${value}-01`;
  return value;
}

const WHEN = 'i.date';

registerFilter({
  name: 'from',
  help: 'from:jean or from:@org.example — sender address or name contains',
  ops: [':'],
  toSql: (v) => ({
    sql: "i.id IN (SELECT item_id FROM addresses WHERE role IN ('from', 'sender') AND (address LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\'))",
    params: [like(v), like(v)],
  }),
});
registerFilter({
  name: 'to',
  help: 'to:marie — a recipient (To, Cc or Bcc) address or name contains',
  ops: [':'],
  toSql: (v) => ({
    sql: "i.id IN (SELECT item_id FROM addresses WHERE role IN ('to', 'cc', 'bcc') AND (address LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\'))",
    params: [like(v), like(v)],
  }),
});
registerFilter({
  name: 'domain',
  help: 'domain:bank.example — sender domain',
  ops: [':'],
  toSql: (v) => ({ sql: 'e.from_domain = ?', params: [v.toLowerCase().replace(/^@/, '')] }),
});
registerFilter({
  name: 'has',
  help: 'has:attachment, has:flag, has:html',
  ops: [':'],
  toSql: (v) => {
    if (/^attach/i.test(v)) return { sql: 'e.attachment_count > 0', params: [] };
    if (/^flag/i.test(v)) return { sql: 'i.id IN (SELECT item_id FROM flags)', params: [] };
    if (/^html/i.test(v)) return { sql: 'e.html IS NOT NULL', params: [] };
    throw new UserError(`has:${v}: unknown (write has:attachment, has:flag or has:html)`);
  },
});
for (const [name, op] of [
  ['before', '<'],
  ['after', '>='],
] as const) {
  registerFilter({
    name,
    help: `${name}:2017-05-01 — dated ${name === 'before' ? 'before' : 'on or after'} (e-mail Date, else document modified)`,
    ops: [':'],
    toSql: (v) => ({ sql: `${WHEN} ${op} ?`, params: [dateBound(name, v)] }),
  });
}
registerFilter({
  name: 'date',
  help: 'date:2017-03 — dated in that year, month or day',
  ops: [':'],
  toSql: (v) => ({ sql: `${WHEN} LIKE ?`, params: [`${checkDate('date', v)}%`] }),
});
registerFilter({
  name: 'kind',
  help: 'kind:email or kind:document',
  ops: [':'],
  toSql: (v) => {
    if (!/^(email|document)$/i.test(v))
      throw new UserError(`kind:${v}: unknown (write kind:email or kind:document)`);
    return { sql: 'lower(i.kind) = ?', params: [v.toLowerCase()] };
  },
});
registerFilter({
  name: 'lang',
  help: 'lang:fr — document language',
  ops: [':'],
  toSql: (v) => ({ sql: 'd.language = ?', params: [v.toLowerCase()] }),
});
registerFilter({
  name: 'path',
  help: 'path:mailbox-name — provenance path contains',
  ops: [':'],
  toSql: (v) => ({
    sql: "i.id IN (SELECT item_id FROM locations WHERE lower(provenance) LIKE ? ESCAPE '\\')",
    params: [like(v)],
  }),
});
registerFilter({
  name: 'mime',
  help: 'mime:pdf, mime:xlsx, mime:image/ — MIME type contains (a file extension stands for its type)',
  ops: [':'],
  toSql: (v) => {
    const alias = mimeOfExtension(v);
    return alias
      ? { sql: 'lower(i.mime) IN (SELECT value FROM json_each(?))', params: [JSON.stringify(alias)] }
      : { sql: "lower(i.mime) LIKE ? ESCAPE '\\'", params: [like(v)] };
  },
});
registerFilter({
  name: 'flag',
  help: 'flag:received-out-of-order — carries a flag of that kind',
  ops: [':'],
  toSql: (v) => ({ sql: 'i.id IN (SELECT item_id FROM flags WHERE kind = ?)', params: [v] }),
});
registerFilter({
  name: 'tag',
  help: 'tag:important — tagged by an investigator',
  ops: [':'],
  toSql: (v) => ({
    sql: "i.id IN (SELECT item_id FROM annotations WHERE kind = 'tag' AND value = ?)",
    params: [v],
  }),
});
registerFilter({
  name: 'id',
  help: 'id:em-… — one item',
  ops: [':'],
  toSql: (v) => ({ sql: 'i.id = ?', params: [v] }),
});
registerFilter({
  name: 'verdict',
  help: 'verdict:body-altered — authenticity verdict (after verify)',
  ops: [':'],
  toSql: (v) => {
    if (!(VERDICTS as readonly string[]).includes(v))
      throw new UserError(`verdict:${v}: unknown verdict (one of ${VERDICTS.join(', ')})`);
    return { sql: 'i.id IN (SELECT item_id FROM verdicts WHERE verdict = ?)', params: [v] };
  },
});
registerFilter({
  name: 'size',
  help: 'size>1000000 — bytes',
  ops: ['>', '<', '>=', '<=', '='],
  toSql: (v, op: FilterOp) => {
    const n = Number(v);
    if (!v || !Number.isFinite(n) || n < 0)
      throw new UserError(`size${op}${v}: not a size in bytes (write size>1000000)`);
    return { sql: `i.size ${op === ':' ? '=' : op} ?`, params: [n] };
  },
});
