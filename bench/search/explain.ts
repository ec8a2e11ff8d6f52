// bench/search/explain.ts: the statements one PostgreSQL search (searchCase) runs, each with its
// time, and with --analyze the EXPLAIN (ANALYZE, BUFFERS) of each, in the search's own transaction
// (so its SET LOCAL settings apply). For finding where a slow query's time goes.
// Usage: node --import tsx bench/search/explain.ts [--database URL] [--case-name NAME]
//          [--facets] [--sort relevance|date] [--analyze] QUERY [QUERY …]
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { openCaseStore } from '../../src/case/open.js';
import type { RunResult, SqlDb } from '../../src/case/sql-db.js';
import type { SearchSort } from '../../src/search/plan.js';
import { searchCase } from '../../src/search/search-case.js';

const args = process.argv.slice(2);
const valued = new Set(['--database', '--case-name', '--sort']);
const opt = (name: string, dflt: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : dflt);
const queries = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? ''));
const analyze = args.includes('--analyze');

/** A SqlDb that prints each statement with its time (and its plan with --analyze). */
class Traced implements SqlDb {
  constructor(private readonly db: SqlDb) {}
  get dialect() {
    return this.db.dialect;
  }
  private async timed<T>(sql: string, params: readonly unknown[], run: () => Promise<T>): Promise<T> {
    if (analyze && /^\s*(SELECT|WITH)/i.test(sql)) {
      const plan = await this.db.all<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      console.log(plan.map((r) => `    ${r['QUERY PLAN']}`).join('\n'));
    }
    const t = performance.now();
    const out = await run();
    const short = sql.replace(/\s+/g, ' ').slice(0, 160);
    console.log(`  ${(performance.now() - t).toFixed(2).padStart(8)} ms  ${short}`);
    return out;
  }
  all<T>(sql: string, params: readonly unknown[] = []) {
    return this.timed(sql, params, () => this.db.all<T>(sql, params));
  }
  get<T>(sql: string, params: readonly unknown[] = []) {
    return this.timed(sql, params, () => this.db.get<T>(sql, params));
  }
  run(sql: string, params: readonly unknown[] = []): Promise<RunResult> {
    return this.timed(sql, params, () => this.db.run(sql, params));
  }
  exec(sql: string) {
    return this.db.exec(sql);
  }
  transaction<T>(fn: (tx: SqlDb) => Promise<T>) {
    return this.db.transaction((tx) => fn(new Traced(tx)));
  }
  close() {
    return this.db.close();
  }
}

const store = (await openCaseStore({
  databaseUrl: opt('--database', 'postgres://root@127.0.0.1:5432/test'),
  caseName: opt('--case-name', 'bench_search_pg'),
})) as SqlCaseStore;
const db = new Traced(store.db);
for (const q of queries) {
  console.log(`${q}`);
  const t = performance.now();
  const r = await searchCase(db, q, {
    limit: 20,
    sort: opt('--sort', 'relevance') as SearchSort,
    facets: args.includes('--facets'),
  });
  console.log(`  total ${r.total}, ${(performance.now() - t).toFixed(1)} ms in all\n`);
}
await store.close();
