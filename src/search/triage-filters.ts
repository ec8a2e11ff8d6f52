import { ENTITY_TYPES } from '../analyze/entities/types.js';
import { UserError } from '../core/errors.js';
import { type FilterOp, registerFilter } from './filters.js';
import { fold } from './normalize.js';
import { transliterate } from './translit.js';

/**
 * Search filters over the triage tables (src/analyze/triage-schema.ts): `type:invoice`,
 * `amount>1000`, `iban:`, `person:dupont`, `entity:phone`, `sensitive:password`,
 * `duplicate:near`, `thread:th-…`. Loaded by the search module; each condition is over `i.id`.
 */
const like = (v: string) => `%${v.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
const SQL_OP: Record<FilterOp, string> = { ':': '=', '=': '=', '>': '>', '<': '<', '>=': '>=', '<=': '<=' };

registerFilter({
  name: 'type',
  help: 'type:invoice (or type:invoice,receipt) — document type found by triage',
  ops: [':', '='],
  toSql: (v) => {
    const types = v.toLowerCase().split(',').filter(Boolean);
    return {
      sql: `i.id IN (SELECT item_id FROM doc_types WHERE type IN (${types.map(() => '?').join(', ') || "''"}))`,
      params: types,
    };
  },
});

/** `1000`, `1 000`, `1000eur`, `1k` → [1000, 'EUR' | null]. */
export function parseAmountFilter(v: string): [number, string | null] {
  const m = /^([\d\s.,]+)\s*(k|m)?\s*([a-z€$£]{1,3})?$/i.exec(v.trim());
  if (!m) return [Number.NaN, null];
  const n = Number(m[1]!.replace(/[\s,]/g, '')) * (m[2]?.toLowerCase() === 'k' ? 1e3 : m[2] ? 1e6 : 1);
  const c = m[3]?.toUpperCase();
  const cur = c === '€' ? 'EUR' : c === '$' ? 'USD' : c === '£' ? 'GBP' : (c ?? null);
  return [n, cur];
}

registerFilter({
  name: 'amount',
  help: 'amount>1000, amount>=5k, amount<100eur — an amount of money mentioned (value in its currency)',
  ops: ['>', '<', '>=', '<=', '=', ':'],
  toSql: (v, op) => {
    const [n, cur] = parseAmountFilter(v);
    if (!Number.isFinite(n))
      throw new UserError(`amount${op}${v}: not an amount (write amount>1000, amount>=5k or amount<100eur)`);
    const curSql = cur ? ' AND substr(normalized, 1, 3) = ?' : '';
    return {
      sql: `i.id IN (SELECT item_id FROM entities WHERE type = 'amount' AND CAST(substr(normalized, 5) AS REAL) ${SQL_OP[op]} ?${curSql})`,
      params: cur ? [n, cur] : [n],
    };
  },
});

registerFilter({
  name: 'iban',
  allowEmpty: true,
  help: 'iban: (any valid IBAN) or iban:FR76 — IBAN starting with',
  ops: [':'],
  toSql: (v) => {
    const p = v.replace(/\s+/g, '').toUpperCase();
    return p
      ? {
          sql: "i.id IN (SELECT item_id FROM entities WHERE type = 'iban' AND normalized LIKE ?)",
          params: [`${p}%`],
        }
      : { sql: "i.id IN (SELECT item_id FROM entities WHERE type = 'iban')", params: [] };
  },
});

registerFilter({
  name: 'person',
  help: 'person:dupont — a person under any of their merged names or addresses (headers, signatures, metadata), in any script: person:Рошка also finds Roshka',
  ops: [':'],
  toSql: (v) => {
    // ll_name_fold (name-functions.ts) folds every script and adds the Latin form of Cyrillic
    // names; the query is folded the same way, and a Cyrillic query also looks for its Latin form.
    const forms = [...new Set([fold(v), fold(transliterate(v))])].map(like);
    const any = (col: string) =>
      `(${forms.map(() => `ll_name_fold(${col}) LIKE ? ESCAPE '\\'`).join(' OR ')})`;
    return {
      sql: `i.id IN (SELECT item_id FROM entities WHERE type IN ('person', 'email') AND (${any('normalized')}
        OR normalized IN (SELECT form FROM identity_forms WHERE identity_id IN (SELECT id FROM identities
          WHERE ${any('name')} OR ${any('names_json')} OR addresses_json LIKE ? ESCAPE '\\'))))`,
      params: [...forms, ...forms, ...forms, like(v)],
    };
  },
});

registerFilter({
  name: 'entity',
  help: `entity:phone (any of ${ENTITY_TYPES.join(', ')}) or entity:+33612345678 — an extracted entity`,
  ops: [':'],
  toSql: (v) => {
    const t = v.toLowerCase();
    if ((ENTITY_TYPES as string[]).includes(t))
      return { sql: 'i.id IN (SELECT item_id FROM entities WHERE type = ?)', params: [t] };
    return {
      sql: "i.id IN (SELECT item_id FROM entities WHERE lower(normalized) LIKE ? ESCAPE '\\')",
      params: [like(v)],
    };
  },
});

registerFilter({
  name: 'sensitive',
  allowEmpty: true,
  help: 'sensitive: (any) or sensitive:password|secret|bank|card|id-document|health|personal',
  ops: [':'],
  toSql: (v) =>
    v
      ? {
          sql: "i.id IN (SELECT item_id FROM flags WHERE stage = 'triage' AND kind = ?)",
          params: [`sensitive-${v.toLowerCase()}`],
        }
      : {
          sql: "i.id IN (SELECT item_id FROM flags WHERE stage = 'triage' AND kind LIKE 'sensitive-%')",
          params: [],
        },
});

registerFilter({
  name: 'duplicate',
  allowEmpty: true,
  help: 'duplicate: (any), duplicate:exact or duplicate:near',
  ops: [':'],
  toSql: (v) =>
    v
      ? { sql: 'i.id IN (SELECT item_id FROM duplicates WHERE kind = ?)', params: [v.toLowerCase()] }
      : { sql: 'i.id IN (SELECT item_id FROM duplicates)', params: [] },
});

registerFilter({
  name: 'thread',
  help: 'thread:th-… — every message of a thread (see "leaklens thread")',
  ops: [':'],
  toSql: (v) => ({ sql: 'i.id IN (SELECT item_id FROM threads WHERE thread_id = ?)', params: [v] }),
});
