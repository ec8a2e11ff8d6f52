import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { renderScan } from '../../src/demo/docs/scan.js';
import { search } from '../../src/search/search.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORDS = ['Abbeville', 'Carpentras', 'Domfront', 'Figeac', 'Guingamp'];

function cli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    stdio: 'ignore',
  });
}
const exit = (c: ChildProcess) =>
  new Promise<string | number>((ok) => c.on('exit', (code, signal) => ok(signal ?? code ?? -1)));

const count = (caseDir: string, sql: string) => {
  const s = Store.open(caseDir, { readonly: true });
  try {
    return (s.db.prepare(sql).get() as { n: number }).n;
  } finally {
    s.close();
  }
};

// `leaklens ocr` killed with SIGKILL after its first document, then run again: every picture is
// read once, none twice, and each word is found in exactly its picture.
test('OCR killed mid-run resumes: same pages, no duplicated text', async (t) => {
  const dir = tempDir(t);
  const dump = join(dir, 'dump');
  const caseDir = join(dir, 'case');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dump);
  for (const w of WORDS) {
    const r = await renderScan([`Rendez-vous à ${w}`], { dpi: 120, format: 'png', size: 16 });
    writeFileSync(join(dump, `${w}.png`), r.image);
  }
  assert.equal(await exit(cli(['ingest', dump, '--case', caseDir, '--no-ocr', '--no-verify', '--json'])), 0);
  assert.equal(count(caseDir, 'SELECT COUNT(*) AS n FROM ocr_documents'), 0);
  const first = cli(['ocr', '--case', caseDir, '--threads', '1', '--json']);
  const killed = exit(first);
  // Kill as soon as one document is committed (and before the last).
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const n = count(caseDir, 'SELECT COUNT(*) AS n FROM ocr_documents');
    if (n >= 1) break;
  }
  first.kill('SIGKILL');
  assert.equal(await killed, 'SIGKILL');
  const done = count(caseDir, 'SELECT COUNT(*) AS n FROM ocr_documents');
  assert.ok(done >= 1 && done < WORDS.length, `killed after ${done} of ${WORDS.length}`);
  assert.equal(await exit(cli(['ocr', '--case', caseDir, '--json'])), 0);
  assert.equal(count(caseDir, 'SELECT COUNT(*) AS n FROM ocr_documents'), WORDS.length);
  assert.equal(count(caseDir, 'SELECT COUNT(*) AS n FROM ocr_pages'), WORDS.length);
  const s = Store.open(caseDir, { readonly: true });
  try {
    for (const w of WORDS) {
      const hits = search(s, w).hits;
      assert.deepEqual(
        hits.map((h) => h.filename),
        [`${w}.png`],
      );
      const text = (
        s.db.prepare('SELECT text FROM documents WHERE filename = ?').get(`${w}.png`) as { text: string }
      ).text;
      assert.equal(text.split(w).length - 1, 1, `"${w}" once in ${JSON.stringify(text)}`);
    }
  } finally {
    s.close();
  }
});
