import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Users } from '../../accounts/users.js';
import type { SqlCaseStore } from '../../case/case-store.js';
import { SqliteDb } from '../../case/sqlite-db.js';
import { BlobStore } from '../../store/blob-store.js';
import { campaignDir } from '../../team/campaign-files.js';
import { CampaignReader } from '../../team/campaign-reader.js';
import { hashPassword, type User } from '../../web/auth.js';
import { isServerWorker, leaveCluster, startCluster } from '../../web/cluster.js';
import {
  BindRefused,
  createApp,
  createTeamApp,
  hostsFor,
  type ListenOptions,
  listen,
  resolveUsers,
  type ServerOptions,
} from '../../web/server.js';
import { caseOptions, openCase, wholeNumber } from '../common.js';
import { UserError } from '../errors.js';
import { databaseOptions, openTeamCase, type TeamOptions } from '../team.js';

interface ServeOpts extends TeamOptions {
  case: string;
  port: string;
  host: string;
  users?: string;
  publicHost?: string[];
  trustProxy?: string[];
  secureCookies?: boolean;
  hashPassword?: boolean;
  processes: number;
  blobs?: string;
}

/** More processes than this is a typo, not a deployment: each holds a database pool. */
const MAX_PROCESSES = 64;

/** `leaklens serve`: the web workbench on http://127.0.0.1:8765 (docs/workbench.md, docs/team.md). */
export function register(program: Command): void {
  databaseOptions(
    caseOptions(
      program
        .command('serve')
        .description(
          'open the web workbench on http://127.0.0.1:8765 (loopback only unless the case has users)',
        )
        .option('--port <n>', 'TCP port', '8765')
        .option('--host <addr>', 'address to bind; anything but 127.0.0.1/::1 requires users', '127.0.0.1')
        .option(
          '--users <file>',
          'users file {"users":[{"name","hash","role"}]} brought into the case on start (default: CASE/users.json when present)',
        )
        .option(
          '--public-host <name...>',
          'Host header(s) accepted when bound beyond loopback, e.g. leaks.newsroom.example',
        )
        .option(
          '--trust-proxy <addr...>',
          'reverse-proxy address(es) whose X-Forwarded-For names the client (for the login rate limit)',
        )
        .option('--secure-cookies', 'mark session cookies Secure (behind a TLS reverse proxy)')
        .option(
          '--processes <n>',
          `server processes sharing the port (1–${MAX_PROCESSES}); sessions and login counters live in the case`,
          wholeNumber('--processes', 1),
          1,
        )
        .option(
          '--blobs <dir>',
          "team mode: the shared blob directory the workers use (originals, inline images and the case's posts are read there)",
        )
        .option(
          '--hash-password',
          'read a password on stdin, print its scrypt hash for the users file, and exit',
        ),
    ),
  ).action(async (opts: ServeOpts) => {
    if (opts.hashPassword) {
      const pw = (await readStdin()).replace(/\r?\n$/, '');
      if (pw.length < 8) throw new UserError('a password needs at least 8 characters');
      process.stdout.write(`${await hashPassword(pw)}\n`);
      return;
    }
    const port = Number.parseInt(opts.port, 10);
    if (!/^\d+$/.test(opts.port) || port > 65535) throw new UserError(`--port ${opts.port}: not a TCP port`);
    if (opts.processes > MAX_PROCESSES)
      throw new UserError(`--processes ${opts.processes}: at most ${MAX_PROCESSES}`);
    if (opts.processes > 1 && !isServerWorker()) return runPrimary(opts, port);
    return runServer(opts, port);
  });
}

