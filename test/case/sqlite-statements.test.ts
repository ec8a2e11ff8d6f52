import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteDb } from '../../src/case/sqlite-db.js';

/**
 * The SQLite case layer keeps each connection's compiled statements (sqlite-db.ts): a kept
 * statement must still answer what the schema says now, after a migration adds a column or a
 * table is made again with other columns, and inside and outside transactions alike.
 */
test('kept statements follow schema changes and serve transactions and plain calls alike', async () => {
  const db = new SqliteDb(new Database(':memory:'));
  await db.exec('CREATE TABLE t (a INTEGER)');
  await db.run('INSERT INTO t(a) VALUES (?)', [1]);
  assert.deepEqual(await db.all('SELECT * FROM t'), [{ a: 1 }]);
  await db.exec("ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x'");
  assert.deepEqual(await db.all('SELECT * FROM t'), [{ a: 1, b: 'x' }]);
  await db.exec('DROP TABLE t; CREATE TABLE t (c TEXT)');
  assert.deepEqual(await db.all('SELECT * FROM t'), []);
  await db.transaction(async (tx) => {
    await tx.run('INSERT INTO t(c) VALUES (?)', ['in']);
    assert.deepEqual(await tx.get('SELECT * FROM t'), { c: 'in' });
  });
  assert.deepEqual(await db.get('SELECT * FROM t'), { c: 'in' });
  // A statement that fails to compile is not kept: it fails again, then works once the table exists.
  await assert.rejects(db.all('SELECT * FROM later'), /no such table/);
  await db.exec('CREATE TABLE later (d INTEGER)');
  assert.deepEqual(await db.all('SELECT * FROM later'), []);
  await db.close();
});
