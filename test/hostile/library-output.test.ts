import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FIXTURES, tempDir } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('a damaged PST whose library logs errors still gives pure JSON on stdout (its lines go to stderr)', (t) => {
  // pst--seed180579.pst (fuzz corpus) makes pst-extractor console.log "Exception Error in No: 3".
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, 'bin/leaklens.js'),
      'ingest',
      join(FIXTURES, 'fuzz/pst--seed180579.pst'),
      '--case',
      join(tempDir(t), 'case'),
      '--json',
      '--no-verify',
      '--no-analyze',
    ],
    { encoding: 'utf8', env: { ...process.env, LEAKLENS_PROGRESS: '0' } },
  );
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { files: number };
  assert.equal(out.files, 1);
  assert.match(r.stderr, /pst-extractor: Exception Error in No/);
});
