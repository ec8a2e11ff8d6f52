import type { Command } from 'commander';
import { hashPassword } from '../../web/auth.js';
import { BindRefused, hostsFor, resolveUsers, startServer } from '../../web/server.js';
import { caseOptions, openCase } from '../common.js';
import { UserError } from '../errors.js';

interface ServeOpts {
  case: string;
  port: string;
  host: string;
  users?: string;
  publicHost?: string[];
  trustProxy?: string[];
  secureCookies?: boolean;
  hashPassword?: boolean;
}

/** `leaklens serve`: the web workbench on http://127.0.0.1:8765 (docs/workbench.md). */
export function register(program: Command): void {
  caseOptions(
    program
      .command('serve')
      .description(
        'open the web workbench on http://127.0.0.1:8765 (loopback only unless users are configured)',
      )
      .option('--port <n>', 'TCP port', '8765')
      .option('--host <addr>', 'address to bind; anything but 127.0.0.1/::1 requires users', '127.0.0.1')
      .option(
        '--users <file>',
        'users file {"users":[{"name","hash"}]} (default: CASE/users.json when present)',
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
        '--hash-password',
        'read a password on stdin, print its scrypt hash for the users file, and exit',
      ),
  ).action(async (opts: ServeOpts) => {
    if (opts.hashPassword) {
      const pw = (await readStdin()).replace(/\r?\n$/, '');
      if (pw.length < 8) throw new UserError('a password needs at least 8 characters');
      process.stdout.write(`${await hashPassword(pw)}\n`);
      return;
    }
    const port = Number.parseInt(opts.port, 10);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UserError(`--port ${opts.port}: not a TCP port`);
    const store = openCase(opts.case);
    let users: ReturnType<typeof resolveUsers>;
    try {
      users = resolveUsers(opts.host, opts.users, store.path);
    } catch (err) {
      if (err instanceof BindRefused) throw new UserError(err.message);
      throw new UserError(`cannot read the users file: ${(err as Error).message}`);
    }
    const allowedHosts = opts.publicHost ? hostsFor(opts.host, port, opts.publicHost) : undefined;
    const srv = await startServer({
      store,
      host: opts.host,
      port,
      users,
      allowedHosts,
      secureCookies: opts.secureCookies,
      trustedProxies: opts.trustProxy,
    }).catch((err: Error) => {
      throw new UserError(`cannot listen on ${opts.host}:${port}: ${err.message}`);
    });
    const shown = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
    process.stderr.write(
      `leaklens workbench on http://${shown}:${srv.port}/ (case ${store.path}${users.length ? `, ${users.length} users` : ', local mode'}); Ctrl-C to stop\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => {
        srv.close().then(() => {
          store.close();
          resolve();
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
