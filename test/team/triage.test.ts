import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import type { SqlDb } from '../../src/case/sql-db.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { stageRan, stageRunKey } from '../../src/case/stage-ran.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { runStages } from '../../src/pipeline/all-stages.js';
import { Store } from '../../src/store/store.js';
import { enqueueInputs } from '../../src/team/enqueue.js';
import { enqueueMetadata } from '../../src/team/metadata-job.js';
import { enqueueOcr } from '../../src/team/ocr-jobs.js';
import {
  enqueueTriage,
  readTeamTriage,
  TRIAGE_WAITS_FOR,
  triageWaitsFor,
  waitForTriage,
} from '../../src/team/triage-job.js';
import { enqueueVerify } from '../../src/team/verify-jobs.js';
import { writeDump as writeDocuments } from '../documents/gen/dump.js';
import { FIXTURES, tempDir } from '../helpers.js';
import { rfc822, writeDump as writePlanted } from '../triage/gen-dump.js';
import {
  spawnWorker,
  stopWorker,
  TEST_DATABASE_URL,
  TEST_QUEUE_URL,
  teamCase,
  teamSkipReason,
} from './services.js';

/**
 * The triage stage as a team job, against real PostgreSQL and Redis: the same dump triaged by the
 * laptop (`analyze` on SQLite) and by `leaklens worker` processes (ingest, verify, metadata and
 * triage jobs) ends with exactly the same rows in every triage table, with one worker, with two,
 * and after a worker SIGKILLed in the middle of the triage job.
 */
const skip = await teamSkipReason();
const ROOT = join(import.meta.dirname, '../..');

/** A deterministic word stream (xorshift), so generated bodies differ and are the same each run. */
function words(seed: number) {
  let x = seed * 2654435761 || 1;
  const VOCAB =
    'budget réunion dossier contrat facture virement campagne meeting agenda rapport projet équipe client livraison presse conseil relecture signature banque compte date semaine mardi jeudi bureau document version note retour décision accord proposition calendrier réponse question'.split(
      ' ',
    );
  return (n: number) =>
    Array.from({ length: n }, () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return VOCAB[(x >>> 0) % VOCAB.length]!;
    }).join(' ');
}

const PEOPLE = [
  ['Jean Dupont', 'jean.dupont@avancer.example'],
  ['Sophie Martin', 'sophie.martin@avancer.example'],
  ['Marc Lefebvre', 'marc@banque.example'],
  ['Odile Vautrin', 'odile.vautrin@presse.example'],
  ['Inès Bonnet', 'ines.bonnet@avancer.example'],
] as const;

/**
 * A generated mail case with known shapes: threads of four (each reply names its parent), exact
 * duplicates (same text, other Message-ID), near duplicates (a forward with words changed),
 * entities (IBAN, amounts, addresses, phone numbers) and people named in the bodies.
 */
