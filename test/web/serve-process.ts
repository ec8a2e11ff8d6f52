import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

export interface ServerProcess {
  port: number;
  base: string;
  child: ChildProcess;
  /** Everything the server wrote to stderr so far. */
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts `leaklens serve ARGS --port 0` as its own process (as a team runs it) and resolves with
 * the port from its start line.
 */
export function startServe(args: string[], timeoutMs = 120_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/leaklens.js'), 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LEAKLENS_PROGRESS: '0' },
  });
  let err = '';
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`serve did not start in ${timeoutMs} ms:\n${err}`));
    }, timeoutMs);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /workbench on http:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
      if (m) {
        clearTimeout(timer);
        const port = Number(m[1]);
        resolve({ port, base: `http://127.0.0.1:${port}`, child, log: () => err, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${err}`));
    });
  });
}

/** A signed-in client of one or more servers: cookie and CSRF token from its login. */
export interface Client {
  cookie: string;
  csrf: string;
}

export async function login(base: string, user: string, password: string): Promise<Response> {
  return fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, password }),
  });
}

export async function signIn(base: string, user: string, password: string): Promise<Client> {
  const res = await login(base, user, password);
  if (res.status !== 200) throw new Error(`login of ${user}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrf } = (await res.json()) as { csrf: string };
  return { cookie, csrf };
}

export function call(base: string, c: Client | undefined, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (c) headers.cookie = c.cookie;
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    if (c) headers['x-csrf-token'] = c.csrf;
  }
  return fetch(`${base}${path}`, {
    method,
    headers,
    redirect: 'manual',
    body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
  });
}
