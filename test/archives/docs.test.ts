import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { INGESTORS } from '../../src/ingest/registry.js';

const DOC = readFileSync(new URL('../../docs/formats.md', import.meta.url), 'utf8');
const ARCHIVES = ['zip', 'tar', 'gzip', 'bzip2', '7z'];

test('every archive ingestor is registered and every extension it takes is in docs/formats.md', () => {
  const names = INGESTORS.map((i) => i.name);
  for (const n of ARCHIVES) assert.ok(names.includes(n), `${n} not registered`);
  for (const ing of INGESTORS.filter((i) => ARCHIVES.includes(i.name))) {
    for (const ext of ing.extensions)
      assert.ok(DOC.includes(`\`.${ext}\``), `.${ext} (${ing.name}) missing from docs/formats.md`);
  }
});

test('every failure reason the archive ingestors emit is documented', () => {
  const src = [
    'zip.ts',
    'zip-extract.ts',
    'budget.ts',
    'tar.ts',
    'gzip.ts',
    'bzip2.ts',
    'single-stream.ts',
    'sevenzip.ts',
    'sevenzip-extract.ts',
    'sevenzip-run.ts',
    'sevenzip-headers.ts',
  ]
    .map((f) => readFileSync(new URL(`../../src/ingest/archives/${f}`, import.meta.url), 'utf8'))
    .join('\n');
  const reasons = new Set(
    [
      ...src.matchAll(
        /reason: '([a-z-]+)'|IngestError\('([a-z-]+)'|return '([a-z-]+)';|fail\(\s*[^,]+,\s*[^,]+,\s*'([a-z-]+)'/g,
      ),
    ].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]),
  );
  for (const r of ['encrypted', 'zip-bomb', 'truncated', 'corrupt', 'empty', 'limit-exceeded', 'unsupported'])
    assert.ok(reasons.has(r), `${r} not found in the sources`);
  for (const r of reasons) assert.ok(DOC.includes(`\`${r}\``), `reason ${r} missing from docs/formats.md`);
});
