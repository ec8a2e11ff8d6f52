import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { SqlDb } from '../../src/case/sql-db.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { Store } from '../../src/store/store.js';
import { enqueueInputs } from '../../src/team/enqueue.js';
import { enqueueTriage, readTeamTriage, waitForTriage } from '../../src/team/triage-job.js';
import { enqueueVerify, readTeamVerify, verifyTally, waitForVerify } from '../../src/team/verify-jobs.js';
import { tally, waitForInputs } from '../../src/team/wait.js';
import { verifyCase } from '../../src/verify/case.js';
import { addKeyFiles, addKeyFilesDb } from '../../src/verify/key-archive.js';
import { tempDir } from '../helpers.js';
import { FIXTURES, plainMessage, rsaKey, sign } from '../verify/helpers.js';
import {
  privateRedisSkipReason,
  spawnWorker,
  sqlTeamCase,
  startPrivateRedis,
  stopWorker,
  TEST_DATABASE_URL,
  TEST_QUEUE_URL,
  teamSkipReason,
  waitUntil,
  writeKeyArchive,
} from './services.js';

/**
 * The verify stage as team jobs, against real PostgreSQL and Redis: the verdicts, flags and
 * failures of a team case verified by any number of `leaklens worker` processes, one of them
 * SIGKILLed in the middle, are exactly those of the laptop SQLite case of the same input.
 */
const skip = await teamSkipReason();
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** E-mails per batch job in these tests: small, so a run is many jobs and a kill lands mid-run. */
const BATCH = 4;

const dateAt = (day: number, zone = '+0200') =>
  `${['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][day % 7]}, ${day} May 2017 10:00:00 ${zone}`;

function message(i: number, o: { zone?: string; inReplyTo?: string; day?: number } = {}): string {
  const day = o.day ?? (i % 28) + 1;
  return plainMessage({ date: dateAt(day, o.zone), body: `Message ${i}\r\n` })
    .replace(
      'Message-ID: <20170505180000.12345@example.fr>',
      `Message-ID: <m${i}@example.fr>${o.inReplyTo ? `\r\nIn-Reply-To: <${o.inReplyTo}>` : ''}`,
    )
    .replace(
      /Fri, 5 May 2017 20:00:0(\d) \+0200/g,
      (_m, s: string) => `${dateAt(day, o.zone ?? '+0200').replace('10:00:00', `10:00:0${s}`)}`,
    );
}

/**
 * A dump whose truth is known (as test/verify/case.test.ts): signed messages of one domain, one in
 * an odd time zone, one altered after signing beside its untouched copy, an unsigned reply dated
 * before its parent (so `unsigned-from-signing-domain`, a case-wide flag, fires), a message with
 * no key; plus the real signed messages of the verify fixtures (mailauth, RFC 6376) with their keys.
 */
async function makeVerifyDump(dir: string): Promise<{ dump: string; keyFiles: string[] }> {
  const key = rsaKey(2048);
  const dump = join(dir, 'dump');
  mkdirSync(join(dump, 'generated'), { recursive: true });
  const signed = (m: string) => sign(m, { domain: 'example.fr', selector: 's2017', key });
  for (let i = 0; i < 24; i++) writeFileSync(join(dump, 'generated', `m${i}.eml`), await signed(message(i)));
  writeFileSync(join(dump, 'generated', 'm30.eml'), await signed(message(30, { zone: '+0300', day: 3 })));
  const m31 = await signed(message(31, { day: 4 }));
  writeFileSync(join(dump, 'generated', 'm31.eml'), m31.replace('Message 31', 'Message 31 (falsifié)'));
  writeFileSync(join(dump, 'generated', 'm31-sent.eml'), m31.replace(/^Received: .*\r\n/m, ''));
  writeFileSync(join(dump, 'generated', 'm32.eml'), message(32, { inReplyTo: 'm3@example.fr', day: 2 }));
  const other = rsaKey(1024);
  writeFileSync(
    join(dump, 'generated', 'm33.eml'),
    await sign(message(33, { day: 6 }), { domain: 'example.fr', selector: 'gone', key: other }),
  );
  const real = join(dump, 'real');
  mkdirSync(real);
  for (const f of readdirSync(join(FIXTURES, 'mailauth/real')).filter((n) => n.endsWith('.eml')))
    copyFileSync(join(FIXTURES, 'mailauth/real', f), join(real, f));
  for (const f of readdirSync(join(FIXTURES, 'rfc6376')).filter((n) => n.endsWith('.eml')))
    copyFileSync(join(FIXTURES, 'rfc6376', f), join(real, f));
  return { dump, keyFiles: writeKeyArchive(dir, key) };
}