function writeMailCase(dir: string, threads: number): void {
  mkdirSync(dir, { recursive: true });
  let n = 0;
  const put = (m: Parameters<typeof rfc822>[0]) => writeFileSync(join(dir, m.file), rfc822(m));
  for (let t = 0; t < threads; t++) {
    const w = words(t + 1);
    const root = `<t${t}-0@gen.example>`;
    let parent = root;
    for (let k = 0; k < 4; k++) {
      const [fromName, from] = PEOPLE[(t + k) % PEOPLE.length]!;
      const [toName, to] = PEOPLE[(t + k + 1) % PEOPLE.length]!;
      const named = PEOPLE[(t + k + 3) % PEOPLE.length]![0];
      const extras = [
        t % 3 === 0 ? `Merci de virer 1 ${t}50,00 € sur FR76 3000 6000 0112 3456 7890 189.` : '',
        t % 4 === 1
          ? `Appelez-moi au +33 6 12 34 ${String(10 + (t % 89)).padStart(2, '0')} 78 ou écrivez à contact${t}@presse.example.`
          : '',
        t % 5 === 2 ? `Le montant total est de ${t * 3} 200 EUR, payable avant le 30 avril.` : '',
      ].filter(Boolean);
      const mid = k === 0 ? root : `<t${t}-${k}@gen.example>`;
      put({
        file: `${String(n++).padStart(5, '0')}.eml`,
        from: `${fromName} <${from}>`,
        to: `${toName} <${to}>`,
        subject: k === 0 ? `Dossier ${t} ${w(2)}` : `RE: Dossier ${t}`,
        date: `Mon, ${1 + (t % 27)} Mar 2017 ${String(8 + k).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}:00 +0200`,
        messageId: mid,
        ...(k > 0 ? { inReplyTo: parent, references: `${root}${parent === root ? '' : ` ${parent}`}` } : {}),
        body: `Bonjour ${toName.split(' ')[0]},\n\n${w(40)}\n\nJ'en ai parlé avec ${named} hier à Lyon.\n${extras.join('\n')}\n\nCordialement,\n${fromName}`,
      });
      parent = mid;
    }
    if (t % 6 === 0) {
      // An exact duplicate: the same text again under another Message-ID.
      const body = `Bonjour,\n\n${words(1000 + t)(50)}\n\nJean Dupont`;
      for (const c of [0, 1])
        put({
          file: `${String(n++).padStart(5, '0')}.eml`,
          from: `Jean Dupont <${PEOPLE[0][1]}>`,
          to: `Sophie Martin <${PEOPLE[1][1]}>`,
          subject: `Note ${t}`,
          date: `Tue, 4 Apr 2017 10:${String(c).padStart(2, '0')}:00 +0200`,
          messageId: `<dup${t}-${c}@gen.example>`,
          body,
        });
    }
    if (t % 7 === 3) {
      // A near duplicate: a long text forwarded with a few words changed.
      const text = words(2000 + t)(120);
      const changed = text.replace(/budget/g, 'budgets').replace(/mardi/, 'mercredi');
      for (const [c, body] of [text, changed].entries())
        put({
          file: `${String(n++).padStart(5, '0')}.eml`,
          from: `Sophie Martin <${PEOPLE[1][1]}>`,
          to: `Odile Vautrin <${PEOPLE[3][1]}>`,
          subject: c ? `TR: Compte rendu ${t}` : `Compte rendu ${t}`,
          date: `Wed, 5 Apr 2017 11:${String(c).padStart(2, '0')}:00 +0200`,
          messageId: `<near${t}-${c}@gen.example>`,
          body: `${body}\n\nSophie Martin`,
        });
    }
  }
  writeFileSync(
    join(dir, 'compte-rendu.txt'),
    'Compte rendu : Jean Dupont et Odile Vautrin se sont vus à Lyon. Virement de 12 400,00 € sur FR76 3000 6000 0112 3456 7890 189.\n',
  );
}

/** The dump: real fixtures (Tika mail: mbox, eml, zip attachments), planted triage and documents, generated mail. */
async function makeTriageDump(dir: string, threads = 120): Promise<string> {
  const dump = join(dir, 'dump');
  cpSync(join(FIXTURES, 'mail/tika-mail'), join(dump, 'tika'), { recursive: true });
  writePlanted(join(dump, 'planted'));
  await writeDocuments(join(dump, 'documents'));
  writeMailCase(join(dump, 'generated'), threads);
  return dump;
}

const TABLES: Record<string, string> = {
  threads: 'SELECT item_id, thread_id, parent_id, depth, root_subject FROM threads',
  duplicates: 'SELECT item_id, group_id, kind, similarity FROM duplicates',
  entities: 'SELECT item_id, type, value, normalized, start, "end", field FROM entities',
  doc_types: 'SELECT item_id, type, score, reasons_json FROM doc_types',
  identities: 'SELECT id, name, names_json, addresses_json, count FROM identities',
  identity_forms: 'SELECT form, identity_id FROM identity_forms',
  comm_edges: 'SELECT src, dst, messages, first, last FROM comm_edges',
  triage_stats: 'SELECT key, json FROM triage_stats',
  name_mentions:
    'SELECT item_id, field, type, text, name_key, start, "end", evidence, identity_id, passage FROM name_mentions',
  flags:
    "SELECT id, item_id, kind, severity, message, evidence_json, stage FROM flags WHERE stage = 'triage'",
};

/** Every row of every triage table, each row as JSON, sorted (both engines, same text). */
async function triageRows(db: SqlDb): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [t, sql] of Object.entries(TABLES))
    out[t] = (await db.all<Record<string, unknown>>(sql)).map((r) => JSON.stringify(Object.values(r))).sort();
  return out;
}

function assertSameRows(team: Record<string, string[]>, truth: Record<string, string[]>): void {
  for (const t of Object.keys(TABLES)) {
    assert.equal(team[t]!.length, truth[t]!.length, `${t}: row count`);
    assert.deepEqual(team[t], truth[t], `${t}: rows`);
  }
}

/** The laptop truth: `ingest --no-verify --no-analyze` then `analyze` (verify, metadata, triage) on SQLite. */
async function laptopTruth(dir: string, dump: string): Promise<Record<string, string[]>> {
  const laptop = Store.open(join(dir, 'case'));
  try {
    await ingestPaths(laptop, [dump], { workers: 0, silent: true });
    await runStages(laptop, { only: ['verify', 'metadata', 'triage'], silent: true });
    const db = new SqliteDb(laptop.db);
    assert.ok(await stageRan(db, 'triage'));
    return await triageRows(db);
  } finally {
    laptop.close();
  }
}

