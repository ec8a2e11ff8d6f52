import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import type { CaseStore, SqlCaseStore } from '../../src/case/case-store.js';
import { caseSchema, openCaseStore } from '../../src/case/open.js';
import { PgDb } from '../../src/case/pg-db.js';
import { queueName } from '../../src/team/queue.js';
import { postgresReachable, TEST_DATABASE_URL } from '../case/backends.js';
import { FIXTURES } from '../helpers.js';
import { type TestKey, FIXTURES as VERIFY_FIXTURES } from '../verify/helpers.js';

export { TEST_DATABASE_URL };
export const TEST_QUEUE_URL = process.env.LEAKLENS_TEST_QUEUE_URL ?? 'redis://127.0.0.1:6379';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Whether Redis answers PING (RESP inline command over TCP: no client library needed). */
export function redisReachable(url = TEST_QUEUE_URL): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const sock = connect({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(3000, () => done(false));
    sock.on('error', () => done(false));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/** Why team tests cannot run here, or false. On CI both services must answer (.ci/services). */
export async function teamSkipReason(): Promise<string | false> {
  const [pg, redis] = await Promise.all([postgresReachable(), redisReachable()]);
  if (pg && redis) return false;
  const why = `${pg ? '' : 'PostgreSQL '}${redis ? '' : 'Redis '}not answering on 127.0.0.1`;
  if (process.env.CI) throw new Error(`CI: ${why}`);
  return `${why} (laptop mode)`;
}

/** A fresh team case (schema + queue), named `prefix` + random hex, removed when the test ends. */
export async function teamCase(
  t: {
    after: (fn: () => Promise<void>) => void;
  },
  prefix = 't',
): Promise<{ store: CaseStore; caseName: string }> {
  const caseName = `${prefix}${randomBytes(6).toString('hex')}`;
  const store = await openCaseStore({ databaseUrl: TEST_DATABASE_URL, caseName });
  t.after(async () => {
    await store.close();
    const db = await PgDb.connect(TEST_DATABASE_URL, caseSchema(caseName));
    await db.dropSchema();
    await db.close();
    const q = new Queue(queueName(caseName), { connection: { host: '127.0.0.1', port: 6379 } });
    await q.obliterate({ force: true }).catch(() => undefined);
    await q.close();
  });
  return { store, caseName };
}

/** `teamCase` typed as the SQL case store the team tests read directly. */
export async function sqlTeamCase(
  t: { after: (fn: () => Promise<void>) => void },
  prefix: string,
): Promise<{ store: SqlCaseStore; caseName: string }> {
  const c = await teamCase(t, prefix);
  return { store: c.store as SqlCaseStore, caseName: c.caseName };
}

/**
 * A generated dump: the Tika mail fixtures (mbox, eml, zip attachments, an encrypted zip) plus
 * `copies` variants of one message with distinct Message-IDs and subjects, so jobs are many enough
 * for workers to be killed in the middle of the work.
 */
export function makeDump(dir: string, copies = 200): string {
  const dump = join(dir, 'dump');
  cpSync(join(FIXTURES, 'mail/tika-mail'), join(dump, 'tika'), { recursive: true });
  const base = readFileSync(join(FIXTURES, 'mail/tika-mail/testRFC822_multipart_attachments.eml'), 'latin1');
  mkdirSync(join(dump, 'generated'), { recursive: true });
  for (let i = 0; i < copies; i++) {
    const eol = base.includes('\r\n') ? '\r\n' : '\n';
    // The last copy re-uses the first one's Message-ID (a re-sent or fabricated message): the end of
    // the ingest flags both, on either database.
    const mid = i === copies - 1 && copies > 1 ? 0 : i;
    const msg = `Message-ID: <gen-${mid}@team.test>${eol}${base.replace(/^Subject:(.*)$/im, `Subject:$1 #${i}`)}`;
    writeFileSync(join(dump, 'generated', `${String(i).padStart(4, '0')}.eml`), msg, 'latin1');
  }
  return dump;
}

let seq = 0;

/**
 * The options that put a command on a team case as a worker sees it (database, queue, case name,
 * shared blob directory): `leaklens worker`'s, and the campaign commands' that run as jobs.
 * @example await runCli('campaign', 'import', SAMPLES, ...workerArgs(caseName, blobs), '--wait')
 */
export const workerArgs = (
  caseName: string,
  blobs: string,
  queueUrl = TEST_QUEUE_URL,
  databaseUrl = TEST_DATABASE_URL,
): string[] => ['--database', databaseUrl, '--queue', queueUrl, '--case-name', caseName, '--blobs', blobs];

/** Starts `leaklens worker` as its own process, as a team would on each machine. */
export function spawnWorker(
  caseName: string,
  blobs: string,
  lockSeconds = 2,
  queueUrl = TEST_QUEUE_URL,
  databaseUrl = TEST_DATABASE_URL,
): ChildProcess {
  return spawn(
    process.execPath,
    [
      join(ROOT, 'bin/leaklens.js'),
      'worker',
      ...workerArgs(caseName, blobs, queueUrl, databaseUrl),
      '--lock',
      String(lockSeconds),
    ],
    // stderr to a file: an unread pipe would block a worker that writes more than its buffer.
    {
      stdio: ['ignore', 'ignore', openSync(join(blobs, '..', `worker-${process.pid}-${seq++}.log`), 'a')],
      env: { ...process.env, LEAKLENS_PROGRESS: '0' },
    },
  );
}

export async function stopWorker(w: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (w.exitCode !== null || w.signalCode !== null) return;
  const exited = new Promise<void>((r) => w.once('exit', () => r()));
  w.kill(signal);
  await exited;
}

/** Every blob file under a blob directory, by hash, with its size. */
export function blobFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(`${e.name}:${readFileSync(join(d, e.name)).length}`);
    }
  };
  walk(root);
  return out.sort();
}

