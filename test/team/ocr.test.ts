import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import type { SqlDb } from '../../src/case/sql-db.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { docxWithPicture, imageOnlyPdf, renderScan, textPdf } from '../../src/demo/docs/scan.js';
import { enumerateInputs } from '../../src/ingest/enumerate.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { runOcr } from '../../src/ocr/stage.js';
import { searchCase } from '../../src/search/search-case.js';
import { BlobStore } from '../../src/store/blob-store.js';
import { Store } from '../../src/store/store.js';
import { enqueueInputs } from '../../src/team/enqueue.js';
import {
  enqueueOcr,
  type OcrJob,
  OcrJobs,
  ocrTally,
  readTeamOcr,
  recordOcrFailure,
  teamOcrBusy,
  waitForOcr,
} from '../../src/team/ocr-jobs.js';
import { groupTasks, queueName } from '../../src/team/queue.js';
import { ingestJobsHere } from '../../src/team/worker.js';
import { tempDir } from '../helpers.js';
import {
  spawnWorker,
  sqlTeamCase,
  stopWorker,
  TEST_DATABASE_URL,
  TEST_QUEUE_URL,
  teamSkipReason,
  waitUntil,
} from './services.js';

/**
 * The OCR stage as team jobs, against real PostgreSQL and Redis: scans, photographed pages, a
 * picture in a Word file, an image attached to an e-mail and hostile pictures (a decompression
 * bomb, a corrupt PNG), read by one or two `leaklens worker` processes (one of them SIGKILLed in the
 * middle), end with exactly the OCR rows, document text and full-text hits of the laptop stage on
 * the same dump. The scans are rendered with known text by the generator the OCR tests use
 * (src/demo/docs/scan.ts), the same bytes each run.
 */
const skip = await teamSkipReason();
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Documents per batch job in these tests: small, so a run is many jobs and a kill lands mid-run. */
const BATCH = 2;

/** Words that exist only in the pictures (never in a file name or a text layer). */
const TOWNS = ['Abbeville', 'Carpentras', 'Domfront', 'Figeac'];
const SCAN = ['FACTURE N° 2017-0412', 'Cabinet Lefebvre et Associés', 'Montant total : 4 830,00 EUR'];
const PHOTO = ['Compte rendu du comité', 'Budget approuvé pour le bureau de Grenoble'];
const PICTURE = ['Virement urgent vers Zurich', 'Référence dossier Bellecour'];
const MAIL_PIC = ['Mot de passe du serveur Kerguelen'];
const OCR_ONLY_WORDS = ['Lefebvre', 'Grenoble', 'Zurich', 'Bellecour', 'Kerguelen', ...TOWNS];

