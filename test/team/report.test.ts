import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { caseSchema } from '../../src/case/open.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { runStages } from '../../src/pipeline/all-stages.js';
import { Store } from '../../src/store/store.js';
import { enqueueInputs } from '../../src/team/enqueue.js';
import { enqueueMetadata, waitForMetadata } from '../../src/team/metadata-job.js';
import { enqueueTriage, waitForTriage } from '../../src/team/triage-job.js';
import { enqueueVerify, waitForVerify } from '../../src/team/verify-jobs.js';
import { waitForInputs } from '../../src/team/wait.js';
import { addKeyFiles, addKeyFilesDb } from '../../src/verify/key-archive.js';
import { runCli } from '../cli/run.js';
import { OUTSIDER } from '../documents/gen/dump.js';
import { makePagesDump } from './pages-dump.js';
import {
  spawnWorker,
  stopWorker,
  TEST_DATABASE_URL,
  TEST_QUEUE_URL,
  teamCase,
  teamSkipReason,
  workerArgs,
} from './services.js';

/**
 * The report and the command-line readers on a team case (issue #15): the same dump ingested into
 * a laptop case (SQLite) and, by a `leaklens worker` process, into a team case (PostgreSQL + shared
 * blobs); then `leaklens report` writes the same HTML for both (but for the line naming the case)
 * and `overview`, `suspects`, `people` and `graph` print the same JSON, text and GEXF: before any
 * analysis, and after the team's own verify, metadata and triage jobs. Real PostgreSQL and Redis.
 */
const skip = await teamSkipReason();
/** Every importer's sample of posts (test/team/campaign.test.ts imports them too). */
const SAMPLES = fileURLToPath(new URL('../fixtures/social/samples', import.meta.url));

/** The one line where the two reports may differ: when and from which case they were made. */
const CASE_LINE = /<p class="muted">Generated [^<]* from the case <code>[^<]*<\/code>\./;

/** The report cut at its chapter headings, so a difference names its chapter. */
function chapters(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of html.split(/(?=<h2 id=")/))
    out.set(/^<h2 id="([^"]+)"/.exec(part)?.[1] ?? '(head)', part);
  return out;
}

/** Where two texts first differ, with some context on each side: a readable failure message. */
function firstDifference(what: string, a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const at = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 160), i + 160));
  return `${what}: differs at character ${i}\nlaptop: ${at(a)}\nteam:   ${at(b)}`;
}

/** The same chapters in both reports, each equal (but those in `except`). */
function sameChapters(what: string, a: Map<string, string>, b: Map<string, string>, except: string[] = []) {
  assert.deepEqual([...b.keys()], [...a.keys()], `${what}: the chapters`);
  for (const [name, html] of a) {
    if (except.includes(name)) continue;
    const other = b.get(name) ?? '';
    if (other !== html) assert.fail(firstDifference(`${what}: chapter ${name}`, html, other));
  }
}

/** Each command as the test runs it on both cases (the case options are added per case). */
const COMMANDS: string[][] = [
  ['overview', '--json'],
  ['overview'],
  ['suspects', '--json'],
  ['suspects', '--json', '--limit', '3'],
  ['suspects'],
  ['people', '--json'],
  ['people', '--json', '--flagged'],
  ['people'],
  ['people', '--named', '--json'],
  ['people', '--named', '--type', 'PER', '--json'],
  ['people', '--passages', OUTSIDER, '--json'],
  ['graph', '--json'],
  ['graph', '--json', '--limit', '3'],
  ['graph', 'paul', '--json'],
  ['graph', 'EXAMPLE.FR', '--json'],
  ['graph'],
  ['graph', '--format', 'gexf'],
];

