import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import type { CaseStore } from '../../src/case/case-store.js';
import { caseSchema, openCaseStore } from '../../src/case/open.js';
import { PgDb } from '../../src/case/pg-db.js';
import { SocialDb } from '../../src/social/db.js';
import { importPosts } from '../../src/social/import/index.js';
import { Store } from '../../src/store/store.js';
import { campaignDir, campaignFile } from '../../src/team/campaign-files.js';
import { campaignQueueName, enqueueCampaignJob, waitForCampaignJob } from '../../src/team/campaign-queue.js';
import { queueName } from '../../src/team/queue.js';
import { createApp } from '../../src/web/server.js';
import { tempDir } from '../helpers.js';
import { startServe } from '../web/serve-process.js';
import {
  spawnWorker,
  stopWorker,
  TEST_DATABASE_URL,
  TEST_QUEUE_URL,
  teamSkipReason,
  workerArgs,
} from './services.js';

/**
 * The campaign side of a team case against real PostgreSQL and Redis (no mocks): `leaklens worker`
 * processes import and analyse into the shared DuckDB file; team server processes answer what the
 * laptop workbench answers on the same posts.
 */
const skip = await teamSkipReason();
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOCIAL = fileURLToPath(new URL('../fixtures/social/', import.meta.url));

/** Every importer's sample (with its deliberately broken rows) and CooRTweet's 35,125 retweets. */
const INPUTS = [join(SOCIAL, 'samples'), join(SOCIAL, 'russian_coord_tweets.csv')];

/** A team case of this suite's own (schema and queues `campteam_…`), dropped when the test ends. */
async function campteamCase(t: { after: (fn: () => Promise<void>) => void }): Promise<{
  store: CaseStore;
  caseName: string;
}> {
  const caseName = `campteam_${randomBytes(5).toString('hex')}`;
  const store = await openCaseStore({ databaseUrl: TEST_DATABASE_URL, caseName });
  t.after(async () => {
    await store.close();
    const db = await PgDb.connect(TEST_DATABASE_URL, caseSchema(caseName));
    await db.dropSchema();
    await db.close();
    for (const name of [queueName(caseName), campaignQueueName(caseName)]) {
      const q = new Queue(name, { connection: { host: '127.0.0.1', port: 6379 } });
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close();
    }
  });
  return { store, caseName };
}

/** Runs the leaklens CLI as its own process; resolves with its exit status and output. */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(ROOT, 'bin/leaklens.js'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LEAKLENS_PROGRESS: '0' },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    p.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `campaign import` of the inputs into a team case, waiting for its job. */
const teamImport = (caseName: string, blobs: string) =>
  cli(['campaign', 'import', ...INPUTS, ...workerArgs(caseName, blobs), '--wait', '--json']);

/** The laptop workbench over a laptop case holding the same posts: the answers to match. */
async function laptopAnswers(t: Parameters<typeof tempDir>[0], paths: string[]) {
  const dir = join(tempDir(t), 'case');
  const store = Store.open(dir);
  await importPosts(dir, INPUTS);
  const { app } = createApp({ store });
  const out: Record<string, unknown> = {};
  for (const p of paths) {
    const res = await app.request(p);
    out[p] = { status: res.status, body: await res.json() };
  }
  store.close();
  return out;
}

async function answers(base: string, paths: string[]) {
  const out: Record<string, unknown> = {};
  for (const p of paths) {
    const res = await fetch(`${base}${p}`);
    out[p] = { status: res.status, body: await res.json() };
  }
  return out;
}

/** The rows of every table of a posts file, sorted, as text (what "the same tables" means). */
async function tables(dir: string): Promise<Record<string, string[]>> {
  const db = await SocialDb.open(dir, { create: false, readOnly: true });
  try {
    const out: Record<string, string[]> = {};
    for (const tb of ['posts', 'accounts', 'shares', 'media', 'import_failures'])
      out[tb] = (await db.all(`SELECT * FROM ${tb}`)).map((r) => JSON.stringify(r)).sort();
    return out;
  } finally {
    db.close();
  }
}

const PATHS = [
  '/api/campaign',
  '/api/campaign/network',
  '/api/posts?limit=1000',
  '/api/posts?hashtag=macronleaks',
  '/api/posts?group=1',
  '/api/posts?coordinated=1&limit=50',
  '/api/posts?botLike=1&limit=50',
];

