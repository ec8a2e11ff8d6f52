import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { count, tempCase, tempDir } from '../helpers.js';
import { cyclicPagesPdf, manyPagesPdf, ordinaryPdf, repeatedKidsPdf } from './gen-pdf.js';
import { assertNormalsIngested, failuresOf, ingestHostile, NORMAL_EML } from './helpers.js';

const ORDINARY = {
  'report-a.pdf': ordinaryPdf('Rapport annuel alpha'),
  'report-b.pdf': ordinaryPdf('Rapport beta'),
};

function assertOrdinaryPdfs(store: Parameters<typeof assertNormalsIngested>[0]): void {
  const rows = store.db
    .prepare(
      "SELECT i.name, i.status, d.text FROM items i JOIN documents d ON d.id = i.id WHERE i.name LIKE 'report-%' ORDER BY i.name",
    )
    .all() as { name: string; status: string; text: string }[];
  assert.deepEqual(rows, [
    { name: 'report-a.pdf', status: 'ok', text: 'Rapport annuel alpha' },
    { name: 'report-b.pdf', status: 'ok', text: 'Rapport beta' },
  ]);
}

test('a page tree of 100,000 /Kids pointing at one page is refused at the first repeat', async (t) => {
  const { store, summary } = await ingestHostile(
    t,
    { 'kids.pdf': repeatedKidsPdf(100_000), 'cycle.pdf': cyclicPagesPdf(), ...ORDINARY },
    { workers: 2 },
  );
  assert.equal(summary.files, 6);
  assertNormalsIngested(store);
  assertOrdinaryPdfs(store);
  assert.deepEqual(
    failuresOf(store, 'kids.pdf').map((f) => [f.reason, f.message.replace(/^.*?: /, '')]),
    [
      [
        'corrupt',
        'the page tree lists page object 3 0 R again as page 2 of 100000 (a page appears once, ISO 32000-1 §7.7.3.3); text read from the first 1 page(s)',
      ],
    ],
  );
  const kids = store.db
    .prepare("SELECT i.status, d.text FROM items i JOIN documents d ON d.id = i.id WHERE name = 'kids.pdf'")
    .get();
  assert.deepEqual(kids, { status: 'partial', text: 'same page' });
  // pdf.js reports the cycle as an unreadable page: the file is a corrupt failure, the first page kept.
  assert.deepEqual(
    failuresOf(store, 'cycle.pdf').map((f) => [f.reason, f.message.replace(/^.*?: /, '')]),
    [
      [
        'corrupt',
        'the page tree contains a cycle (page 2: Pages tree contains circular reference.); text read from the 1 page(s) reachable',
      ],
    ],
  );
  const cyc = store.db
    .prepare("SELECT i.status, d.text FROM items i JOIN documents d ON d.id = i.id WHERE name = 'cycle.pdf'")
    .get();
  assert.deepEqual(cyc, { status: 'partial', text: 'first page' });
});

test('a file over its time budget costs one file: recorded, the others ingested, not retried', async (t) => {
  // 100,000 distinct pages with the page cap lifted: a long read, stopped by maxFileSeconds (CPU
  // time: the small PDFs beside it need well under a second, however loaded the machine).
  const limits = { ...DEFAULT_LIMITS, maxPdfPages: 200_000, maxFileSeconds: 8 };
  const { store, summary, dir } = await ingestHostile(
    t,
    { 'slow.pdf': manyPagesPdf(100_000), ...ORDINARY },
    { workers: 2, limits },
  );
  assert.equal(summary.files, 5);
  assertNormalsIngested(store);
  assertOrdinaryPdfs(store);
  const f = failuresOf(store, 'slow.pdf');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.reason, 'limit-exceeded');
  assert.match(
    f[0]!.message,
    /slow\.pdf: parsing used more than 8 s of CPU time \(maxFileSeconds\); stopped, file kept unparsed$/,
  );
  assert.equal(
    count(store, "SELECT count(*) AS n FROM items WHERE name = 'slow.pdf' AND status = 'failed'"),
    1,
  );
  // A re-run finds every file journalled: nothing is parsed again, nothing added.
  const again = await ingestPaths(store, [dir], { workers: 2, limits, silent: true });
  assert.equal(again.skipped, 5);
  assert.equal(again.newFailures, 0);
  assert.equal(again.newItems, 0);
});

/** Failures of one file, as [reason, message without the provenance]. */
const failed = (store: Parameters<typeof failuresOf>[0], name: string) =>
  failuresOf(store, name).map((f) => [f.reason, f.message.replace(/^.*?: /, '')]);

