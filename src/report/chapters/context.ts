import type { CaseFacts } from '../../analyze/case-facts.js';
import type { SqlDb } from '../../case/sql-db.js';
import type { Refs } from '../html.js';

/**
 * What every chapter of the report reads: the case through the case layer (a laptop case's SQLite
 * or a team case's PostgreSQL, the same SQL), so both report alike (HOUSE.md: presenters hold no
 * driver).
 */
export interface ReportContext {
  db: SqlDb;
  facts: CaseFacts;
  refs: Refs;
  /**
   * The campaign analysis, when posts were imported (src/social/analyze.ts), else null; with
   * `analysisError` when it failed, with `notRead` when the report could not look (the reason).
   */
  campaign: Record<string, unknown> | null;
}