/** What verify wrote, in an order both engines agree on. */
async function verifyRows(db: SqlDb) {
  const verdicts = await db.all(
    `SELECT item_id, verdict, reason, signing_domains, signatures_json, arc_json, as_of FROM verdicts ORDER BY item_id`,
  );
  const flags = await db.all(
    `SELECT id, item_id, kind, severity, message, evidence_json FROM flags WHERE stage = 'verify' ORDER BY id`,
  );
  const failures = await db.all(
    `SELECT id, provenance, reason, message FROM failures WHERE stage = 'verify' ORDER BY id`,
  );
  return { verdicts, flags, failures };
}

async function laptopTruth(t: Parameters<typeof tempDir>[0], dump: string, keyFiles: string[]) {
  const store = Store.open(join(tempDir(t), 'case'));
  try {
    await ingestPaths(store, [dump], { workers: 0, silent: true });
    addKeyFiles(store, keyFiles);
    await verifyCase(store, { silent: true });
    return await verifyRows(new SqliteDb(store.db));
  } finally {
    store.close();
  }
}

describe('team verify on PostgreSQL + Redis', { skip, concurrency: false }, () => {
  const cases: { name: string; workers: number; kill: boolean }[] = [
    {
      name: '1 worker process gives exactly the verdicts and flags of the laptop case',
      workers: 1,
      kill: false,
    },
    { name: '2 worker processes give exactly the same', workers: 2, kill: false },
    {
      name: 'a worker SIGKILLed in the middle of the verify jobs, then restarted, leaves the same result',
      workers: 1,
      kill: true,
    },
  ];
  for (const c of cases)
    test(c.name, async (t) => {
      const dir = tempDir(t);
      const { dump, keyFiles } = await makeVerifyDump(dir);
      const truth = await laptopTruth(t, dump, keyFiles);
      // The truth holds what the team run must reproduce, including a case-wide flag.
      assert.ok(truth.verdicts.length >= 40, `only ${truth.verdicts.length} verdicts`);
      const kinds = new Set(truth.flags.map((f) => (f as { kind: string }).kind));
      for (const k of ['unsigned-from-signing-domain', 'timezone-inconsistent', 'reply-before-parent'])
        assert.ok(kinds.has(k), `laptop truth lacks ${k}`);
      const verdicts = new Set(truth.verdicts.map((v) => (v as { verdict: string }).verdict));
      for (const v of ['verified', 'body-altered', 'unsigned', 'key-unavailable'])
        assert.ok(verdicts.has(v), `laptop truth lacks ${v}`);

      const { store, caseName } = await sqlTeamCase(t, 'stagejobs_');
      const blobs = join(dir, 'team-blobs');
      await enqueueInputs(store, [dump], { queueUrl: TEST_QUEUE_URL, caseName });
      const added = await addKeyFilesDb(store.db, keyFiles);
      assert.deepEqual(
        added.map((a) => a.keys),
        [1, 1, 1, 1],
      );
      const runId = await enqueueVerify(store, { queueUrl: TEST_QUEUE_URL, caseName, batchSize: BATCH });
      let workers = Array.from({ length: c.workers }, () => spawnWorker(caseName, blobs));
      try {
        if (c.kill) {
          // Kill once some batches are done and others are not: the rest is taken over.
          await waitUntil(async () => {
            const v = await verifyTally(store, runId);
            return v.done >= 2;
          }, 240_000);
          const before = await verifyTally(store, runId);
          assert.ok(before.done < before.batches, 'the kill must land before the run ends');
          await Promise.all(workers.map((w) => stopWorker(w, 'SIGKILL')));
          workers = [spawnWorker(caseName, blobs)];
        }
        const tally = await waitForVerify(store, runId, { timeoutMs: 240_000 });
        assert.equal(tally.failed, 0);
        assert.equal(tally.done, tally.batches);
        assert.equal(tally.batches, Math.ceil(truth.verdicts.length / BATCH));
      } finally {
        await Promise.all(workers.map((w) => stopWorker(w)));
      }
      const team = await verifyRows(store.db);
      assert.deepEqual(team.verdicts, truth.verdicts);
      assert.deepEqual(team.flags, truth.flags);
      assert.deepEqual(team.failures, truth.failures);
      // The run's summary, as the laptop run records it.
      const counts: Record<string, number> = {};
      for (const v of truth.verdicts as { verdict: string }[])
        counts[v.verdict] = (counts[v.verdict] ?? 0) + 1;
      const last = JSON.parse((await store.getMeta('verify:lastRun')) ?? '{}');
      assert.equal(last.messages, truth.verdicts.length);
      assert.deepEqual(
        Object.fromEntries(Object.entries(last.counts as Record<string, number>).filter(([, n]) => n > 0)),
        counts,
      );
    });

  test('Redis restarted empty mid-run: the workers resume the verify run and the triage waiting for it from the database', {
    skip: privateRedisSkipReason(),
  }, async (t) => {
    const dir = tempDir(t);
    const { dump, keyFiles } = await makeVerifyDump(dir);
    const truth = await laptopTruth(t, dump, keyFiles);
    const { store, caseName } = await sqlTeamCase(t, 'stagejobs_');
    const port = 20000 + Math.floor(Math.random() * 20000);
    const queueUrl = `redis://127.0.0.1:${port}`;
    let redis = await startPrivateRedis(port);
    t.after(() => stopWorker(redis, 'SIGKILL'));
    const blobs = join(dir, 'team-blobs');
    await addKeyFilesDb(store.db, keyFiles);
    await enqueueInputs(store, [dump], { queueUrl, caseName });
    // One e-mail per batch: the run is dozens of jobs, so Redis dies with most of them queued.
    const runId = await enqueueVerify(store, { queueUrl, caseName, batchSize: 1 });
    const triageRun = await enqueueTriage(store, { queueUrl, caseName });
    const workers = [spawnWorker(caseName, blobs, 2, queueUrl)];
    try {
      await waitUntil(async () => (await verifyTally(store, runId)).done >= 2, 240_000);
      await stopWorker(redis, 'SIGKILL'); // every job of both runs is lost with it (no persistence)
      const atCrash = await verifyTally(store, runId);
      assert.ok(atCrash.queued > 0, `Redis died with batches still queued: ${JSON.stringify(atCrash)}`);
      assert.equal((await tally(store)).waiting, 0, 'the ingest was over: only stage jobs were lost');
      redis = await startPrivateRedis(port);
      // Nobody enqueues anything: the worker sees the empty queue and resumes both runs itself.
      const end = await waitForVerify(store, runId, { timeoutMs: 240_000 });
      assert.equal(end.failed, 0);
      assert.equal(end.done, end.batches);
      assert.equal(end.batches, truth.verdicts.length);
      const tri = await waitForTriage(store, triageRun, { timeoutMs: 240_000 });
      assert.equal(tri.state, 'done', tri.error);
    } finally {
      await Promise.all(workers.map((w) => stopWorker(w)));
    }
    assert.equal((await readTeamVerify(store))?.state, 'done');
    assert.equal((await readTeamTriage(store))?.state, 'done');
    assert.equal((await waitForInputs(store)).failed, 0);
    const team = await verifyRows(store.db);
    assert.deepEqual(team.verdicts, truth.verdicts);
    assert.deepEqual(team.flags, truth.flags);
    assert.deepEqual(team.failures, truth.failures);
  });

  test('from the command line: keys add, ingest --wait runs verify and metadata as jobs, verify --wait again', async (t) => {
    const dir = tempDir(t);
    const { dump, keyFiles } = await makeVerifyDump(dir);
    const truth = await laptopTruth(t, dump, keyFiles);
    const counts: Record<string, number> = {};
    for (const v of truth.verdicts as { verdict: string }[]) counts[v.verdict] = (counts[v.verdict] ?? 0) + 1;
    const { store, caseName } = await sqlTeamCase(t, 'stagejobs_');
    const team = ['--database', TEST_DATABASE_URL, '--case-name', caseName];
    const cli = (...args: string[]) => {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/leaklens.js'), ...args], {
        encoding: 'utf8',
        timeout: 300_000,
        env: { ...process.env, LEAKLENS_PROGRESS: '0' },
      });
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    const added = JSON.parse(cli('keys', 'add', ...keyFiles, ...team, '--json')) as { keys: number }[];
    assert.deepEqual(
      added.map((a) => a.keys),
      [1, 1, 1, 1],
    );
    const worker = spawnWorker(caseName, join(dir, 'team-blobs'));
    try {
      const ingested = JSON.parse(
        cli('ingest', dump, ...team, '--queue', TEST_QUEUE_URL, '--wait', '--json'),
      );
      const nonZero = (c: Record<string, number>) =>
        Object.fromEntries(Object.entries(c).filter(([, n]) => n > 0));
      assert.deepEqual(nonZero(ingested.stages.verify.counts), counts);
      assert.equal(ingested.stages.verify.flags, truth.flags.length);
      assert.equal(ingested.stages.metadata.waited.state, 'done');
      const again = JSON.parse(cli('verify', ...team, '--queue', TEST_QUEUE_URL, '--wait', '--json'));
      assert.deepEqual(nonZero(again.counts), counts);
      assert.equal(again.waited.failed, 0);
    } finally {
      await stopWorker(worker);
    }
    const rows = await verifyRows(store.db);
    assert.deepEqual(rows.verdicts, truth.verdicts);
    assert.deepEqual(rows.flags, truth.flags);
  });
});
