// bench/ocr: leaklens's OCR (tesseract.js 7 in worker threads, npm models) against Debian's
// `tesseract` command on the same pages in the same run: character error rate and pages/s.
// Usage: node --import tsx bench/ocr/run.ts [--rounds 3] [--threads 2]
// Needs: apt-get install -y tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { renderScan } from '../../src/demo/docs/scan.js';
import { cer } from '../../src/ocr/cer.js';
import { OcrPool } from '../../src/ocr/engine.js';
import { engineImage } from '../../src/ocr/normalise.js';
import { STYLES, TEXTS } from './pages.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const OUT = join(ROOT, 'bench/out/ocr');
const args = process.argv.slice(2);
const arg = (k: string, d: number) => (args.includes(k) ? Number(args[args.indexOf(k) + 1]) : d);
const ROUNDS = arg('--rounds', 3);
const THREADS = arg('--threads', availableParallelism());
const LANGS = ['fra', 'eng'];

interface Page {
  id: string;
  lang: string;
  style: string;
  file: string;
  image: Uint8Array;
  truth: string;
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(join(OUT, 'pages'), { recursive: true });
const pages: Page[] = [];
for (const [lang, lines] of Object.entries(TEXTS))
  for (const s of STYLES) {
    const r = await renderScan(lines, s);
    const id = `${lang}-${s.name}`;
    const file = join(OUT, 'pages', `${id}.${s.format === 'jpeg' ? 'jpg' : 'png'}`);
    writeFileSync(file, r.image);
    pages.push({ id, lang, style: s.name, file, image: r.image, truth: lines.join('\n') });
  }
console.error(`${pages.length} pages rendered in ${OUT}/pages`);

// A public test set: tesseract-ocr/test's phototest.tif (English) and eurotext.tif (English,
// German, French, Italian, Spanish, Portuguese), Apache-2.0, with their ground-truth text. Read
// from a local git checkout given with `--public DIR`; never committed. Without it, only the
// rendered pages are measured.
const PUBLIC = args.includes('--public') ? (args[args.indexOf('--public') + 1] as string) : null;
if (PUBLIC && existsSync(PUBLIC)) {
  const show = (path: string) =>
    execFileSync('git', ['-C', PUBLIC, 'show', `HEAD:${path}`], { maxBuffer: 1 << 26 });
  for (const [name, truth] of [
    ['phototest', 'testing/phototest.gold.txt'],
    ['eurotext', 'testing/eurotext.txt'],
  ] as const) {
    const file = join(OUT, 'pages', `public-${name}.tif`);
    const tif = show(`testing/${name}.tif`);
    writeFileSync(file, tif);
    // The engine's own input: leaklens decodes TIFF to PNG before OCR (src/ocr/normalise.ts), timed below.
    pages.push({
      id: `public-${name}`,
      lang: 'public',
      style: 'public',
      file,
      image: new Uint8Array(tif),
      truth: show(truth).toString('utf8'),
    });
  }
  console.error(`public set: phototest.tif, eurotext.tif from ${PUBLIC}`);
}

/** leaklens: one pool of THREADS threads, started inside the timed section (a run pays for it). */
async function runLeaklens(): Promise<{ seconds: number; texts: string[] }> {
  const t = performance.now();
  const pool = new OcrPool(LANGS, THREADS, 600);
  try {
    const texts = await Promise.all(
      pages.map(async (p) => (await pool.recognize(await engineImage(p.image))).text),
    );
    return { seconds: (performance.now() - t) / 1000, texts };
  } finally {
    await pool.close();
  }
}

function tesseractOne(file: string): Promise<string> {
  return new Promise((ok, fail) => {
    const c = spawn('tesseract', [file, 'stdout', '-l', LANGS.join('+')], {
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    });
    let out = '';
    c.stdout.on('data', (d) => {
      out += d;
    });
    c.on('error', fail);
    c.on('close', (code) => (code === 0 ? ok(out) : fail(new Error(`tesseract exited ${code} on ${file}`))));
  });
}

/** The command, THREADS processes at a time (one thread each), like `xargs -P`. */
async function runTesseract(): Promise<{ seconds: number; texts: string[] }> {
  const t = performance.now();
  const texts: string[] = new Array(pages.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: THREADS }, async () => {
      while (next < pages.length) {
        const i = next++;
        texts[i] = await tesseractOne((pages[i] as Page).file);
      }
    }),
  );
  return { seconds: (performance.now() - t) / 1000, texts };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const times = { leaklens: [] as number[], tesseract: [] as number[] };