test('a file over the heap budget costs one file: the parser process dies alone, the file is recorded', async (t) => {
  // 100 MB of text decodes to a string larger than a 128 MB heap holds (the process itself needs
  // about 50 MB): V8 aborts the parser process on this file only. (pdf.js alone needs more than
  // this small heap, so the neighbours here are the e-mails.)
  const limits = { ...DEFAULT_LIMITS, maxWorkerMemoryMb: 128 };
  const { store, summary, dir } = await ingestHostile(
    t,
    { 'huge.txt': Buffer.alloc(100 << 20, 'a'), 'after.eml': NORMAL_EML.replace('good@', 'after@') },
    { workers: 1, budget: true, limits },
  );
  assert.equal(summary.files, 4);
  assertNormalsIngested(store);
  assert.equal(count(store, "SELECT count(*) AS n FROM emails WHERE message_id = 'after@org.example'"), 1);
  assert.deepEqual(failed(store, 'huge.txt'), [
    [
      'limit-exceeded',
      'parsing needed more than 128 MB of memory (maxWorkerMemoryMb); stopped, file kept unparsed',
    ],
  ]);
  assert.equal(
    count(store, "SELECT count(*) AS n FROM items WHERE name = 'huge.txt' AND status = 'failed'"),
    1,
  );
  // The original is kept byte for byte, and a re-run does not try the file again.
  assert.equal(
    count(store, "SELECT count(*) AS n FROM items WHERE name = 'huge.txt' AND size = ?", 100 << 20),
    1,
  );
  const again = await ingestPaths(store, [dir], { workers: 1, budget: true, limits, silent: true });
  assert.deepEqual([again.skipped, again.newFailures, again.newItems], [4, 0, 0]);
});

test('a file over the resident-memory budget (buffers outside the heap) costs one file', async (t) => {
  // The 768 MB file is read into a Buffer, outside V8's heap, so only the resident-memory sampler sees it (a parser process loaded through tsx starts at about 200 MB).
  const limits = { ...DEFAULT_LIMITS, maxWorkerRssMb: 450 };
  const { store, summary } = await ingestHostile(
    t,
    { 'big.bin': Buffer.alloc(768 << 20, 7), 'after.eml': NORMAL_EML.replace('good@', 'after@') },
    { workers: 1, budget: true, limits },
  );
  assert.equal(summary.files, 4);
  assertNormalsIngested(store);
  assert.equal(count(store, "SELECT count(*) AS n FROM emails WHERE message_id = 'after@org.example'"), 1);
  assert.deepEqual(failed(store, 'big.bin'), [
    [
      'limit-exceeded',
      'parsing needed more than 450 MB of resident memory (maxWorkerRssMb); stopped, file kept unparsed',
    ],
  ]);
});

test('a parser process killed from outside costs its one file, recorded as crashed', async (t) => {
  // One parser process takes slow.pdf (100,000 pages, page cap lifted: over a minute of work),
  // then after.eml (sorted after it). The test kills the process once it has spent 8 s of CPU
  // (CPU, not wall time, so a loaded machine does not change what is killed): far more than
  // starting up costs, so slow.pdf is the file it is working on.
  const limits = { ...DEFAULT_LIMITS, maxPdfPages: 200_000 };
  const dir = tempDir(t);
  writeFileSync(join(dir, 'slow.pdf'), manyPagesPdf(100_000));
  writeFileSync(join(dir, 'z-after.eml'), NORMAL_EML);
  const store = tempCase(t);
  const killer = setInterval(() => {
    for (const pid of parserChildren()) {
      if (cpuSeconds(pid) > 8) {
        process.kill(pid, 'SIGKILL');
        clearInterval(killer);
      }
    }
  }, 100);
  t.after(() => clearInterval(killer));
  const summary = await ingestPaths(store, [dir], { workers: 1, budget: true, limits, silent: true });
  clearInterval(killer);
  assert.equal(summary.files, 2);
  assert.equal(count(store, "SELECT count(*) AS n FROM emails WHERE message_id = 'good@org.example'"), 1);
  assert.deepEqual(failed(store, 'slow.pdf'), [
    ['crashed', 'the parser process died (killed by SIGKILL); file kept unparsed'],
  ]);
});

/** Pids of this process's parser children (Linux /proc). */
function parserChildren(): number[] {
  const out: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('parser-process')) out.push(Number(pid));
    } catch {}
  }
  return out;
}

/** User + system CPU seconds a process has used (Linux /proc, clock ticks of 100 Hz). */
function cpuSeconds(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').slice(0).split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}
