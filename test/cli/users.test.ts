import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AuditLog } from '../../src/accounts/audit.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { tempCase } from '../helpers.js';

const BIN = join(import.meta.dirname, '../../bin/leaklens.js');

/** Runs the real CLI as a process, with `input` on its stdin (a pipe, not a terminal). */
function cli(args: string[], input = '') {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, LEAKLENS_PROGRESS: '0' },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('leaklens users and audit on a case directory', () => {
  it('adds with the password from stdin, lists, changes a role, removes; audit lists what was done', async (t) => {
    const store = tempCase(t);
    const dir = store.dir;
    await new AuditLog(new SqliteDb(store.db)).record({
      user: 'lea',
      action: 'open',
      target: 'item-1',
      address: '10.0.0.9',
    });
    const add = cli(
      ['users', 'add', 'ana', '--role', 'editor', '--case', dir, '--json'],
      'correct horse battery\n',
    );
    assert.equal(add.code, 0, add.err);
    assert.deepEqual(JSON.parse(add.out), { added: 'ana', role: 'editor' });
    const short = cli(['users', 'add', 'bob', '--role', 'reader', '--case', dir], 'short\n');
    assert.equal(short.code, 2);
    assert.match(short.err, /at least 8 characters/);
    const badRole = cli(['users', 'add', 'bob', '--role', 'owner', '--case', dir], 'long enough pw\n');
    assert.equal(badRole.code, 2);
    assert.match(badRole.err, /--role owner: must be one of reader, editor, admin/);
    assert.equal(cli(['users', 'role', 'ana', 'admin', '--case', dir]).code, 0);
    const list = cli(['users', 'list', '--case', dir, '--json']);
    const rows = JSON.parse(list.out) as { name: string; role: string; source: string }[];
    assert.deepEqual(
      rows.map((r) => [r.name, r.role, r.source]),
      [['ana', 'admin', 'cli']],
    );
    assert.doesNotMatch(list.out, /correct horse|scrypt/);
    const gone = cli(['users', 'remove', 'nobody', '--case', dir]);
    assert.equal(gone.code, 2);
    assert.match(gone.err, /no user "nobody"/);
    assert.equal(cli(['users', 'remove', 'ana', '--case', dir]).code, 0);
    assert.match(cli(['users', 'list', '--case', dir]).out, /No users: the workbench runs in local mode/);
    const audit = cli(['audit', '--case', dir, '--json', '--action', 'open']);
    assert.equal(audit.code, 0, audit.err);
    const entries = JSON.parse(audit.out) as {
      user: string;
      action: string;
      target: string;
      address: string;
    }[];
    assert.deepEqual(
      entries.map((e) => [e.user, e.action, e.target, e.address]),
      [['lea', 'open', 'item-1', '10.0.0.9']],
    );
    assert.match(cli(['audit', '--case', dir]).out, /lea\s+open\s+item-1/);
    assert.match(cli(['audit', '--case', dir, '--user', 'nobody']).out, /No audit entries/);
    const noCase = cli(['users', 'list', '--case', join(dir, 'missing')]);
    assert.equal(noCase.code, 2);
    assert.match(noCase.err, /no case at/);
  });
});
