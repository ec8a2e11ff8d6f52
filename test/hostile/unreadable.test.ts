import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers.js';
import { NORMAL_EML } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The unprivileged account the ingest runs as: root reads everything, whatever the modes say. */
const NOBODY = 65534;
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
const why =
  process.platform !== 'linux'
    ? 'needs Linux'
    : process.getuid?.() !== 0
      ? 'needs root, to run the ingest as an unprivileged user (setpriv)'
      : !SETPRIV
        ? 'needs setpriv (util-linux) to drop privileges'
        : false;

test('unreadable folders and files of an input are "unreadable" records in errors and stats', {
  skip: why,
}, (t) => {
  const top = tempDir(t);
  chmodSync(top, 0o755);
  const dump = join(top, 'dump');
  mkdirSync(join(dump, 'locked'), { recursive: true });
  mkdirSync(join(dump, 'no-search'));
  writeFileSync(join(dump, 'normal.eml'), NORMAL_EML);
  writeFileSync(join(dump, 'locked', 'hidden.eml'), NORMAL_EML.replace('good@', 'hidden@'));
  writeFileSync(join(dump, 'no-search', 'inside.eml'), NORMAL_EML.replace('good@', 'inside@'));
  writeFileSync(join(dump, 'secret.eml'), NORMAL_EML.replace('good@', 'secret@'));
  // A folder nobody may list; a folder it may list but not enter; a file it may not read.
  chmodSync(join(dump, 'locked'), 0o000);
  chmodSync(join(dump, 'no-search'), 0o644);
  chmodSync(join(dump, 'secret.eml'), 0o000);
  const kase = join(top, 'case');
  mkdirSync(kase);
  chownSync(kase, NOBODY, NOBODY);
  const asNobody = (...a: string[]) =>
    spawnSync(
      SETPRIV!,
      [
        `--reuid=${NOBODY}`,
        `--regid=${NOBODY}`,
        '--clear-groups',
        '--',
        process.execPath,
        '--import',
        'tsx',
        join(ROOT, 'src/cli/main.ts'),
        ...a,
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, HOME: top, LEAKLENS_PROGRESS: '0' } },
    );
  const ing = asNobody('ingest', dump, '--case', kase, '--json', '--no-verify', '--no-analyze');
  assert.equal(ing.status, 0, ing.stderr);
  assert.equal(JSON.parse(ing.stdout).totals.emails, 1, 'normal.eml is ingested');

  const errors = JSON.parse(asNobody('errors', '--case', kase, '--json').stdout) as {
    provenance: string;
    reason: string;
    message: string;
  }[];
  const got = errors
    .map((e) => [e.provenance, e.reason, e.message])
    .sort((a, b) => a[0]!.localeCompare(b[0]!));
  assert.deepEqual(got, [
    [
      'dump/locked',
      'unreadable',
      'dump/locked: folder cannot be listed (EACCES); its files are not ingested',
    ],
    ['dump/no-search/inside.eml', 'unreadable', 'dump/no-search/inside.eml: cannot be examined (EACCES)'],
    ['dump/secret.eml', 'unreadable', 'dump/secret.eml: file cannot be read (EACCES); not ingested'],
  ]);
  const stats = JSON.parse(asNobody('stats', '--case', kase, '--json').stdout) as {
    failures: { reason: string; count: number }[];
  };
  assert.deepEqual(stats.failures, [{ reason: 'unreadable', count: 3 }]);
});
