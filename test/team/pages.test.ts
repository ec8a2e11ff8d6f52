import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuditLog } from '../../src/accounts/audit.js';
import { Users } from '../../src/accounts/users.js';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { caseFingerprintOf } from '../../src/case/overview-cache.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { stageRan } from '../../src/case/stage-ran.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { runStages } from '../../src/pipeline/all-stages.js';
import { Store } from '../../src/store/store.js';
import { enqueueInputs } from '../../src/team/enqueue.js';
import { enqueueMetadata, waitForMetadata } from '../../src/team/metadata-job.js';
import { enqueueTriage, waitForTriage } from '../../src/team/triage-job.js';
import { enqueueVerify, waitForVerify } from '../../src/team/verify-jobs.js';
import { waitForInputs } from '../../src/team/wait.js';
import { addKeyFiles, addKeyFilesDb } from '../../src/verify/key-archive.js';
import { OUTSIDER } from '../documents/gen/dump.js';
import { type Client, call, type ServerProcess, signIn, startServe } from '../web/serve-process.js';
import { makePagesDump } from './pages-dump.js';
import {
  spawnWorker,
  stopWorker,
  TEST_DATABASE_URL,
  TEST_QUEUE_URL,
  teamCase,
  teamSkipReason,
} from './services.js';

/**
 * The case pages of the workbench on a team case (issue #15): the same dump ingested into a
 * laptop case (SQLite) and, by a `leaklens worker` process, into a team case (PostgreSQL + shared
 * blobs); a laptop `serve` and a team `serve --database --blobs` then answer every case page
 * (overview and its charts, documents, people and a person, suspects, the graph and its GEXF) with
 * the same JSON, SVG and GEXF, to a reader account: before any analysis, after verify and metadata
 * (the team's jobs) but before triage, and after triage. Real PostgreSQL and Redis, no mocks.
 *
 * Triage on the team case is the team's triage job (src/team/triage-job.ts), run by the worker.
 */
const skip = await teamSkipReason();
const PW = 'correct horse battery';

const CHARTS = ['timeline', 'verdicts', 'senders', 'domains', 'doctypes', 'mimetypes'];

interface Answer {
  status: number;
  type: string;
  body: unknown;
}

async function answer(base: string, who: Client, path: string): Promise<Answer> {
  const r = await call(base, who, 'GET', path);
  const type = r.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await r.json() : await r.text();
  return { status: r.status, type, body };
}

