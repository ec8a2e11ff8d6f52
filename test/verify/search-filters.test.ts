/** The signed-by: and arc: search filters select the right items on a real table. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FILTERS } from '../../src/search/filters.js';
import { Store } from '../../src/store/store.js';
import { migrateVerdicts } from '../../src/verify/case.js';
import '../../src/verify/search-filters.js';

test('signed-by: and arc: filters', () => {
  const root = mkdtempSync(join(tmpdir(), 'leaklens-verify-filters-'));
  const store = Store.open(join(root, 'case'));
  try {
    migrateVerdicts(store);
    const ins = store.db.prepare(
      `INSERT INTO verdicts(item_id, verdict, signing_domains, signatures_json, arc_json) VALUES (?, ?, ?, '[]', ?)`,
    );
    const item = store.db.prepare(`INSERT INTO items(id, kind, provenance) VALUES (?, 'Email', 'x')`);
    for (const [id, verdict, domains, arc] of [
      ['a', 'verified', 'gmail.com', '{"result":"none"}'],
      ['b', 'body-altered', 'example.fr,mail.gmail.com', '{"result":"fail"}'],
      ['c', 'weak-key', 'example.fr', '{"result":"pass"}'],
    ]) {
      item.run(id);
      ins.run(id, verdict, domains, arc);
    }
    const ids = (name: string, value: string) => {
      const f = FILTERS.get(name);
      assert.ok(f, name);
      const { sql, params } = f.toSql(value, ':');
      return (
        store.db.prepare(`SELECT i.id FROM items i WHERE ${sql} ORDER BY i.id`).all(...params) as {
          id: string;
        }[]
      ).map((r) => r.id);
    };
    assert.deepEqual(ids('signed-by', 'gmail.com'), ['a']);
    assert.deepEqual(ids('signed-by', 'example.fr'), ['b', 'c']);
    assert.deepEqual(ids('arc', 'fail'), ['b']);
  } finally {
    store.close();
    rmSync(root, { recursive: true, force: true });
  }
});