describe('campaign side of a team case on PostgreSQL + Redis', { skip, concurrency: false }, () => {
  test('a worker imports and analyses; two team server processes answer what the laptop workbench answers', async (t) => {
    const dir = tempDir(t);
    const blobs = join(dir, 'team-blobs');
    mkdirSync(blobs);
    const { store, caseName } = await campteamCase(t);
    const worker = spawnWorker(caseName, blobs);
    let servers: Awaited<ReturnType<typeof startServe>>[] = [];
    try {
      const imp = await teamImport(caseName, blobs);
      assert.equal(imp.status, 0, imp.stderr);
      const out = JSON.parse(imp.stdout);
      assert.ok(out.result.postsAdded > 35_000, `posts added: ${out.result.postsAdded}`);
      // Inputs were copied into the shared storage, not read from where the user had them.
      for (const f of out.files as string[]) assert.ok(f.startsWith(campaignDir(blobs, caseName)), f);
      // The samples' broken rows are the case's failures, as `leaklens errors` lists them.
      const failures = await store.failures({ stage: 'campaign-import' });
      assert.equal(failures.length, out.result.failures.length + out.result.warnings.length);
      assert.ok(failures.length > 0);

      const serve = ['--database', TEST_DATABASE_URL, '--case-name', caseName, '--blobs', blobs];
      servers = await Promise.all([startServe(serve), startServe(serve)]);
      const truth = await laptopAnswers(t, PATHS);
      for (const s of servers) assert.deepEqual(await answers(s.base, PATHS), truth);
      const a = (truth['/api/campaign'] as { body: { available: boolean; posts: number } }).body;
      assert.equal(a.available, true);
      assert.equal(a.posts, out.result.totalPosts);

      // A job writes while both servers hold the file open: it publishes a new file beside them.
      const an = await cli([
        'campaign',
        'analyze',
        ...workerArgs(caseName, blobs),
        '--hashtag',
        'macronleaks',
        '--wait',
        '--json',
      ]);
      assert.equal(an.status, 0, an.stderr);
      assert.equal(JSON.parse(an.stdout).filter.hashtag, 'macronleaks');
      for (const s of servers)
        assert.deepEqual(await answers(s.base, ['/api/campaign']), {
          '/api/campaign': truth['/api/campaign'],
        });
      const st = await cli(['campaign', 'status', ...workerArgs(caseName, blobs), '--json']);
      const status = JSON.parse(st.stdout);
      assert.equal(status.published.posts, out.result.totalPosts);
      assert.deepEqual(
        status.jobs.map((j: { kind: string; state: string }) => `${j.kind} ${j.state}`).sort(),
        ['analyze completed', 'import completed'],
      );
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await stopWorker(worker);
    }
  });

  test('a worker SIGKILLed during the import job, then restarted, ends with the same tables; importing again doubles nothing', async (t) => {
    const dir = tempDir(t);
    const blobs = join(dir, 'team-blobs');
    mkdirSync(blobs);
    const { caseName } = await campteamCase(t);
    const laptop = join(dir, 'laptop');
    await importPosts(laptop, INPUTS);
    const truth = await tables(laptop);

    const imp = await cli(['campaign', 'import', ...INPUTS, ...workerArgs(caseName, blobs), '--json']);
    assert.equal(imp.status, 0, imp.stderr);
    const id = JSON.parse(imp.stdout).job as string;
    const first = spawnWorker(caseName, blobs);
    // Killed once the job is under way (its work folder exists), wherever it is in it.
    const cdir = campaignDir(blobs, caseName);
    for (;;) {
      if (existsSync(cdir) && readdirSync(cdir).some((n) => n.startsWith('.job-'))) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await stopWorker(first, 'SIGKILL');
    const second = spawnWorker(caseName, blobs);
    try {
      await waitForCampaignJob(TEST_QUEUE_URL, caseName, id);
      assert.deepEqual(await tables(cdir), truth);
      // The same files again: a second job, nothing added.
      const again = await teamImport(caseName, blobs);
      assert.equal(again.status, 0, again.stderr);
      assert.equal(JSON.parse(again.stdout).result.postsAdded, 0);
      assert.deepEqual(await tables(cdir), truth);
    } finally {
      await stopWorker(second);
    }
    // No work folder is left behind.
    assert.deepEqual(
      readdirSync(cdir).filter((n) => n.startsWith('.job-')),
      [],
    );
  });

  test('a job that keeps failing ends as a failure record with its reason, shown by errors and campaign status', async (t) => {
    const dir = tempDir(t);
    const blobs = join(dir, 'team-blobs');
    const { store, caseName } = await campteamCase(t);
    // A campaign file that is not a DuckDB database (a disk error, a bad copy): no attempt can open it.
    mkdirSync(campaignDir(blobs, caseName), { recursive: true });
    writeFileSync(campaignFile(campaignDir(blobs, caseName)), Buffer.alloc(64 * 1024, 7));
    const id = await enqueueCampaignJob(
      { kind: 'analyze', options: {} },
      { queueUrl: TEST_QUEUE_URL, caseName, attempts: 2, backoffMs: 50 },
    );
    const worker = spawnWorker(caseName, blobs);
    try {
      await assert.rejects(waitForCampaignJob(TEST_QUEUE_URL, caseName, id), /failed after 2 attempt\(s\)/);
      let recorded = await store.failures({ stage: 'campaign-analyze' });
      for (let i = 0; !recorded.length && i < 200; i++) {
        await new Promise((r) => setTimeout(r, 50)); // the worker writes it right after BullMQ's 'failed'
        recorded = await store.failures({ stage: 'campaign-analyze' });
      }
      assert.equal(recorded.length, 1);
      assert.match(recorded[0]?.message ?? '', /campaign analysis not done after 2 attempt\(s\)/);
      assert.equal(recorded[0]?.provenance, `campaign job ${id}`);
    } finally {
      await stopWorker(worker);
    }
    const errors = await cli(['errors', '--database', TEST_DATABASE_URL, '--case-name', caseName]);
    assert.match(errors.stdout, new RegExp(`campaign job ${id}`));
    const st = await cli(['campaign', 'status', ...workerArgs(caseName, blobs), '--json']);
    const job = JSON.parse(st.stdout).jobs.find((j: { id: string }) => j.id === id);
    assert.equal(job.state, 'failed');
    assert.ok(job.failedReason.length > 0);
  });
});