describe('the report and the command-line readers on a team case', { skip, concurrency: false }, () => {
  let dir: string;
  let laptopDir: string;
  let laptop: Store;
  let team: SqlCaseStore;
  let caseName: string;
  let blobs: string;
  let worker: ChildProcess | undefined;
  const cleanups: (() => Promise<void>)[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'll-trep-'));
    const made = await makePagesDump(dir);
    laptopDir = join(dir, 'laptop');
    laptop = Store.open(laptopDir);
    await ingestPaths(laptop, [made.dump], { workers: 0, silent: true });
    addKeyFiles(laptop, made.keyFiles);
    laptop.close();

    const t = await teamCase({ after: (fn) => cleanups.push(fn) }, 'trep_');
    team = t.store as SqlCaseStore;
    caseName = t.caseName;
    blobs = join(dir, 'team-blobs');
    await addKeyFilesDb(team.db, made.keyFiles);
    await enqueueInputs(team, [made.dump], { queueUrl: TEST_QUEUE_URL, caseName });
    worker = spawnWorker(caseName, blobs);
    const tally = await waitForInputs(team, { timeoutMs: 240_000 });
    assert.equal(tally.waiting, 0);
  });

  after(async () => {
    if (worker) await stopWorker(worker);
    for (const c of cleanups) await c();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const onLaptop = (args: string[]) => runCli(...args, '--case', laptopDir);
  const onTeam = (args: string[]) =>
    runCli(...args, '--database', TEST_DATABASE_URL, '--case-name', caseName, '--blobs', blobs);
  const onTeamDb = (args: string[]) =>
    runCli(...args, '--database', TEST_DATABASE_URL, '--case-name', caseName);

  /** Both reports, written by the command; equal chapter by chapter, and whole but for the case line. */
  async function sameReport(phase: string): Promise<string> {
    const a = join(dir, `${phase}-laptop.html`);
    const b = join(dir, `${phase}-team.html`);
    const ra = await onLaptop(['report', '--out', a]);
    assert.equal(ra.code, 0, ra.err);
    const rb = await onTeam(['report', '--out', b, '--json']);
    assert.equal(rb.code, 0, rb.err);
    assert.equal((JSON.parse(rb.out) as { html: string }).html, b);
    const [la, lb] = [readFileSync(a, 'utf8'), readFileSync(b, 'utf8')];
    assert.match(la, CASE_LINE);
    assert.ok(CASE_LINE.exec(lb)?.[0].includes(caseName), 'the team report names its case');
    const [ca, cb] = [chapters(la.replace(CASE_LINE, '')), chapters(lb.replace(CASE_LINE, ''))];
    sameChapters(phase, ca, cb);
    assert.ok(lb.replace(CASE_LINE, '') === la.replace(CASE_LINE, ''), `${phase}: the whole report`);
    return la;
  }

  /** Every command on both cases: same exit code, same output (JSON compared as values). */
  async function sameCommands(phase: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const args of COMMANDS) {
      const [a, b] = [await onLaptop(args), await onTeamDb(args)];
      const what = `${phase}: ${args.join(' ')}`;
      assert.equal(b.code, a.code, `${what}: exit ${b.code} (${b.err}), laptop ${a.code} (${a.err})`);
      if (a.code !== 0) {
        assert.doesNotMatch(b.err, /\n\s+at /, `${what}: a user error, not a stack trace`);
        continue;
      }
      if (args.includes('--json')) assert.deepEqual(JSON.parse(b.out), JSON.parse(a.out), what);
      if (b.out !== a.out) assert.fail(firstDifference(what, a.out, b.out));
      out.set(args.join(' '), a.out);
    }
    return out;
  }

  it('before any analysis: the same report and the same command output', async () => {
    const html = await sameReport('ingested');
    assert.match(html, /have not been verified in this case/);
    const got = await sameCommands('ingested');
    const ov = JSON.parse(got.get('overview --json') ?? '{}') as { totals: { emails: number } };
    assert.ok(ov.totals.emails >= 20, `${ov.totals.emails} e-mails`);
    assert.equal(got.has('graph --json'), false, 'no graph before triage: an error on both');
    const g = await onTeamDb(['graph', '--json']);
    assert.match(g.err, new RegExp(`no communication graph in case "${caseName}"`));
  });

  it('after the team verify, metadata and triage jobs: every chapter and every command agree', async () => {
    await (async () => {
      const s = Store.open(laptopDir);
      try {
        await runStages(s, { only: ['verify', 'metadata', 'triage'], silent: true });
      } finally {
        s.close();
      }
    })();
    const v = await enqueueVerify(team, { queueUrl: TEST_QUEUE_URL, caseName });
    assert.equal((await waitForVerify(team, v, { timeoutMs: 240_000 })).failed, 0);
    const m = await enqueueMetadata(team, { queueUrl: TEST_QUEUE_URL, caseName });
    assert.equal((await waitForMetadata(team, m, { timeoutMs: 240_000 })).state, 'done');
    const tr = await enqueueTriage(team, { queueUrl: TEST_QUEUE_URL, caseName });
    const triaged = await waitForTriage(team, tr, { timeoutMs: 240_000 });
    assert.equal(triaged.state, 'done', triaged.error);

    const html = await sameReport('analysed');
    // The chapters hold findings, not only their "not yet" notes.
    for (const finding of ['body-altered', 'Header forensics', 'Who last edited the documents', OUTSIDER])
      assert.ok(html.includes(finding.replace(/"/g, '&#34;')), `the report shows ${finding}`);
    assert.match(html, /By type: /);
    assert.match(html, /<a class="ref" href="#ref-1">\[1\]<\/a>/, 'items are cited');
    assert.match(html, /No social-media posts were imported in this case/);

    const got = await sameCommands('analysed');
    const g = JSON.parse(got.get('graph --json') ?? '{}') as { edges: unknown[] };
    assert.ok(g.edges.length > 2, 'the graph has edges');
    assert.match(got.get('graph --format gexf') ?? '', /<gexf version="1\.3"/);
    const s = JSON.parse(got.get('suspects --json') ?? '{}') as { total: number };
    assert.ok(s.total >= 3, `${s.total} suspects`);
    const ov = JSON.parse(got.get('overview --json') ?? '{}') as {
      byType: unknown[];
      outliers: { sample: string[] }[];
    };
    assert.ok(ov.byType.length > 0 && ov.outliers.some((o) => o.sample.length > 1));
    const people = JSON.parse(got.get('people --json --flagged') ?? '{}') as { people: { name: string }[] };
    assert.ok(people.people.some((p) => p.name === OUTSIDER));
  });

  it('with posts imported (a campaign job on the team case): the amplification and trail chapters agree', async () => {
    // The command, not the library: it also lists the broken rows among the case's failures, as
    // the team's campaign job does.
    const lap = await runCli('campaign', 'import', SAMPLES, '--case', laptopDir, '--json');
    assert.equal(lap.code, 0, lap.err);
    const imp = await runCli(
      'campaign',
      'import',
      SAMPLES,
      ...workerArgs(caseName, blobs),
      '--wait',
      '--json',
    );
    assert.equal(imp.code, 0, imp.err);
    const a = join(dir, 'posts-laptop.html');
    const b = join(dir, 'posts-team.html');
    assert.equal((await onLaptop(['report', '--out', a])).code, 0);
    assert.equal((await onTeam(['report', '--out', b])).code, 0);
    const [ca, cb] = [
      chapters(readFileSync(a, 'utf8').replace(CASE_LINE, '')),
      chapters(readFileSync(b, 'utf8').replace(CASE_LINE, '')),
    ];
    const amplification = ca.get('amplification') ?? '';
    assert.match(amplification, /<h3>Most active accounts<\/h3>/, 'the laptop chapter measures the posts');
    // The trail the import job stored equals the one the laptop computes (test/team/trail.test.ts
    // compares a trail with findings; these posts quote nothing of this dump).
    assert.match(ca.get('trail') ?? '', /No imported post showed, quoted or linked an item of the dump/);
    sameChapters('posts', ca, cb);
    // Without the blob directory the report does not claim there are no posts.
    const c = join(dir, 'posts-team-no-blobs.html');
    assert.equal((await onTeamDb(['report', '--out', c])).code, 0);
    assert.match(
      readFileSync(c, 'utf8'),
      /The amplification is not measured here: the posts of a team case are in its shared blob directory; give report --blobs DIR/,
    );
  });

  it('a team case that cannot be read is a user error naming the reason, and no case is created', async () => {
    const unreachable = await runCli(
      'overview',
      '--database',
      'postgres://root:secret@127.0.0.1:1/test',
      '--case-name',
      caseName,
    );
    assert.equal(unreachable.code, 2);
    assert.match(
      unreachable.err,
      /cannot reach the case database postgres:\/\/root:\*\*\*@127\.0\.0\.1:1\/test/,
    );
    assert.doesNotMatch(unreachable.err, /secret|\n\s+at /);
    const name = `${caseName}_absent`;
    for (const cmd of [['report'], ['suspects'], ['people'], ['graph'], ['overview', '--json']]) {
      const r = await runCli(...cmd, '--database', TEST_DATABASE_URL, '--case-name', name);
      assert.equal(r.code, 2, `${cmd[0]}: ${r.err}`);
      assert.match(r.err, new RegExp(`no case "${name}"`), cmd[0]);
      assert.doesNotMatch(r.err, /\n\s+at /);
    }
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      const r = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [caseSchema(name)]);
      assert.equal(r.rowCount, 0, 'reading an unknown case does not create it');
    } finally {
      await client.end();
    }
    const noBlobs = await runCli('report', '--blobs', dir, '--case', laptopDir);
    assert.equal(noBlobs.code, 2);
    assert.match(noBlobs.err, /--blobs is for a team case/);
  });
});
