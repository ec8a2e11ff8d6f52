import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { renderScan } from '../../src/demo/docs/scan.js';
import { cer } from '../../src/ocr/cer.js';
import { OcrPool } from '../../src/ocr/engine.js';
import { imageSize } from '../../src/ocr/image-size.js';
import { DEFAULT_OCR_LIMITS } from '../../src/ocr/limits.js';
import { engineImage } from '../../src/ocr/normalise.js';
import { checkImage } from '../../src/ocr/sources.js';
import { reencode, toBmp, toTiff } from './encode.js';

// One picture of known text, re-encoded in every format the OCR stage reads: each must be read
// back within a small character error rate, and its header size must be what was rendered.
const LINES = ['Facture 2017-0412 Lefebvre', 'Total 4 830,00 EUR'];
let png: Uint8Array;
let jpeg: Uint8Array;
let size: { width: number; height: number };
const pool = new OcrPool(['fra', 'eng'], 2);

before(async () => {
  const r = await renderScan(LINES, { dpi: 150, format: 'png', size: 16 });
  png = r.image;
  size = r;
  jpeg = (await renderScan(LINES, { dpi: 150, format: 'jpeg', size: 16 })).image;
});
after(() => pool.close());

const encoders: [string, () => Promise<Uint8Array> | Uint8Array][] = [
  ['png', () => png],
  ['jpeg', () => jpeg],
  ['gif', () => reencode(png, 'gif')],
  ['webp', () => reencode(png, 'webp')],
  ['bmp', () => toBmp(png)],
  ['tiff', () => toTiff(png)],
];

for (const [format, make] of encoders) {
  test(`${format}: header size read without decoding, text read back`, async () => {
    const bytes = await make();
    const s = imageSize(bytes);
    assert.equal(s?.format, format);
    assert.deepEqual([s?.width, s?.height], [size.width, size.height]);
    const page = checkImage(bytes, 1, 'image', DEFAULT_OCR_LIMITS);
    assert.ok(page.image, page.message ?? 'refused');
    const r = await pool.recognize(await engineImage(bytes));
    const e = cer(r.text, LINES.join('\n'));
    assert.ok(e < 0.05, `${format}: CER ${e.toFixed(3)} on "${r.text}"`);
    assert.ok(r.confidence > 70, `${format}: confidence ${r.confidence}`);
  });
}
