import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { docxWithPicture, imageOnlyPdf, renderScan, textPdf } from '../../src/demo/docs/scan.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { cer } from '../../src/ocr/cer.js';
import { runOcr } from '../../src/ocr/stage.js';
import { runStages } from '../../src/pipeline/all-stages.js';
import type { StageSummary } from '../../src/pipeline/stages.js';
import { getItem } from '../../src/search/item.js';
import { search } from '../../src/search/search.js';
import type { Store } from '../../src/store/store.js';
import { tempCase, tempDir } from '../helpers.js';

// A dump of pictures whose text is known, plus hostile ones: the stage must read the first into
// searchable text and record the second as failures or "no text", without stopping.
const SCAN = ['FACTURE N° 2017-0412', 'Cabinet Lefebvre et Associés', 'Montant total : 4 830,00 EUR'];
const PHOTO = ['Compte rendu du comité', 'Budget approuvé pour le bureau de Grenoble'];
const PICTURE = ['Virement urgent vers Zurich', 'Référence dossier Bellecour'];
const MAIL_PIC = ['Mot de passe du serveur Kerguelen'];
const when = new Date('2017-04-12T09:30:00Z');

let store: Store;
const ids: Record<string, string> = {};
let firstRun: StageSummary | undefined;

function eml(png: Uint8Array): string {
  const b64 = Buffer.from(png).toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    'From: Alice <alice@example.org>',
    'To: Bob <bob@example.org>',
    'Subject: capture',
    'Date: Wed, 12 Apr 2017 10:00:00 +0200',
    'Message-ID: <ocr-test-1@example.org>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Voir la capture.',
    '--b1',
    'Content-Type: image/png; name="capture.png"',
    'Content-Disposition: attachment; filename="capture.png"',
    'Content-Transfer-Encoding: base64',
    '',
    b64,
    '--b1--',
    '',
  ].join('\r\n');
}

before(async () => {
  const t = { after: (fn: () => void) => process.on('exit', fn) };
  const dir = tempDir(t);
  const scan = await renderScan(SCAN, { dpi: 200, format: 'jpeg', quality: 80, size: 14 });
  writeFileSync(join(dir, 'scan.pdf'), await imageOnlyPdf(scan.image, 200));
  const photo = await renderScan(PHOTO, {
    dpi: 150,
    format: 'jpeg',
    rotate: 1.5,
    noise: 15,
    quality: 70,
    seed: 7,
    size: 14,
  });
  writeFileSync(join(dir, 'photo.jpg'), photo.image);
  const pic = await renderScan(PICTURE, { dpi: 150, format: 'png', size: 14 });
  writeFileSync(
    join(dir, 'memo.docx'),
    docxWithPicture('Voir ci-dessous', pic.image, pic.width, pic.height, when),
  );
  const mailPic = await renderScan(MAIL_PIC, { dpi: 150, format: 'png', size: 14 });
  writeFileSync(join(dir, 'mail.eml'), eml(mailPic.image));
  writeFileSync(
    join(dir, 'text.pdf'),
    await textPdf(['Rapport annuel du conseil, avec une couche de texte.']),
  );
  // Hostile: a PNG header declaring 100,000 × 100,000 pixels; a PNG whose data is garbage.
  const ihdr = Buffer.from('89504e470d0a1a0a0000000d49484452000186a0000186a00806000000', 'hex');
  writeFileSync(join(dir, 'bomb.png'), Buffer.concat([ihdr, Buffer.alloc(64)]));
  writeFileSync(
    join(dir, 'corrupt.png'),
    Buffer.concat([scan.image.subarray(0, 0), Buffer.from(pic.image.subarray(0, 40)), Buffer.alloc(5000, 7)]),
  );
  store = tempCase(t);
  await ingestPaths(store, [dir], { silent: true });
  firstRun = (await runStages(store, { skip: ['verify'], silent: true })).find((s) => s.stage === 'ocr');
  for (const r of store.db.prepare('SELECT id, name FROM items').all() as { id: string; name: string }[])
    ids[r.name] = r.id;
});

