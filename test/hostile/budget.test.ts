import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { count } from '../helpers.js';
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
  // 100,000 distinct pages with the page cap lifted: a long read, stopped by maxFileSeconds.
  const limits = { ...DEFAULT_LIMITS, maxPdfPages: 200_000, maxFileSeconds: 20 };
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
    /slow\.pdf: parsing took longer than 20 s \(maxFileSeconds\); stopped, file kept unparsed$/,
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

// Skipped, and why: V8 does not always confine an out-of-memory to the worker thread. In a clean-
// clone CI run on 2026-12-04 this test aborted the whole test process ("FATAL ERROR: Reached heap
// limit", allocating in Intl::ConvertToLower inside the worker) after passing in two full runs
// before it. An ingest would die the same way, so the memory budget is not reliable until parsing
// runs in child processes (issue #18 stays open for it); the time budget above is unaffected.
test('a file over the worker memory budget costs one file: the thread dies alone, the file is recorded', {
  skip: 'a worker OOM can abort the whole process (V8 FatalProcessOutOfMemory); see the comment above',
}, async (t) => {
  // 100 MB of text decodes to a string larger than a 128 MB heap holds (the thread itself needs
  // about 50 MB): the worker runs out of memory on this file only. (pdf.js alone needs more than
  // this small heap, so the neighbours here are the e-mails.)
  const limits = { ...DEFAULT_LIMITS, maxWorkerMemoryMb: 128 };
  const { store, summary } = await ingestHostile(
    t,
    { 'huge.txt': Buffer.alloc(100 << 20, 'a'), 'after.eml': NORMAL_EML.replace('good@', 'after@') },
    { workers: 1, budget: true, limits },
  );
  assert.equal(summary.files, 4);
  assertNormalsIngested(store);
  assert.equal(count(store, "SELECT count(*) AS n FROM emails WHERE message_id = 'after@org.example'"), 1);
  assert.deepEqual(
    failuresOf(store, 'huge.txt').map((f) => [f.reason, f.message.replace(/^.*?: /, '')]),
    [
      [
        'limit-exceeded',
        'parsing needed more than 128 MB of memory (maxWorkerMemoryMb); stopped, file kept unparsed',
      ],
    ],
  );
  assert.equal(
    count(store, "SELECT count(*) AS n FROM items WHERE name = 'huge.txt' AND status = 'failed'"),
    1,
  );
});
