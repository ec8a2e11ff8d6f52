import type { Store } from '../../store/store.js';
import type { CaseFacts } from '../facts.js';
import type { Refs } from '../html.js';

/** What every chapter of the report reads. */
export interface ReportContext {
  store: Store;
  caseDir: string;
  facts: CaseFacts;
  refs: Refs;
  /** The campaign analysis, when posts were imported (src/social/analyze.ts), else null. */
  campaign: Record<string, unknown> | null;
}

/** Ids of items matching a query over the case, for citations. */
export function ids(ctx: ReportContext, sql: string, ...params: unknown[]): string[] {
  return (ctx.store.db.prepare(sql).all(...params) as { id: string }[]).map((r) => r.id);
}