function eml(png: Uint8Array): string {
  const b64 = Buffer.from(png).toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    'From: Alice <alice@example.org>',
    'To: Bob <bob@example.org>',
    'Subject: capture',
    'Date: Wed, 12 Apr 2017 10:00:00 +0200',
    'Message-ID: <team-ocr-1@example.org>',
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

/** The dump of test/ocr/stage.test.ts, plus one scan per town so the run is many batches. */
async function makeOcrDump(dir: string): Promise<string> {
  const dump = join(dir, 'dump');
  mkdirSync(join(dump, 'towns'), { recursive: true });
  const scan = await renderScan(SCAN, { dpi: 200, format: 'jpeg', quality: 80, size: 14 });
  writeFileSync(join(dump, 'scan.pdf'), await imageOnlyPdf(scan.image, 200));
  const photo = await renderScan(PHOTO, {
    dpi: 150,
    format: 'jpeg',
    rotate: 1.5,
    noise: 15,
    quality: 70,
    seed: 7,
    size: 14,
  });
  writeFileSync(join(dump, 'photo.jpg'), photo.image);
  const pic = await renderScan(PICTURE, { dpi: 150, format: 'png', size: 14 });
  writeFileSync(
    join(dump, 'memo.docx'),
    docxWithPicture('Voir ci-dessous', pic.image, pic.width, pic.height, new Date('2017-04-12T09:30:00Z')),
  );
  const mailPic = await renderScan(MAIL_PIC, { dpi: 150, format: 'png', size: 14 });
  writeFileSync(join(dump, 'mail.eml'), eml(mailPic.image));
  writeFileSync(
    join(dump, 'text.pdf'),
    await textPdf(['Rapport annuel du conseil, avec une couche de texte.']),
  );
  for (const w of TOWNS) {
    const r = await renderScan([`Rendez-vous à ${w}`], { dpi: 120, format: 'png', size: 16 });
    writeFileSync(join(dump, 'towns', `rdv-${w.length}${w.slice(-2)}.png`), r.image);
  }
  // Hostile: a PNG header declaring 100,000 × 100,000 pixels; a PNG whose data is garbage.
  const ihdr = Buffer.from('89504e470d0a1a0a0000000d49484452000186a0000186a00806000000', 'hex');
  writeFileSync(join(dump, 'bomb.png'), Buffer.concat([ihdr, Buffer.alloc(64)]));
  writeFileSync(
    join(dump, 'corrupt.png'),
    Buffer.concat([Buffer.from(pic.image.subarray(0, 40)), Buffer.alloc(5000, 7)]),
  );
  return dump;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** What OCR wrote, in an order both engines agree on; run-time figures (seconds, done_at) left out. */
async function ocrRows(db: SqlDb) {
  const documents = (
    await db.all<Record<string, unknown>>(
      'SELECT item_id, base_chars, pages, chars, confidence, status FROM ocr_documents ORDER BY item_id',
    )
  ).map((r) => ({ ...r, base_chars: num(r.base_chars), pages: num(r.pages), chars: num(r.chars) }));
  const pages = (
    await db.all<Record<string, unknown>>(
      `SELECT item_id, page, source, lang, confidence, chars, width, height, status, message, text
         FROM ocr_pages ORDER BY item_id, page`,
    )
  ).map((r) => ({
    ...r,
    page: num(r.page),
    chars: num(r.chars),
    width: num(r.width),
    height: num(r.height),
  }));
  const texts = await db.all(
    `SELECT d.id, d.text, d.language FROM documents d JOIN ocr_documents o ON o.item_id = d.id ORDER BY d.id`,
  );
  const flags = await db.all(
    `SELECT id, item_id, kind, severity, message, evidence_json FROM flags WHERE stage = 'ocr' ORDER BY id`,
  );
  return { documents, pages, texts, flags };
}

/** Hits of each OCR-only word, by the search of the case's own engine (FTS5 or tsvector). */
async function wordHits(db: SqlDb): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const w of OCR_ONLY_WORDS)
    out[w] = (await searchCase(db, w, { limit: 50 })).hits.map((h) => h.id).sort();
  return out;
}

