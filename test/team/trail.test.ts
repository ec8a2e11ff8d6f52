import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { Store } from '../../src/store/store.js';
import { campaignDir } from '../../src/team/campaign-files.js';
import { CampaignReader } from '../../src/team/campaign-reader.js';
import { enqueueInputs } from '../../src/team/enqueue.js';
import { waitForInputs } from '../../src/team/wait.js';
import { createApp, createTeamApp } from '../../src/web/server.js';
import { runCli } from '../cli/run.js';
import { plantTrail } from '../trail/planted-trail.js';
import {
  spawnWorker,
  stopWorker,
  TEST_DATABASE_URL,
  TEST_QUEUE_URL,
  teamCase,
  teamSkipReason,
} from './services.js';

/**
 * The trail on a team case (issues #15 and #14): the planted leak path of test/trail (a dump of
 * e-mails, a note and a PNG; 4chan, X and Telegram posts that attach, quote and link them)
 * ingested into a laptop case and, by a `leaklens worker` process, into a team case, its posts
 * imported by a campaign job. The team's `leaklens trail --json`, the report's trail chapter and
 * the workbench's `/api/trail` and `/api/items/:id/trail` equal the laptop's. Real PostgreSQL and
 * Redis.
 */
const skip = await teamSkipReason();

/** The one line where the two reports may differ: when and from which case they were made. */
const CASE_LINE = /<p class="muted">Generated [^<]* from the case <code>[^<]*<\/code>\./;

