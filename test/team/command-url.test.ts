import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commandUrl, passwordNote } from '../../src/cli/team.js';
import { runCli } from '../cli/run.js';
import { tempDir } from '../helpers.js';
import { makeDump, TEST_DATABASE_URL, TEST_QUEUE_URL, teamCase, teamSkipReason } from './services.js';

/**
 * The command lines printed for the user to copy (`Start workers with: leaklens worker --database
 * …`) never carry a password of --database or --queue: PASSWORD stands in its place, and a line
 * says what to put there.
 */

describe('URLs printed for the user to copy', () => {
  test('commandUrl replaces the password only, and leaves a URL without one as it is', () => {
    assert.equal(
      commandUrl('postgres://lead:s3cret@db.example:5432/cases'),
      'postgres://lead:PASSWORD@db.example:5432/cases',
    );
    assert.equal(commandUrl('redis://:s3cret@queue:6379'), 'redis://:PASSWORD@queue:6379');
    // A password with characters URL-encoded: still gone, whole.
    assert.equal(commandUrl('postgres://lead:p%40ss%3Aw@db/cases'), 'postgres://lead:PASSWORD@db/cases');
    assert.equal(commandUrl('postgres://lead@db/cases'), 'postgres://lead@db/cases');
    assert.equal(commandUrl('redis://127.0.0.1:6379'), 'redis://127.0.0.1:6379');
    assert.equal(commandUrl(undefined), '');
  });

  test('passwordNote names the options whose password was left out, and nothing when none was', () => {
    assert.deepEqual(
      passwordNote({ '--database': 'postgres://lead@db/cases', '--queue': 'redis://q:6379' }),
      [],
    );
    const [db] = passwordNote({ '--database': 'postgres://lead:x@db/cases', '--queue': 'redis://q:6379' });
    assert.match(
      db ?? '',
      /^\(--database: the password is not shown; put it in place of PASSWORD, or .*PGPASSWORD\)$/,
    );
    const [both] = passwordNote({
      '--database': 'postgres://lead:x@db/cases',
      '--queue': 'redis://:y@q:6379',
    });
    assert.match(both ?? '', /^\(--database and --queue: /);
  });
});

const skip = await teamSkipReason();

describe('`leaklens ingest --database URL --queue URL` without --wait', { skip }, () => {
  test('prints the worker command with the database password masked, usable once it is put back', async (t) => {
    const dump = makeDump(tempDir(t), 3);
    const { caseName } = await teamCase(t, 'cu_');
    const u = new URL(TEST_DATABASE_URL);
    u.username ||= 'root';
    u.password = 'hunter2';
    const database = u.toString();
    const r = await runCli(
      'ingest',
      dump,
      '--database',
      database,
      '--queue',
      TEST_QUEUE_URL,
      '--case-name',
      caseName,
      '--no-verify',
      '--no-analyze',
      '--no-ocr',
    );
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out + r.err, /hunter2/);
    const line = r.out.split('\n').find((l) => l.startsWith('Start workers with: '));
    assert.ok(line, r.out);
    const masked = /--database (\S+)/.exec(line)?.[1] ?? '';
    assert.match(masked, /:PASSWORD@/);
    // The printed command is the one to run: PASSWORD put back gives the URL given.
    assert.equal(masked.replace('PASSWORD', 'hunter2'), database);
    assert.ok(line.includes(`--queue ${TEST_QUEUE_URL} --case-name ${caseName} --blobs DIR`), line);
    assert.match(r.out, /\(--database: the password is not shown; put it in place of PASSWORD/);
  });
});