describe('team OCR on PostgreSQL + Redis', { skip, concurrency: false }, () => {
  const cleanup: (() => void)[] = [];
  const t0 = { after: (fn: () => void) => cleanup.push(fn) };
  let dir: string;
  let dump: string;
  let truth: Awaited<ReturnType<typeof ocrRows>>;
  let truthHits: Record<string, string[]>;
  let names: Map<string, string>;

  before(async () => {
    dir = tempDir(t0, 'tocr-');
    dump = await makeOcrDump(dir);
    const store = Store.open(join(dir, 'laptop-case'));
    try {
      await ingestPaths(store, [dump], { workers: 0, silent: true });
      await runOcr(store, { silent: true });
      const db = new SqliteDb(store.db);
      truth = await ocrRows(db);
      truthHits = await wordHits(db);
      names = new Map(
        (store.db.prepare('SELECT id, name FROM items').all() as { id: string; name: string }[]).map((r) => [
          r.id,
          r.name,
        ]),
      );
    } finally {
      store.close();
    }
  });
  after(() => {
    for (const fn of cleanup) fn();
  });

  test('the laptop truth holds text from every kind of picture, and the hostile ones as failures', () => {
    const pageOf = (name: string) => truth.pages.find((p) => names.get(p.item_id as string) === name);
    for (const w of OCR_ONLY_WORDS) assert.equal(truthHits[w]?.length, 1, `laptop search for ${w}`);
    assert.equal(pageOf('scan.pdf')?.status, 'ok');
    assert.equal(pageOf('memo.docx')?.source, 'word/media/image1.png');
    assert.equal(pageOf('bomb.png')?.status, 'failed');
    assert.match(String(pageOf('bomb.png')?.message), /100000×100000 pixels.*decompression bomb/);
    const corrupt = pageOf('corrupt.png');
    assert.equal(corrupt?.status, 'failed', JSON.stringify(corrupt));
    assert.ok(corrupt?.message);
    assert.ok(truth.documents.length >= 11, `${truth.documents.length} documents read`);
  });

  const cases: { name: string; workers: number; kill: boolean }[] = [
    {
      name: '1 worker process writes exactly the OCR rows and search hits of the laptop',
      workers: 1,
      kill: false,
    },
    { name: '2 worker processes write exactly the same', workers: 2, kill: false },
    {
      name: 'a worker SIGKILLed in the middle of the OCR batches, then restarted, leaves the same result',
      workers: 1,
      kill: true,
    },
  ];
  for (const c of cases)
    test(c.name, async (t) => {
      const { store, caseName } = await sqlTeamCase(t, 'tocr_');
      const blobs = join(tempDir(t, 'tocr-'), 'blobs');
      await enqueueInputs(store, [dump], { queueUrl: TEST_QUEUE_URL, caseName });
      const runId = await enqueueOcr(store, { queueUrl: TEST_QUEUE_URL, caseName, batchSize: BATCH });
      assert.equal(await teamOcrBusy(store), true, 'busy from the moment it is enqueued');
      let workers = Array.from({ length: c.workers }, () => spawnWorker(caseName, blobs));
      try {
        if (c.kill) {
          await waitUntil(async () => (await ocrTally(store, runId)).done >= 1, 300_000);
          const before = await ocrTally(store, runId);
          assert.ok(before.done < before.batches, 'the kill must land before the run ends');
          await Promise.all(workers.map((w) => stopWorker(w, 'SIGKILL')));
          assert.equal(await teamOcrBusy(store), true);
          workers = [spawnWorker(caseName, blobs)];
        }
        const s = await waitForOcr(store, runId, { timeoutMs: 600_000 });
        assert.equal(s.state, 'done', s.error);
        const tally = await ocrTally(store, runId);
        assert.equal(tally.failed, 0);
        assert.equal(tally.done, tally.batches);
        assert.equal(tally.batches, Math.ceil(truth.documents.length / BATCH));
        assert.equal(await teamOcrBusy(store), false);
        assert.equal(s.counts?.items, truth.documents.length);
      } finally {
        await Promise.all(workers.map((w) => stopWorker(w)));
      }
      const team = await ocrRows(store.db);
      assert.deepEqual(team.documents, truth.documents);
      assert.deepEqual(team.pages, truth.pages);
      assert.deepEqual(team.texts, truth.texts);
      assert.deepEqual(team.flags, truth.flags);
      assert.deepEqual(await wordHits(store.db), truthHits);
      // The stage's stamp, which readers take for "OCR ran".
      assert.ok(await store.getMeta('stage-run:ocr'));
    });

  test('a batch that fails for good: its documents become failure records naming the file; the rest is read', async (t) => {
    const { store, caseName } = await sqlTeamCase(t, 'tocr_');
    const blobRoot = join(tempDir(t, 'tocr-'), 'blobs');
    const towns = join(dump, 'towns');
    const tasks = enumerateInputs([towns]).tasks.map((x) => ({ ...x, mtimeMs: 0 }));
    await ingestJobsHere(
      store,
      blobRoot,
      groupTasks(tasks).map((g) => ({ tasks: g })),
    );
    const runId = await enqueueOcr(store, { queueUrl: TEST_QUEUE_URL, caseName, batchSize: 1 });
    const queue = new Queue<OcrJob>(queueName(caseName), { connection: { host: '127.0.0.1', port: 6379 } });
    const jobs = new OcrJobs(store, new BlobStore(blobRoot), TEST_QUEUE_URL, 1);
    try {
      const plan = await queue.getJob(`ocr-plan-${runId}`);
      assert.ok(plan);
      assert.equal(await jobs.run(plan, undefined), TOWNS.length);
      const batch = async (i: number) => {
        const j = await queue.getJob(`ocr-batch-${runId}-${i}`);
        assert.ok(j, `batch ${i} enqueued`);
        return j;
      };
      // Batch 0 failed its last attempt (as a worker killed by the kernel again and again would).
      const failed = await batch(0);
      const ids = failed.data.ids ?? [];
      await recordOcrFailure(store, failed, new Error('worker process killed (out of memory)'));
      assert.equal(await teamOcrBusy(store), true, 'other batches are still queued');
      for (let i = 1; i < TOWNS.length; i++) assert.equal(await jobs.run(await batch(i), undefined), 1);
      const s = await readTeamOcr(store);
      assert.equal(s?.state, 'done');
      assert.equal(await teamOcrBusy(store), false);
      assert.deepEqual(await ocrTally(store, runId), {
        batches: TOWNS.length,
        queued: 0,
        done: TOWNS.length - 1,
        failed: 1,
        documents: TOWNS.length - 1,
      });
      const failures = await store.failures({ stage: 'ocr' });
      assert.equal(failures.length, 1);
      const name = (await store.db.get<{ name: string }>('SELECT name FROM items WHERE id = ?', ids))?.name;
      assert.match(failures[0]?.provenance ?? '', new RegExp(`${name}$`));
      assert.equal(failures[0]?.reason, 'ocr-error');
      assert.match(
        failures[0]?.message ?? '',
        /not read after .* attempt\(s\) by team workers: worker process killed/,
      );
      // The three other scans were read and are found; the failed one is read by the next run.
      const done = await store.db.all<{ item_id: string }>('SELECT item_id FROM ocr_documents');
      assert.equal(done.length, TOWNS.length - 1);
      assert.ok(!done.some((d) => d.item_id === ids[0]));
      // A plan that fails for good (models this machine lacks): the run ends failed with the
      // reason, no longer busy (a triage run waiting on it goes on), and `errors` says so.
      const bad = await enqueueOcr(store, { queueUrl: TEST_QUEUE_URL, caseName, langs: ['xyz'] });
      const badPlan = await queue.getJob(`ocr-plan-${bad}`);
      assert.ok(badPlan);
      const err = await jobs.run(badPlan, undefined).then(
        () => assert.fail('a plan with an unknown model must fail'),
        (e: Error) => e,
      );
      assert.match(err.message, /no OCR model for xyz/);
      await recordOcrFailure(store, badPlan, err);
      assert.equal((await readTeamOcr(store))?.state, 'failed');
      assert.equal(await teamOcrBusy(store), false);
      const r = spawnSync(
        process.execPath,
        [join(ROOT, 'bin/leaklens.js'), 'errors', '--database', TEST_DATABASE_URL, '--case-name', caseName],
        { encoding: 'utf8', env: { ...process.env, LEAKLENS_PROGRESS: '0' } },
      );
      assert.equal(r.status, 0, r.stderr);
      assert.match(
        r.stdout,
        new RegExp(`The OCR run ${bad} of this team case failed: .*no OCR model for xyz`),
      );
      assert.match(r.stdout, new RegExp(`${name}\\n    ocr-error \\(ocr\\): cannot OCR`));
    } finally {
      await jobs.close();
      await queue.close();
    }
  });

  test('from the command line: ingest --wait runs OCR as jobs, search --database finds scan-only words, analyze --only ocr again', async (t) => {
    const { store, caseName } = await sqlTeamCase(t, 'tocr_');
    const team = ['--database', TEST_DATABASE_URL, '--case-name', caseName];
    const cli = (...args: string[]) => {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/leaklens.js'), ...args], {
        encoding: 'utf8',
        timeout: 600_000,
        env: { ...process.env, LEAKLENS_PROGRESS: '0' },
      });
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    const worker = spawnWorker(caseName, join(tempDir(t, 'tocr-'), 'blobs'));
    try {
      const ingested = JSON.parse(
        cli('ingest', dump, ...team, '--queue', TEST_QUEUE_URL, '--no-verify', '--wait', '--json'),
      );
      assert.equal(ingested.stages.ocr.waited.state, 'done');
      assert.equal(ingested.stages.ocr.waited.counts.items, truth.documents.length);
      assert.equal(ingested.stages.metadata.waited.state, 'done');
      for (const w of ['Lefebvre', 'Kerguelen']) {
        const found = JSON.parse(cli('search', w, ...team, '--json'));
        assert.equal(found.total, 1, `search ${w}`);
        assert.deepEqual([found.hits[0].id], truthHits[w]);
      }
      const again = JSON.parse(
        cli('analyze', ...team, '--queue', TEST_QUEUE_URL, '--only', 'ocr', '--wait', '--json'),
      );
      assert.equal(again.ocr.waited.state, 'done');
      assert.equal(again.ocr.waited.documents, 0, 'every document was read by the first run');
    } finally {
      await stopWorker(worker);
    }
    assert.deepEqual((await ocrRows(store.db)).pages, truth.pages);
  });
});