describe('the case pages on a team server answer as on a laptop server', { skip, concurrency: false }, () => {
  let dir: string;
  let laptopDir: string;
  let laptop: Store;
  let team: SqlCaseStore;
  let caseName: string;
  let blobs: string;
  let keyFiles: string[];
  let worker: ChildProcess | undefined;
  const cleanups: (() => Promise<void>)[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'll-tpag-'));
    const made = await makePagesDump(dir);
    keyFiles = made.keyFiles;
    laptopDir = join(dir, 'laptop');
    laptop = Store.open(laptopDir);
    await ingestPaths(laptop, [made.dump], { workers: 0, silent: true });
    addKeyFiles(laptop, keyFiles);
    await new Users(new SqliteDb(laptop.db)).add('rita', PW, 'reader');
    await new Users(new SqliteDb(laptop.db)).add('ana', PW, 'editor');

    const t = await teamCase({ after: (fn) => cleanups.push(fn) }, 'tpag_');
    team = t.store as SqlCaseStore;
    caseName = t.caseName;
    blobs = join(dir, 'team-blobs');
    await addKeyFilesDb(team.db, keyFiles);
    await new Users(team.db).add('rita', PW, 'reader');
    await new Users(team.db).add('ana', PW, 'editor');
    await enqueueInputs(team, [made.dump], { queueUrl: TEST_QUEUE_URL, caseName });
    worker = spawnWorker(caseName, blobs);
    const tally = await waitForInputs(team, { timeoutMs: 240_000 });
    assert.equal(tally.waiting, 0);
  });

  after(async () => {
    if (worker) await stopWorker(worker);
    laptop?.close();
    for (const c of cleanups) await c();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Both servers, started fresh (the overview's few seconds of reuse must not span two phases). */
  async function servers(): Promise<{
    l: ServerProcess;
    t: ServerProcess;
    lc: Client;
    tc: Client;
    le: Client;
    te: Client;
  }> {
    const [l, t] = await Promise.all([
      startServe(['--case', laptopDir]),
      startServe(['--database', TEST_DATABASE_URL, '--case-name', caseName, '--blobs', blobs]),
    ]);
    const [lc, tc, le, te] = await Promise.all([
      signIn(l.base, 'rita', PW),
      signIn(t.base, 'rita', PW),
      signIn(l.base, 'ana', PW),
      signIn(t.base, 'ana', PW),
    ]);
    return { l, t, lc, tc, le, te };
  }

  /** Every case page, asked of both servers: same status, same type, same body. */
  async function samePages(extraPaths: string[] = []): Promise<Map<string, Answer>> {
    const { l, t, lc, tc, le, te } = await servers();
    try {
      const ov = await answer(l.base, lc, '/api/overview');
      const people = (ov.status === 200 ? await answer(l.base, lc, '/api/people') : null)?.body as {
        people: { address: string }[];
        authors: { name: string }[];
      };
      const paths = [
        '/api/overview',
        ...CHARTS.map((c) => `/api/charts/${c}.svg`),
        '/api/documents',
        '/api/documents?sort=name&dir=asc',
        '/api/documents?sort=author&dir=asc',
        '/api/documents?sort=timezoneOffset&dir=asc',
        '/api/documents?sort=modified',
        '/api/documents?q=XLSX',
        `/api/documents?q=${encodeURIComponent('Рошка')}`,
        '/api/documents?limit=3&offset=2&sort=size',
        '/api/people',
        '/api/people?q=EXAMPLE',
        '/api/people?limit=2&offset=1',
        ...people.people.slice(0, 6).map((p) => `/api/people/${encodeURIComponent(p.address)}`),
        ...people.authors.slice(0, 4).map((a) => `/api/people/${encodeURIComponent(a.name)}`),
        `/api/people/${encodeURIComponent(OUTSIDER)}`,
        '/api/people/nobody%40nowhere.example',
        '/api/suspects',
        '/api/suspects?limit=2',
        '/api/graph',
        '/api/graph?limit=3',
        '/api/graph.gexf',
        // The front end is the same on both (no page hidden on a team server).
        '/',
        '/suspects',
        ...extraPaths,
      ];
      const out = new Map<string, Answer>();
      // The reader everywhere (a reader may not export: the GEXF is refused alike), then the editor's export.
      for (const [p, asEditor] of [
        ...paths.map((x) => [x, false] as const),
        ['/api/graph.gexf', true] as const,
      ]) {
        const [a, b] = await Promise.all([
          answer(l.base, asEditor ? le : lc, p),
          answer(t.base, asEditor ? te : tc, p),
        ]);
        if (p === '/api/overview') {
          // The overview names the case: the laptop its directory, the team its case name.
          assert.equal((a.body as { case: string }).case, laptopDir);
          assert.equal((b.body as { case: string }).case, caseName);
          (a.body as { case: string }).case = (b.body as { case: string }).case = '';
        }
        assert.notEqual(b.status, 501, `${p}: 501 on the team server`);
        assert.notEqual(b.status, 500, `${p}: ${t.log()}`);
        assert.deepEqual([b.status, b.type], [a.status, a.type], p);
        // Key by key first, so a difference names its section.
        if (a.body && typeof a.body === 'object' && !Array.isArray(a.body))
          for (const k of Object.keys(a.body as object))
            assert.deepEqual(
              (b.body as Record<string, unknown>)[k],
              (a.body as Record<string, unknown>)[k],
              `${p} .${k}`,
            );
        assert.deepEqual(b, a, p);
        out.set(asEditor ? `editor ${p}` : p, a);
      }
      return out;
    } finally {
      await Promise.all([l.stop(), t.stop()]);
    }
  }

  it('before any analysis: the same answers, no section posing as a result', async () => {
    assert.equal(await stageRan(team.db, 'triage'), false);
    const got = await samePages();
    const ov = got.get('/api/overview')?.body as {
      counts: { emails: number; documents: number };
      verdicts: unknown;
      docTypes: unknown;
      charts: string[];
    };
    assert.ok(ov.counts.emails >= 20, `${ov.counts.emails} e-mails`);
    assert.ok(ov.counts.documents >= 8, `${ov.counts.documents} documents`);
    assert.deepEqual([ov.verdicts, ov.docTypes], [null, null]);
    assert.ok(!ov.charts.includes('verdicts') && !ov.charts.includes('doctypes'));
    assert.equal(got.get('/api/charts/verdicts.svg')?.status, 404);
    assert.equal(got.get('/api/graph')?.status, 404, 'no graph before triage');
    assert.equal(got.get('/api/graph.gexf')?.status, 403, 'a reader may not export');
    assert.equal(got.get('editor /api/graph.gexf')?.status, 404);
    const s = got.get('/api/suspects')?.body as { total: number };
    assert.equal(s.total, 0, 'no suspect before verify and metadata');
    for (const page of ['/overview', '/people', '/documents'])
      assert.ok(String(got.get('/')?.body).includes(`href="${page}"`), `the menu links ${page}`);
    const p = got.get('/api/people')?.body as { outliers: unknown[]; named: unknown[]; total: number };
    assert.ok(p.total > 5);
    assert.deepEqual([p.outliers, p.named], [[], []]);
  });

  it('after verify and metadata (the team jobs), before triage: the suspects, outliers and verdicts agree', async () => {
    await runStages(laptop, { only: ['verify', 'metadata'], silent: true });
    const v = await enqueueVerify(team, { queueUrl: TEST_QUEUE_URL, caseName });
    const verified = await waitForVerify(team, v, { timeoutMs: 240_000 });
    assert.equal(verified.failed, 0);
    const m = await enqueueMetadata(team, { queueUrl: TEST_QUEUE_URL, caseName });
    assert.equal((await waitForMetadata(team, m, { timeoutMs: 240_000 })).state, 'done');
    // A verify run again (as after `keys add`) writes as many verdicts: the overview kept in the
    // case must still be computed again, so the team run's id is part of its fingerprint.
    const before = await caseFingerprintOf(team.db);
    const again = await enqueueVerify(team, { queueUrl: TEST_QUEUE_URL, caseName });
    assert.equal((await waitForVerify(team, again, { timeoutMs: 240_000 })).failed, 0);
    assert.notEqual(await caseFingerprintOf(team.db), before);
    const got = await samePages();
    const s = got.get('/api/suspects')?.body as {
      suspects: { finding: string; verdict: string | null; kind: string; title: string | null }[];
      headlines: { sentence: string }[];
    };
    const findings = new Set(s.suspects.map((x) => x.finding));
    for (const f of ['body-altered', 'unsigned-from-signing-domain', 'outside-editor'])
      assert.ok(findings.has(f), `the suspects page shows ${f}: ${[...findings].join(', ')}`);
    assert.ok(s.suspects.some((x) => x.kind === 'email' && x.verdict === 'body-altered'));
    assert.ok(s.headlines.length >= 3);
    const ov = got.get('/api/overview')?.body as { verdicts: { value: string }[] | null; docTypes: unknown };
    assert.ok(ov.verdicts?.some((x) => x.value === 'body-altered'));
    assert.equal(ov.docTypes, null, 'triage has not run');
    assert.equal(got.get('/api/graph')?.status, 404);
    const p = got.get('/api/people')?.body as { outliers: { name: string; reasons: string[] }[] };
    const outsider = p.outliers.find((o) => o.name === OUTSIDER);
    assert.ok(outsider, 'the outsider with a Cyrillic name is an outlier');
    assert.ok(
      outsider.reasons.some((r) => /Cyrillic|script/.test(r)),
      outsider.reasons.join('; '),
    );
    const person = got.get(`/api/people/${encodeURIComponent(OUTSIDER)}`)?.body as { documents: unknown[] };
    assert.ok(person.documents.length >= 2);
  });

  it('after triage: overview sections, charts, threads, the graph and its GEXF agree; the export is audited on both', async () => {
    await runStages(laptop, { only: ['triage'], silent: true });
    // The team's own triage job (src/team/triage-job.ts), run by the case's worker.
    const run = await enqueueTriage(team, { queueUrl: TEST_QUEUE_URL, caseName });
    const triaged = await waitForTriage(team, run, { timeoutMs: 240_000 });
    assert.equal(triaged.state, 'done', triaged.error);
    const n = async (t: string) =>
      Number((await team.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))?.n);
    assert.ok(
      (await n('threads')) > 0 && (await n('comm_edges')) > 0,
      'the triage job wrote threads and the graph',
    );
    assert.equal(await stageRan(team.db, 'triage'), true);
    const got = await samePages();
    const ov = got.get('/api/overview')?.body as { docTypes: unknown[] | null; charts: string[] };
    assert.ok(ov.docTypes?.length, 'document types after triage');
    assert.ok(ov.charts.includes('doctypes'));
    assert.match(String(got.get('/api/charts/doctypes.svg')?.body), /^<svg/);
    const g = got.get('/api/graph')?.body as { nodes: unknown[]; edges: unknown[] };
    assert.ok(g.nodes.length > 3 && g.edges.length > 2);
    assert.match(String(got.get('editor /api/graph.gexf')?.body), /<gexf version="1\.3"/);
    const exported = async (db: ConstructorParameters<typeof AuditLog>[0]) =>
      (await new AuditLog(db).list({ user: 'ana', action: 'export' })).map((e) => [e.target, e.detail]);
    const fromLaptop = await exported(new SqliteDb(laptop.db));
    assert.ok(fromLaptop.length >= 1);
    assert.deepEqual(await exported(team.db), fromLaptop);
  });
});