const pagesOf = (name: string) =>
  store.db.prepare('SELECT * FROM ocr_pages WHERE item_id = ? ORDER BY page').all(ids[name]) as {
    status: string;
    message: string | null;
    confidence: number | null;
    text: string;
    source: string;
  }[];

const found = (q: string) => search(store, q, { limit: 20 }).hits.map((h) => h.id);

test('a scanned PDF (image only) is read, searchable, close to its truth', () => {
  const [p] = pagesOf('scan.pdf');
  assert.equal(p?.source, 'pdf page 1');
  assert.equal(p?.status, 'ok');
  const e = cer(p?.text ?? '', SCAN.join('\n'));
  assert.ok(e < 0.05, `CER ${e} on ${p?.text}`);
  assert.ok(found('Lefebvre').includes(ids['scan.pdf'] as string));
});

test('a photographed page (noise, rotation) and a picture in a Word file are found by their words', async () => {
  assert.ok(found('Grenoble').includes(ids['photo.jpg'] as string));
  assert.ok(found('Zurich').includes(ids['memo.docx'] as string));
  assert.equal(pagesOf('memo.docx')[0]?.source, 'word/media/image1.png');
  // The Word file keeps its own text before the OCR text.
  const text =
    (await getItem(new SqliteDb(store.db), ids['memo.docx'] as string))?.document?.textPreview ?? '';
  assert.match(text, /^Voir ci-dessous[\s\S]*Zurich/);
});

test('an image attached to an e-mail is read', () => {
  assert.ok(found('Kerguelen').includes(ids['capture.png'] as string));
});

test('OCR text is triaged: entities and sensitive content come from it', () => {
  const ent = store.db
    .prepare("SELECT COUNT(*) AS n FROM entities WHERE item_id = ? AND type = 'amount'")
    .get(ids['scan.pdf']) as { n: number };
  assert.ok(ent.n >= 1, 'the amount on the scanned invoice is an entity');
});

test('hostile pictures are recorded with their reason, and the run went on', () => {
  assert.equal(pagesOf('bomb.png')[0]?.status, 'failed');
  assert.match(pagesOf('bomb.png')[0]?.message ?? '', /100000×100000 pixels.*decompression bomb/);
  const corrupt = pagesOf('corrupt.png')[0];
  assert.ok(corrupt && ['failed', 'no-text'].includes(corrupt.status), JSON.stringify(corrupt));
  assert.ok(corrupt?.message);
  // A PDF with a text layer is not OCR'd.
  assert.equal(pagesOf('text.pdf').length, 0);
});

test('show lists the OCR pages with their confidence', async () => {
  const it = await getItem(new SqliteDb(store.db), ids['scan.pdf'] as string);
  assert.equal(it?.ocr.length, 1);
  assert.ok((it?.ocr[0]?.confidence ?? 0) > 80);
});

test('a second run reads nothing; --again replaces the OCR text instead of appending it twice', async () => {
  const before = (await getItem(new SqliteDb(store.db), ids['memo.docx'] as string))?.document?.textLength;
  const again = await runOcr(store, { silent: true });
  assert.equal(again.counts.items, 0);
  // A run killed before its commit left no ocr_documents row: that item is read on the next run.
  store.db.prepare('DELETE FROM ocr_documents WHERE item_id = ?').run(ids['photo.jpg']);
  const resumed = await runOcr(store, { silent: true });
  assert.equal(resumed.counts.items, 1);
  const all = await runOcr(store, { silent: true, again: true });
  // The summary counts every item's characters, whichever finished first (several are in flight,
  // and the first run's first text waits for the language model to load).
  const stored = store.db.prepare('SELECT sum(chars) AS n, count(*) AS k FROM ocr_documents').get() as {
    n: number;
    k: number;
  };
  assert.ok(stored.k > 2 && stored.n > 0, JSON.stringify(stored));
  assert.equal(all.counts.chars, stored.n);
  assert.equal(firstRun?.counts.chars, stored.n);
  assert.equal(
    (await getItem(new SqliteDb(store.db), ids['memo.docx'] as string))?.document?.textLength,
    before,
  );
  assert.equal(found('Zurich').length, 1);
});