function checkTruth(truth: Record<string, string[]>): void {
  // The dump holds what the comparison is about: no table may be trivially empty on both sides.
  for (const t of Object.keys(TABLES)) assert.ok(truth[t]!.length > 0, `laptop truth: ${t} is empty`);
  const all = truth.entities!.join('\n');
  for (const type of ['"iban"', '"amount"', '"email"', '"phone"', '"person"'])
    assert.ok(all.includes(type), `laptop truth has no ${type} entity`);
  const dups = truth.duplicates!.join('\n');
  assert.ok(dups.includes('"exact"') && dups.includes('"near"'), 'exact and near duplicates');
  assert.ok(
    truth.name_mentions!.some((r) => r.includes('Odile Vautrin')),
    'a person named in a body',
  );
}

describe('team triage on PostgreSQL + Redis', { skip, concurrency: false }, () => {
  let truth: Record<string, string[]>;
  let dump: string;
  // The dump and the laptop case, shared by every test of this suite.
  const shared = mkdtempSync(join(tmpdir(), 'ttri-'));
  after(() => rmSync(shared, { recursive: true, force: true }));

  test('laptop truth: every triage table filled', async () => {
    dump = await makeTriageDump(shared);
    truth = await laptopTruth(shared, dump);
    checkTruth(truth);
  });

  const cases = [
    { name: '2 worker processes give exactly the rows of the laptop', workers: 2, kill: false },
    {
      name: 'a worker SIGKILLed in the middle of the triage job, then restarted, leaves the same rows',
      workers: 1,
      kill: true,
    },
  ];
  for (const c of cases)
    test(c.name, async (t) => {
      assert.ok(truth, 'the laptop truth ran');
      const dir = tempDir(t);
      const { store, caseName } = await teamCase(t, 'ttri_');
      const db = (store as SqlCaseStore).db;
      const q = { queueUrl: TEST_QUEUE_URL, caseName };
      await enqueueInputs(store, [dump], q);
      // Enqueued before any worker runs: each stage must wait for the ones before it.
      await enqueueVerify(store, q);
      await enqueueMetadata(store, q);
      const runId = await enqueueTriage(store, q);
      assert.equal(await stageRan(db, 'triage'), false, 'not triaged before its job');
      assert.equal(await triageWaitsFor(store), 'ingest');
      const blobs = join(dir, 'team-blobs');
      mkdirSync(blobs, { recursive: true });
      let workers = Array.from({ length: c.workers }, () => spawnWorker(caseName, blobs));
      try {
        if (c.kill) {
          for (;;) {
            const s = await readTeamTriage(store);
            assert.notEqual(s?.state, 'done', 'the kill must land before the triage job ends');
            if (s?.state === 'running') break;
            await new Promise((r) => setTimeout(r, 20));
          }
          await Promise.all(workers.map((w) => stopWorker(w, 'SIGKILL')));
          // The transaction died with the worker: nothing of the run is committed.
          assert.equal(await stageRan(db, 'triage'), false, 'a killed run stamps nothing');
          assert.equal((await readTeamTriage(store))?.state, 'running');
          workers = [spawnWorker(caseName, blobs)];
        }
        const s = await waitForTriage(store, runId, { timeoutMs: 400_000 });
        assert.equal(s.state, 'done', s.error);
        assert.equal(s.counts?.threads, new Set(truth.threads!.map((r) => JSON.parse(r)[1])).size);
      } finally {
        await Promise.all(workers.map((w) => stopWorker(w)));
      }
      assert.equal(await triageWaitsFor(store), undefined, 'nothing left to wait for');
      assert.equal(await stageRan(db, 'triage'), true);
      assert.ok(await store.getMeta(stageRunKey('triage')));
      assertSameRows(await triageRows(db), truth);
    });

  test('from the command line: ingest --queue --wait runs triage after verify and metadata; analyze --only triage runs it again', async (t) => {
    assert.ok(truth, 'the laptop truth ran');
    const dir = tempDir(t);
    const { store, caseName } = await teamCase(t, 'ttri_');
    const db = (store as SqlCaseStore).db;
    const team = ['--database', TEST_DATABASE_URL, '--case-name', caseName, '--queue', TEST_QUEUE_URL];
    const cli = (...args: string[]) => {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/leaklens.js'), ...args], {
        encoding: 'utf8',
        timeout: 400_000,
        env: { ...process.env, LEAKLENS_PROGRESS: '0' },
      });
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    const blobs = join(dir, 'team-blobs');
    mkdirSync(blobs, { recursive: true });
    const worker = spawnWorker(caseName, blobs);
    try {
      const ingested = JSON.parse(cli('ingest', dump, ...team, '--wait', '--json'));
      assert.equal(ingested.stages.metadata.waited.state, 'done');
      assert.equal(ingested.stages.triage.waited.state, 'done', ingested.stages.triage.waited.error);
      assertSameRows(await triageRows(db), truth);
      const stamp = await store.getMeta(stageRunKey('triage'));
      assert.ok(stamp);
      const again = JSON.parse(cli('analyze', ...team, '--only', 'triage', '--wait', '--json'));
      assert.equal(again.triage.waited.state, 'done', again.triage.waited.error);
      assert.equal(again.verify, undefined, 'only triage ran');
      assert.notEqual(await store.getMeta(stageRunKey('triage')), stamp, 'the run stamped anew');
    } finally {
      await stopWorker(worker);
    }
    assertSameRows(await triageRows(db), truth);
    // A stage that does not exist is refused by name.
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/leaklens.js'), 'analyze', ...team, '--only', 'ocr,spelling'],
      {
        encoding: 'utf8',
        env: { ...process.env, LEAKLENS_PROGRESS: '0' },
      },
    );
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /spelling/);
  });

  test('the triage job waits for every stage in TRIAGE_WAITS_FOR (an OCR wait can be added)', async (t) => {
    const { store, caseName } = await teamCase(t, 'ttri_');
    assert.deepEqual(
      TRIAGE_WAITS_FOR.map((w) => w.name),
      ['ingest', 'verify', 'ocr', 'metadata'],
    );
    assert.equal(await triageWaitsFor(store), undefined, 'an empty case waits for nothing');
    await enqueueMetadata(store, { queueUrl: TEST_QUEUE_URL, caseName });
    assert.equal(await triageWaitsFor(store), 'metadata', 'a metadata run waiting holds triage back');
    await enqueueVerify(store, { queueUrl: TEST_QUEUE_URL, caseName });
    assert.equal(await triageWaitsFor(store), 'verify', 'a verify run not done holds triage back');
    // The OCR run of the case (src/team/ocr-jobs.ts): pending, it holds triage back too.
    const noVerify = TRIAGE_WAITS_FOR.filter((w) => w.name !== 'verify');
    await enqueueOcr(store, { queueUrl: TEST_QUEUE_URL, caseName });
    assert.equal(await triageWaitsFor(store, noVerify), 'ocr', 'an OCR run pending holds triage back');
    let ocrBusy = true;
    const waits = [TRIAGE_WAITS_FOR[0]!, { name: 'ocr', busy: async () => ocrBusy }];
    assert.equal(await triageWaitsFor(store, waits), 'ocr');
    ocrBusy = false;
    assert.equal(await triageWaitsFor(store, waits), undefined);
  });

  test('a triage job that fails its last attempt records why: the run state and `leaklens errors`', async (t) => {
    const dir = tempDir(t);
    const { store, caseName } = await teamCase(t, 'ttri_');
    const db = (store as SqlCaseStore).db;
    // A case whose triage cannot finish: a table of migration 8 is gone.
    await db.exec('DROP TABLE triage_stats');
    const runId = await enqueueTriage(store, { queueUrl: TEST_QUEUE_URL, caseName });
    const blobs = join(dir, 'team-blobs');
    mkdirSync(blobs, { recursive: true });
    const worker = spawnWorker(caseName, blobs);
    let s: Awaited<ReturnType<typeof waitForTriage>>;
    try {
      s = await waitForTriage(store, runId, { timeoutMs: 120_000 });
    } finally {
      await stopWorker(worker);
    }
    assert.equal(s.state, 'failed');
    assert.match(s.error ?? '', /after 4 attempt\(s\): .*triage_stats/);
    assert.equal(await stageRan(db, 'triage'), false);
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'bin/leaklens.js'),
        'errors',
        '--database',
        TEST_DATABASE_URL,
        '--case-name',
        caseName,
        '--json',
      ],
      { encoding: 'utf8', env: { ...process.env, LEAKLENS_PROGRESS: '0' } },
    );
    assert.equal(r.status, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as { stage: string; message: string; provenance: string }[];
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.stage, 'triage');
    assert.match(rows[0]!.provenance, new RegExp(runId));
    assert.match(rows[0]!.message, /triage did not run on this case: after 4 attempt\(s\)/);
  });
});