let last = { leaklens: [] as string[], tesseract: [] as string[] };
for (let r = 0; r < ROUNDS; r++) {
  // Alternate which goes first: the machine is shared, load changes over a run.
  const order = r % 2 ? (['tesseract', 'leaklens'] as const) : (['leaklens', 'tesseract'] as const);
  for (const who of order) {
    const res = who === 'leaklens' ? await runLeaklens() : await runTesseract();
    times[who].push(res.seconds);
    last = { ...last, [who]: res.texts };
    console.error(`round ${r + 1} ${who}: ${res.seconds.toFixed(1)} s`);
  }
}

const rows = pages.map((p, i) => ({
  id: p.id,
  lang: p.lang,
  style: p.style,
  leaklens: cer(last.leaklens[i] ?? '', p.truth),
  tesseract: cer(last.tesseract[i] ?? '', p.truth),
}));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
const group = (f: (r: (typeof rows)[number]) => boolean) => {
  const rs = rows.filter(f);
  return {
    pages: rs.length,
    leaklens: mean(rs.map((r) => r.leaklens)),
    tesseract: mean(rs.map((r) => r.tesseract)),
  };
};
const result = {
  pages: pages.length,
  threads: THREADS,
  rounds: ROUNDS,
  langs: LANGS.join('+'),
  seconds: { leaklens: median(times.leaklens), tesseract: median(times.tesseract), all: times },
  pagesPerSecond: {
    leaklens: pages.length / median(times.leaklens),
    tesseract: pages.length / median(times.tesseract),
  },
  cer: {
    all: group(() => true),
    rendered: group((r) => r.lang !== 'public'),
    fra: group((r) => r.lang === 'fra'),
    eng: group((r) => r.lang === 'eng'),
    public: group((r) => r.lang === 'public'),
    publicPages: rows.filter((r) => r.lang === 'public'),
    byStyle: Object.fromEntries(STYLES.map((s) => [s.name, group((r) => r.style === s.name)])),
  },
  perPage: rows,
};
writeFileSync(join(OUT, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
console.log(`| set | pages | CER leaklens | CER tesseract | difference (points) |`);
console.log(`|---|---|---|---|---|`);
for (const [k, g] of [
  ['all', result.cer.all],
  ['rendered pages', result.cer.rendered],
  ['French', result.cer.fra],
  ['English', result.cer.eng],
  ['public (tesseract-ocr/test)', result.cer.public],
  ...result.cer.publicPages.map((r) => [r.id, { pages: 1, leaklens: r.leaklens, tesseract: r.tesseract }]),
  ...Object.entries(result.cer.byStyle),
] as [string, ReturnType<typeof group>][])
  console.log(
    `| ${k} | ${g.pages} | ${pct(g.leaklens)} | ${pct(g.tesseract)} | ${((g.leaklens - g.tesseract) * 100).toFixed(2)} |`,
  );
console.log(
  `\nthroughput (${THREADS} threads, median of ${ROUNDS}): leaklens ${result.pagesPerSecond.leaklens.toFixed(2)} pages/s, tesseract ${result.pagesPerSecond.tesseract.toFixed(2)} pages/s, ratio ${(result.pagesPerSecond.leaklens / result.pagesPerSecond.tesseract).toFixed(2)}×`,
);
