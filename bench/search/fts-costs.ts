import Database from 'better-sqlite3';
import { planSearch } from '../../src/search/plan.ts';
import { parseQuery } from '../../src/search/query.ts';

const db = new Database(process.argv[2]!, { readonly: true });
for (const q of ['budget', 'réunion', 'banque contrat', '"restaurant budget" OR restaurant']) {
  const expr = planSearch(parseQuery(q), 'sqlite').params[0];
  const T = (label: string, sql: string) => {
    const st = db.prepare(sql);
    st.raw().all(expr);
    const t = performance.now();
    for (let k = 0; k < 5; k++) st.raw().all(expr);
    console.log(q.padEnd(36), label.padEnd(14), ((performance.now() - t) / 5).toFixed(1), 'ms');
  };
  T('count', 'SELECT count(*) FROM fts WHERE fts MATCH ?');
  T('group_concat', 'SELECT group_concat(rowid) FROM fts WHERE fts MATCH ?');
  T('rowids', 'SELECT rowid FROM fts WHERE fts MATCH ?');
  T(
    'bm25 top20',
    'SELECT rowid, bm25(fts, 5.0, 1.0, 3.0, 2.0) AS s FROM fts WHERE fts MATCH ? ORDER BY s, rowid LIMIT 20',
  );
  T('bm25 all', 'SELECT rowid, bm25(fts, 5.0, 1.0, 3.0, 2.0) AS s FROM fts WHERE fts MATCH ?');
}
