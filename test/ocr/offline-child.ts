// Child of offline.test.ts: reads one rendered picture with the OCR pool, then proves the guard
// works by making one request itself. Prints the text read.
import { Worker } from 'node:worker_threads';
import { renderScan } from '../../src/demo/docs/scan.js';
import { OcrPool } from '../../src/ocr/engine.js';

const pool = new OcrPool(['fra', 'eng'], 1);
try {
  const r = await renderScan(['Hors ligne Quimperlé'], { dpi: 150, format: 'png', size: 16 });
  const out = await pool.recognize(r.image);
  process.stdout.write(out.text);
} finally {
  await pool.close();
}
// The control request, from a worker thread as tesseract.js's would be: the guard must log it.
await new Promise((done) =>
  new Worker('fetch("http://192.0.2.1/control").catch(() => {})', { eval: true }).on('exit', done),
);