/** Why a private Redis cannot be started here (no `redis-server` binary), or false. */
export function privateRedisSkipReason(): string | false {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    if (process.env.CI) throw new Error('CI: no redis-server binary (.ci/services installs it)');
    return 'no redis-server binary on this machine';
  }
}

/**
 * A private Redis on its own port (nothing kept on disk), so a test can kill and restart it
 * without touching the machine's Redis.
 */
export async function startPrivateRedis(port: number): Promise<ChildProcess> {
  const p = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (await redisReachable(url)) return p;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`private redis-server on ${port} did not start`);
}

const PG_BIN = (() => {
  try {
    const v = readdirSync('/usr/lib/postgresql').sort().pop();
    return v ? `/usr/lib/postgresql/${v}/bin` : null;
  } catch {
    return null;
  }
})();

/** Why a private PostgreSQL cannot be started here (needs the server binaries and root to `su`), or false. */
export function privatePostgresSkipReason(): string | false {
  if (!PG_BIN) return 'no PostgreSQL server binaries under /usr/lib/postgresql';
  if (process.getuid?.() !== 0) return 'not root: cannot run a private PostgreSQL as the postgres user';
  return false;
}

export interface PrivatePostgres {
  url: string;
  start(): void;
  /** `immediate`: as a crash would (no checkpoint); `fast`: an orderly restart. */
  stop(mode?: 'immediate' | 'fast'): void;
}

/** A throw-away PostgreSQL cluster on its own port, owned by the postgres user, trust auth for `root`. */
export function privatePostgres(dir: string, port: number): PrivatePostgres {
  const data = join(dir, 'pgdata');
  mkdirSync(dir, { recursive: true });
  const asPostgres = (cmd: string) =>
    execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', cmd], { stdio: 'pipe', timeout: 120_000 });
  execFileSync('chown', ['postgres', dir]);
  // The test's temporary directory is private to root (mkdtemp: 0700): let postgres traverse it.
  execFileSync('chmod', ['o+x', dirname(dir)]);
  asPostgres(`${PG_BIN}/initdb -D ${data} -A trust -U root --no-sync >/dev/null`);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const pg: PrivatePostgres = {
    url: `postgres://root@127.0.0.1:${port}/postgres`,
    start: () =>
      void asPostgres(`${PG_BIN}/pg_ctl -D ${data} -o "${opts}" -l ${dir}/log -w start >/dev/null`),
    stop: (mode = 'fast') => void asPostgres(`${PG_BIN}/pg_ctl -D ${data} -m ${mode} -w stop >/dev/null`),
  };
  pg.start();
  return pg;
}

/** Polls `cond` every `intervalMs` until it holds; throws after `timeoutMs`. */
export async function waitUntil(
  cond: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`condition not reached in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * The key archive of a generated signed dump: a zone file with `key`'s record for
 * s2017._domainkey.example.fr (split in two strings, as a zone file holds a long TXT record),
 * written in `dir`, then the keys of the verify fixtures' real signed messages (mailauth, RFC 6376).
 * Returns the files, for `keys add` or addKeyFiles.
 */
export function writeKeyArchive(dir: string, key: TestKey): string[] {
  const zone = join(dir, 'keys.zone');
  writeFileSync(
    zone,
    `$ORIGIN example.fr.\ns2017._domainkey IN TXT "${key.record.slice(0, 120)}" "${key.record.slice(120)}"\n`,
  );
  return [
    zone,
    join(VERIFY_FIXTURES, 'mailauth/real/20161025._domainkey.gmail.com.dns'),
    join(VERIFY_FIXTURES, 'mailauth/real/arc-20160816._domainkey.google.com.dns'),
    join(VERIFY_FIXTURES, 'rfc6376/brisbane._domainkey.example.com.dns'),
  ];
}
