/**
 * Field filters of the search syntax (`from:`, `type:invoice`, `amount>1000` …). Core filters are
 * defined in search/query.ts; analyses add theirs with `registerFilter` so the query language grows
 * with the case without the search module knowing every table.
 */
export type FilterOp = ':' | '>' | '<' | '>=' | '<=' | '=';

export interface FilterSql {
  /** A SQL condition over the item id column `i.id` (items aliased as i), e.g. `i.id IN (SELECT …)`. */
  sql: string;
  params: unknown[];
}

export interface FilterDef {
  name: string;
  /** One line for the query-syntax help. */
  help: string;
  ops: FilterOp[];
  /** True when `name:` with no value means "any" (iban:, sensitive:, duplicate:); otherwise a bare
   * `name:` is refused as a user error instead of matching everything or nothing. */
  allowEmpty?: boolean;
  /** Throws a UserError (src/core/errors.ts) for a value it cannot read, e.g. `after:2017-13`. */
  toSql(value: string, op: FilterOp): FilterSql;
}

export const FILTERS = new Map<string, FilterDef>();

export function registerFilter(def: FilterDef): void {
  FILTERS.set(def.name.toLowerCase(), def);
}
