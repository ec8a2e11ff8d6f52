import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { renderScan } from '../../src/demo/docs/scan.js';
import { OcrPool } from '../../src/ocr/engine.js';
import { imageSize } from '../../src/ocr/image-size.js';
import { planLangs } from '../../src/ocr/langs.js';
import { DEFAULT_OCR_LIMITS } from '../../src/ocr/limits.js';
import { readPage } from '../../src/ocr/read.js';
import { checkImage, embeddedImages, hasImageXObject, pdfPages } from '../../src/ocr/sources.js';

const L = DEFAULT_OCR_LIMITS;

test('header sizes: bombs, empty and garbage are refused before decoding', () => {
  const ihdr = Buffer.from('89504e470d0a1a0a0000000d49484452000186a0000186a00806000000', 'hex');
  assert.deepEqual(imageSize(ihdr), { format: 'png', width: 100_000, height: 100_000 });
  assert.match(checkImage(ihdr, 1, 'image', L).message ?? '', /decompression bomb/);
  assert.equal(checkImage(new Uint8Array(0), 1, 'image', L).message, 'empty image (0 bytes)');
  assert.match(checkImage(Buffer.from('GIF89a'), 1, 'image', L).message ?? '', /not a readable image/);
  // A 16 × 16 icon holds no text: recorded as such, never sent to the engine.
  const icon = Buffer.from('47494638396110001000', 'hex');
  assert.equal(checkImage(icon, 1, 'image', L).status, 'no-text');
});

test('a PDF longer than maxPdfPages: the first pages are rendered, the rest recorded as not read', async () => {
  const scan = await renderScan(['page'], { dpi: 72, format: 'jpeg', size: 12 });
  const doc = await PDFDocument.create();
  const img = await doc.embedJpg(scan.image);
  for (let i = 0; i < 5; i++) doc.addPage([200, 100]).drawImage(img, { x: 0, y: 0, width: 200, height: 100 });
  const bytes = await doc.save();
  assert.ok(hasImageXObject(bytes));
  const pages = [];
  for await (const p of pdfPages(bytes, { ...L, maxPdfPages: 2, renderDpi: 72 })) pages.push(p);
  assert.deepEqual(
    pages.map((p) => [p.page, p.source, p.status ?? 'rendered']),
    [
      [1, 'pdf page 1', 'rendered'],
      [2, 'pdf page 2', 'rendered'],
      [3, 'pdf pages 3–5', 'failed'],
    ],
  );
  assert.match(pages[2]?.message ?? '', /5 pages: pages past 2 were not read/);
  // A PDF without any image is not even opened.
  assert.equal(hasImageXObject(await (await PDFDocument.create()).save()), false);
});

test('a zip that is not a package is recorded as such', () => {
  const bad = embeddedImages(Buffer.from('PK\u0003\u0004garbage'), L);
  assert.equal(bad[0]?.status, 'failed');
  assert.match(bad[0]?.message ?? '', /unreadable zip package/);
});

test('a page over its time budget fails alone; the pool replaces its thread and reads the next', async () => {
  const pool = new OcrPool(['eng'], 1, 0.001);
  const plan = { primary: ['eng'], fallback: [] };
  const r = await renderScan(['Timeout test'], { dpi: 100, format: 'png', size: 16 });
  try {
    const p = await readPage(pool, { page: 1, source: 'image', image: r.image }, plan, L);
    assert.equal(p.status, 'failed');
    assert.match(p.message ?? '', /OCR took over 0.001 s: stopped/);
  } finally {
    await pool.close();
  }
  const ok = new OcrPool(['eng'], 1, 120);
  try {
    const p = await readPage(ok, { page: 1, source: 'image', image: r.image }, plan, L);
    assert.equal(p.status, 'ok');
    assert.match(p.text, /Timeout test/);
  } finally {
    await ok.close();
  }
});

test('languages: asked-for models must exist; the case languages lead, Cyrillic is the fallback', () => {
  assert.throws(() => planLangs(['xyz'], [], ['eng', 'fra']), /no OCR model for xyz/);
  assert.deepEqual(
    planLangs(
      [],
      [
        { language: 'en', n: 90 },
        { language: 'fr', n: 10 },
      ],
      ['eng', 'fra', 'rus'],
    ),
    {
      primary: ['eng', 'fra'],
      fallback: ['rus'],
    },
  );
  assert.deepEqual(planLangs([], [], ['eng', 'fra']), { primary: ['fra', 'eng'], fallback: [] });
  assert.deepEqual(planLangs(['fra', 'rus'], [], ['eng', 'fra', 'rus']), {
    primary: ['fra'],
    fallback: ['rus'],
  });
});