/** One server process: opens the case, builds the app, listens until SIGINT/SIGTERM. */
async function runServer(opts: ServeOpts, port: number): Promise<void> {
  const c = await openServed(opts);
  const allowedHosts = opts.publicHost ? hostsFor(opts.host, port, opts.publicHost) : undefined;
  const listenOpts: ListenOptions = { host: opts.host, port, allowedHosts };
  const srv = await listen(c.app, listenOpts).catch(async (err: Error) => {
    await c.close();
    throw new UserError(`cannot listen on ${opts.host}:${port}: ${err.message}`);
  });
  if (!isServerWorker()) process.stderr.write(`${banner(opts, srv.port, c, 1)}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      srv.close().then(() => c.close().then(resolve));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  leaveCluster();
}

/** The primary of `--processes N`: checks the case and the bind rule once, then forks N servers. */
async function runPrimary(opts: ServeOpts, port: number): Promise<void> {
  const checked = await openServed(opts);
  await checked.close();
  const cluster = startCluster(opts.processes, (line) => process.stderr.write(`leaklens serve: ${line}\n`));
  const shown = await cluster.listening.catch(async (err: Error) => {
    await cluster.stop();
    throw new UserError(
      `cannot start ${opts.processes} server processes on ${opts.host}:${port}: ${err.message}`,
    );
  });
  process.stderr.write(`${banner(opts, shown, checked, opts.processes)}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      cluster.stop().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

interface Served {
  app: Parameters<typeof listen>[0];
  label: string;
  users: number;
  close: () => Promise<void>;
}

/** The case to serve (a directory, or a team case with --database) and its app, bind rule checked. */
async function openServed(opts: ServeOpts): Promise<Served> {
  const base: Omit<ServerOptions, 'users'> = {
    allowedHosts: opts.publicHost ? hostsFor(opts.host, Number(opts.port), opts.publicHost) : undefined,
    secureCookies: opts.secureCookies,
    trustedProxies: opts.trustProxy,
  };
  if (opts.database) {
    const blobs = teamBlobs(opts.blobs);
    const store = await openTeamCase(opts);
    const db = (store as SqlCaseStore).db;
    const fileUsers = await usersFor(opts, undefined, await new Users(db).count()).catch(async (e) => {
      await store.close();
      throw e;
    });
    const campaign = opts.blobs ? new CampaignReader(campaignDir(opts.blobs, opts.caseName)) : undefined;
    const built = createTeamApp(db, { ...base, users: fileUsers, blobs, campaign, caseName: opts.caseName });
    await built.ctx.ready;
    return {
      app: built,
      label: `team case "${opts.caseName}" on PostgreSQL`,
      users: await built.ctx.users.count(),
      close: async () => {
        await built.ctx.audit.flush();
        await campaign?.shutdown();
        await store.close();
      },
    };
  }
  if (opts.blobs)
    throw new UserError('--blobs is for a team case (--database); a case directory keeps its own');
  const store = openCase(opts.case);
  try {
    const fileUsers = await usersFor(opts, store.path, await new Users(new SqliteDb(store.db)).count());
    const built = createApp({ ...base, store, users: fileUsers });
    await built.ctx.ready;
    return {
      app: built,
      label: `case ${store.path}`,
      users: await built.ctx.users.count(),
      close: async () => {
        await built.ctx.audit.flush();
        store.close();
      },
    };
  } catch (err) {
    store.close();
    throw err;
  }
}

/** The workers' shared blob directory, which must exist (a typo would serve no original). */
function teamBlobs(dir: string | undefined): BlobStore | undefined {
  if (!dir) return undefined;
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UserError(
      `--blobs ${dir}: no such directory (give the directory the workers write with --blobs)`,
    );
  return new BlobStore(root);
}

async function usersFor(opts: ServeOpts, caseDir: string | undefined, inCase: number): Promise<User[]> {
  try {
    return resolveUsers(opts.host, opts.users, caseDir, inCase);
  } catch (err) {
    if (err instanceof BindRefused) throw new UserError(err.message);
    throw new UserError(`cannot read the users file: ${(err as Error).message}`);
  }
}

function banner(opts: ServeOpts, port: number, served: Served, processes: number): string {
  const shown = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const who = served.users ? `${served.users} users` : 'local mode';
  const procs = processes > 1 ? `, ${processes} processes` : '';
  return `leaklens workbench on http://${shown}:${port}/ (${served.label}, ${who}${procs}); Ctrl-C to stop`;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
