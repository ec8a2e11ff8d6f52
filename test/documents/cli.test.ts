import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES } from './helpers.js';

const root = join(FIXTURES, '..', '..', '..');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LEAKLENS_PROGRESS: '0' },
  });

test('leaklens meta --json: one record per file and per PST message and attachment, no case needed', () => {
  const r = cli(
    'meta',
    '--json',
    join(FIXTURES, 'tika', 'testWORD_custom_props.docx'),
    join(FIXTURES, 'tika', 'testPST.pst'),
  );
  assert.equal(r.status, 0, r.stderr);
  const recs = JSON.parse(r.stdout) as {
    provenance: string;
    kind: string;
    depth: number;
    metadata: Record<string, unknown>;
  }[];
  assert.equal(recs[0]?.metadata.author, 'EJ04325S');
  assert.equal(recs.filter((x) => x.kind === 'Email').length, 7);
  const att = recs.find((x) => x.depth === 2);
  assert.ok(att, 'an attachment of a PST message is a record of its own');
  assert.match(att.provenance, /testPST\.pst!\/.+#\d+\/attachment\/1/);
});

test('leaklens meta on a missing path: message on stderr, exit status 1 after the other files', () => {
  const r = cli('meta', join(FIXTURES, 'tika', 'testWORD.doc'), join(FIXTURES, 'nope.docx'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /nope\.docx: no such file or directory/);
  assert.match(r.stdout, /author {13}Keith Bennett/);
});
