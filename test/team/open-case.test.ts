import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import pg from 'pg';
import { caseSchema } from '../../src/case/open.js';
import { runCli } from '../cli/run.js';
import { TEST_DATABASE_URL, TEST_QUEUE_URL, teamCase, teamSkipReason } from './services.js';

/**
 * Commands that read a team case (`show`, `search`, `errors`, `keys list`) refuse a case name with
 * no case in the database, as the report and its readers do, instead of creating an empty case
 * under a mistyped name; and no message prints the database's password. Real PostgreSQL.
 */
const skip = await teamSkipReason();

/** The same URL with a password (trust auth ignores it), so messages can be checked for it. */
const withPassword = (url: string, password: string) => {
  const u = new URL(url);
  u.username ||= 'root';
  u.password = password;
  return u.toString();
};

async function schemaExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const r = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [caseSchema(name)]);
    return (r.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

const READERS = [['show', 'abc123'], ['search', 'invoice'], ['errors'], ['keys', 'list']];

describe('reading a team case that is not there', { skip, concurrency: false }, () => {
  test('a mistyped case name: a user error naming the case, no schema created, the password masked', async (t) => {
    const name = `rq_absent_${randomBytes(4).toString('hex')}`;
    // Should a command create it after all, the test fails and leaves nothing behind.
    t.after(async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${caseSchema(name)} CASCADE`).finally(() => client.end());
    });
    const database = withPassword(TEST_DATABASE_URL, 'hunter2');
    for (const cmd of READERS) {
      const r = await runCli(...cmd, '--database', database, '--case-name', name);
      assert.equal(r.code, 2, `${cmd.join(' ')}: ${r.err}`);
      assert.match(r.err, new RegExp(`no case "${name}" in postgres://[^ ]*:\\*\\*\\*@`), cmd.join(' '));
      assert.doesNotMatch(r.err, /hunter2|\n\s+at /, cmd.join(' '));
      assert.equal(await schemaExists(name), false, `${cmd.join(' ')} created the case`);
    }
  });

  test('the same commands read a case that exists', async (t) => {
    const { caseName } = await teamCase(t, 'rq_');
    for (const cmd of [
      ['search', 'invoice', '--json'],
      ['errors', '--json'],
      ['keys', 'list', '--json'],
    ]) {
      const r = await runCli(...cmd, '--database', TEST_DATABASE_URL, '--case-name', caseName);
      assert.equal(r.code, 0, `${cmd.join(' ')}: ${r.err}`);
    }
    const show = await runCli('show', 'abc123', '--database', TEST_DATABASE_URL, '--case-name', caseName);
    assert.match(show.err, new RegExp(`no item "abc123" in case "${caseName}"`));
  });

  test('a database that does not answer, or a URL that is not PostgreSQL: the password masked', async () => {
    const down = 'postgres://root:hunter2@127.0.0.1:1/test';
    for (const cmd of [...READERS, ['worker', '--queue', TEST_QUEUE_URL, '--blobs', '/tmp']]) {
      const r = await runCli(...cmd, '--database', down, '--case-name', 'rq_down');
      assert.equal(r.code, 2, `${cmd.join(' ')}: ${r.err}`);
      assert.match(r.err, /postgres:\/\/root:\*\*\*@127\.0\.0\.1:1\/test/, cmd.join(' '));
      assert.doesNotMatch(r.err, /hunter2|\n\s+at /, cmd.join(' '));
    }
    const mysql = await runCli(
      'worker',
      '--database',
      'mysql://root:hunter2@db/x',
      '--queue',
      TEST_QUEUE_URL,
      '--blobs',
      '/tmp',
    );
    assert.equal(mysql.code, 2, mysql.err);
    assert.match(mysql.err, /--database takes a postgres:\/\/ URL, not "mysql:\/\/root:\*\*\*@db\/x"/);
    assert.doesNotMatch(mysql.err, /hunter2/);
  });
});
