/**
 * Statements run on every request of a team server (the grouped session read, the audit insert),
 * named so that each connection parses and plans them once (PostgreSQL "prepared statements"
 * through the extended protocol: later runs send Bind/Execute only). Registered by text.
 */
export const PREPARED = new Map<string, string>();

/**
 * Marks `sql` as prepared on every PostgreSQL connection that runs it (once per connection); the
 * SQL is returned unchanged. For fixed texts only: each name holds a plan on every connection.
 * @example const SELECT = prepared('SELECT … WHERE token_hash = ANY(?)');
 */
export function prepared(sql: string): string {
  if (!PREPARED.has(sql)) PREPARED.set(sql, `leaklens_${PREPARED.size + 1}`);
  return sql;
}