/** A chapter of a report (from its heading to the next one). */
function chapter(html: string, id: string): string {
  const part = html.split(/(?=<h2 id=")/).find((p) => p.startsWith(`<h2 id="${id}"`));
  assert.ok(part, `chapter ${id}`);
  return part;
}

const HOST = '127.0.0.1:8765';

describe('the trail on a team case', { skip, concurrency: false }, () => {
  let dir: string;
  let laptopDir: string;
  let team: SqlCaseStore;
  let caseName: string;
  let blobs: string;
  let posts: string;
  let worker: ChildProcess | undefined;
  const cleanups: (() => Promise<void>)[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'll-ttrail-'));
    const planted = await plantTrail(dir);
    laptopDir = planted.dir;
    const t = await teamCase({ after: (fn) => cleanups.push(fn) }, 'tt_');
    team = t.store as SqlCaseStore;
    caseName = t.caseName;
    blobs = join(dir, 'team-blobs');
    await enqueueInputs(team, [join(dir, 'dump')], { queueUrl: TEST_QUEUE_URL, caseName });
    worker = spawnWorker(caseName, blobs);
    assert.equal((await waitForInputs(team, { timeoutMs: 240_000 })).waiting, 0);
    // The posts where the workers see them: a Telegram export's photos are read beside its
    // result.json, which a copy of the file alone would lose (docs/team.md).
    posts = join(blobs, 'posts-in');
    cpSync(join(dir, 'posts'), posts, { recursive: true });
  });

  after(async () => {
    if (worker) await stopWorker(worker);
    for (const c of cleanups) await c();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const onLaptop = (...args: string[]) => runCli('trail', ...args, '--case', laptopDir);
  const teamArgs = () => ['--database', TEST_DATABASE_URL, '--case-name', caseName];
  const onTeam = (...args: string[]) => runCli('trail', ...args, ...teamArgs(), '--blobs', blobs);
  const importTeam = (...files: string[]) =>
    runCli(
      'campaign',
      'import',
      ...files,
      ...teamArgs(),
      '--queue',
      TEST_QUEUE_URL,
      '--blobs',
      blobs,
      '--wait',
      '--json',
    );

  it('before any post: the team command says so, as the laptop command does for a dump alone', async () => {
    const r = await onTeam('--json');
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, new RegExp(`no posts imported in team case "${caseName}"`));
    assert.doesNotMatch(r.err, /\n\s+at /);
    const noBlobs = await runCli('trail', ...teamArgs());
    assert.equal(noBlobs.code, 2);
    assert.match(noBlobs.err, /give --blobs DIR/);
  });

  it('after a campaign import job: the same trail JSON and text as the laptop case', async () => {
    const imp = await importTeam(
      join(posts, 'thread.json'),
      join(posts, 'tweets.jsonl'),
      join(posts, 'tg-export', 'result.json'),
    );
    assert.equal(imp.code, 0, imp.err);
    const [a, b] = [await onLaptop('--json'), await onTeam('--json')];
    assert.equal(a.code, 0, a.err);
    assert.equal(b.code, 0, b.err);
    assert.equal(b.err, '', 'not out of date');
    const want = JSON.parse(a.out) as { items: { title: string; evidence: { kind: string }[] }[] };
    assert.deepEqual(JSON.parse(b.out), want);
    // The planted path is there (test/trail/trail.test.ts checks it in detail): file hashes,
    // the re-encoded JPEG (dHash of a dump blob read from the shared blob directory) and a quote.
    const kinds = new Set(want.items.flatMap((i) => i.evidence.map((e) => e.kind)));
    for (const k of ['md5', 'phash', 'quote', 'repost-of-quote']) assert.ok(kinds.has(k), k);
    const [ta, tb] = [await onLaptop(), await onTeam()];
    assert.equal(tb.code, 0, tb.err);
    assert.equal(tb.out, ta.out);
  });

  it("the report's trail chapter equals the laptop's", async () => {
    const a = join(dir, 'laptop.html');
    const b = join(dir, 'team.html');
    const ra = await runCli('report', '--out', a, '--case', laptopDir);
    assert.equal(ra.code, 0, ra.err);
    const rb = await runCli('report', '--out', b, ...teamArgs(), '--blobs', blobs);
    assert.equal(rb.code, 0, rb.err);
    const [la, lb] = [readFileSync(a, 'utf8'), readFileSync(b, 'utf8')].map((h) => h.replace(CASE_LINE, ''));
    const trail = chapter(la as string, 'trail');
    assert.match(trail, /<h3>Dump items that surfaced<\/h3>/);
    assert.match(trail, /<svg/, 'the lanes chart');
    assert.equal(chapter(lb as string, 'trail'), trail);
    // The items the chapter cites are numbered and listed alike.
    assert.equal(chapter(lb as string, 'references'), chapter(la as string, 'references'));
  });

  it('the team workbench answers /api/trail and every item page as the laptop workbench', async () => {
    const laptop = Store.open(laptopDir);
    const reader = new CampaignReader(campaignDir(blobs, caseName));
    try {
      const { app: lap } = createApp({ store: laptop, allowedHosts: [HOST] });
      const { app: tm } = createTeamApp(team.db, { allowedHosts: [HOST], campaign: reader, caseName });
      const get = async (app: typeof lap, path: string) => {
        const r = await app.request(path, { headers: { host: HOST } });
        assert.equal(r.status, 200, path);
        return r.json();
      };
      const want = (await get(lap, '/api/trail')) as { available: boolean; items: { itemId: string }[] };
      assert.equal(want.available, true);
      assert.deepEqual(await get(tm, '/api/trail'), want);
      assert.ok(want.items.length >= 3);
      for (const { itemId } of want.items) {
        const path = `/api/items/${itemId}/trail`;
        const w = (await get(lap, path)) as { posts: unknown[] };
        assert.ok(w.posts.length > 0, path);
        assert.deepEqual(await get(tm, path), w, path);
      }
      const none = '/api/items/e-no-such-item/trail';
      assert.deepEqual(await get(tm, none), await get(lap, none));
    } finally {
      await reader.shutdown();
      laptop.close();
    }
  });

  it('new posts: the import job computes the trail again; a trail job with options equals the laptop', async () => {
    const tweet = JSON.stringify({
      id_str: '861000000000000077',
      created_at: 'Fri May 05 20:00:00 +0000 2017',
      text: 'Encore: "nous avons recu les FACTURES du prestataire audiovisuel pour le meeting de Lyon"',
      user: { id_str: 'u-late', screen_name: 'late' },
      lang: 'fr',
      entities: { hashtags: [], urls: [], user_mentions: [] },
    });
    const more = join(blobs, 'posts-in', 'more.jsonl');
    writeFileSync(more, `${tweet}\n`);
    const lap = await runCli('campaign', 'import', more, '--case', laptopDir, '--json');
    assert.equal(lap.code, 0, lap.err);
    assert.equal((await importTeam(more)).code, 0);
    const [a, b] = [await onLaptop('--json'), await onTeam('--json')];
    assert.equal(b.err, '');
    assert.deepEqual(JSON.parse(b.out), JSON.parse(a.out));
    assert.match(a.out, /861000000000000077/);

    // Other options: computed by a trail job (--queue --wait), read back with --blobs.
    const job = await onTeam('--json', '--boilerplate-items', '1', '--queue', TEST_QUEUE_URL, '--wait');
    assert.equal(job.code, 0, job.err);
    const lapOpt = await onLaptop('--json', '--boilerplate-items', '1');
    assert.deepEqual(JSON.parse(job.out), JSON.parse(lapOpt.out));
    assert.equal((JSON.parse(job.out) as { stats: { boilerplateItems: number } }).stats.boilerplateItems, 1);
    // Reading it with other options than it was computed with is refused, not silently wrong.
    const other = await onTeam('--json', '--boilerplate-items', '2');
    assert.equal(other.code, 2);
    assert.match(other.err, /computed with --boilerplate-items 1: add --queue URL/);
    // The next import keeps the options of the last trail job.
    assert.equal((await importTeam(more)).code, 0);
    const again = await onTeam('--json', '--boilerplate-items', '1');
    assert.equal(again.code, 0, again.err);
    assert.deepEqual(JSON.parse(again.out), JSON.parse(lapOpt.out));
  });

  it('a dump that grew since: the stored trail is served with a note saying it is out of date', async () => {
    const extra = join(dir, 'dump-more');
    cpSync(join(dir, 'dump', 'mail-0.eml'), join(extra, 'late.eml'));
    writeFileSync(
      join(extra, 'late.eml'),
      readFileSync(join(extra, 'late.eml'), 'utf8').replace('Message-ID: <m0@', 'Message-ID: <late0@'),
    );
    await enqueueInputs(team, [extra], { queueUrl: TEST_QUEUE_URL, caseName });
    assert.equal((await waitForInputs(team, { timeoutMs: 240_000 })).waiting, 0);
    const r = await onTeam('--json', '--boilerplate-items', '1');
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.err,
      /out of date: the trail was computed from .* 7 dump items; the case now holds .* 8 dump items/,
    );
    const reader = new CampaignReader(campaignDir(blobs, caseName));
    try {
      const { app } = createTeamApp(team.db, { allowedHosts: [HOST], campaign: reader, caseName });
      const t = (await (await app.request('/api/trail', { headers: { host: HOST } })).json()) as {
        available: boolean;
        stale?: string;
      };
      assert.equal(t.available, true);
      assert.match(t.stale ?? '', /8 dump items/);
    } finally {
      await reader.shutdown();
    }
    // Computed again by a job, it is current.
    const job = await onTeam('--json', '--queue', TEST_QUEUE_URL, '--wait', '--boilerplate-items', '1');
    assert.equal(job.code, 0, job.err);
    assert.equal(job.err.includes('out of date'), false, job.err);
    assert.equal((JSON.parse(job.out) as { stats: { dumpItems: number } }).stats.dumpItems, 8);
  });
});
