import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { manyAttachmentsEml } from './gen-mail.js';
import { assertNormalsIngested, failuresOf, ingestHostile } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const asRoot = process.getuid?.() === 0;

test('links, pipes, unreadable folders and zero-byte files are failure records in errors and stats', async (t) => {
  const { store, dir } = await ingestHostile(t, {
    'empty-no-ext': '',
    'empty.txt': '',
    'many.eml': manyAttachmentsEml(2_005),
  });
  // Built after the first ingest so ingestHostile's files exist; then ingest again (journal skips them).
  symlinkSync('/etc/passwd', join(dir, 'link-out'));
  symlinkSync(dir, join(dir, 'link-loop'));
  const fifo = spawnSync('mkfifo', [join(dir, 'pipe')]);
  assert.equal(fifo.status, 0);
  mkdirSync(join(dir, 'locked'));
  writeFileSync(join(dir, 'locked', 'secret.eml'), 'Subject: x\r\n\r\nhidden\r\n');
  chmodSync(join(dir, 'locked'), 0o000);
  t.after(() => {
    try {
      chmodSync(join(dir, 'locked'), 0o755);
    } catch {}
  });
  const { ingestPaths } = await import('../../src/ingest/manager.js');
  await ingestPaths(store, [dir], { workers: 1, silent: true });
  assertNormalsIngested(store);
  const f = (n: string) => failuresOf(store, n).map((x) => [x.reason, x.message.replace(/^.*?: /, '')]);
  assert.deepEqual(f('/link-out'), [
    [
      'not-followed',
      'symbolic link to "/etc/passwd" not followed (a link can loop or point outside the dump)',
    ],
  ]);
  assert.equal(f('/link-loop')[0]?.[0], 'not-followed');
  assert.deepEqual(f('/pipe'), [
    ['not-followed', 'named pipe (FIFO) not read (reading it could block forever)'],
  ]);
  if (!asRoot)
    assert.deepEqual(f('/locked'), [
      ['unreadable', 'folder cannot be listed (EACCES); its files are not ingested'],
    ]);
  assert.deepEqual(f('/empty-no-ext'), [['empty', 'zero-byte file; nothing to read']]);
  assert.deepEqual(f('/empty.txt'), [['empty', 'zero-byte file; nothing to read']]);
  // 2,005 attachments: the first 2,000 (maxAttachments) kept, the rest recorded.
  const many = store.db
    .prepare(
      "SELECT e.attachment_count AS n FROM items i JOIN emails e ON e.id = i.id WHERE i.name = 'many.eml'",
    )
    .get() as { n: number };
  assert.equal(many.n, 2000);
  assert.deepEqual(
    failuresOf(store, 'many.eml/attachment/2001-2006').map((x) => [x.reason, x.message]),
    [
      [
        'limit-exceeded',
        '2006 MIME parts: the first 2000 attachments extracted (maxAttachments), the other 5 parts not',
      ],
    ],
  );
  const kids = store.db
    .prepare("SELECT count(*) AS n FROM locations WHERE provenance LIKE '%many.eml/attachment/%'")
    .get() as { n: number };
  assert.equal(kids.n, 2000);
  // The records show in `errors` and `stats` (their JSON), by reason.
  const cli = (...a: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...a], {
      cwd: root,
      encoding: 'utf8',
    });
  const errors = JSON.parse(cli('errors', '--case', store.path, '--json').stdout) as {
    provenance: string;
    reason: string;
  }[];
  for (const name of ['link-out', 'link-loop', 'pipe', 'empty-no-ext'])
    assert.ok(
      errors.some((e) => e.provenance.endsWith(`/${name}`)),
      `errors lists ${name}`,
    );
  const stats = cli('stats', '--case', store.path);
  assert.equal(stats.status, 0, stats.stderr);
  assert.match(stats.stdout, /not-followed/);
});

test('a device file inside an input folder is a not-followed record, never read', {
  skip: !asRoot ? 'creating a device node (mknod) needs root' : false,
}, async (t) => {
  const { store, dir } = await ingestHostile(t, {});
  // /dev/zero's numbers: reading it would never end.
  const mk = spawnSync('mknod', [join(dir, 'zero-dev'), 'c', '1', '5']);
  if (mk.status !== 0) return t.skip(`mknod refused here: ${String(mk.stderr).trim()}`);
  const { ingestPaths } = await import('../../src/ingest/manager.js');
  const s = await ingestPaths(store, [dir], { workers: 1, silent: true });
  assert.equal(s.newFailures, 1);
  assertNormalsIngested(store);
  assert.deepEqual(
    failuresOf(store, '/zero-dev').map((x) => [x.reason, x.message.replace(/^.*?: /, '')]),
    [['not-followed', "device file not read (it is not part of the dump's content)"]],
  );
});
