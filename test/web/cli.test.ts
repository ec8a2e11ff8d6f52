import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyPassword } from '../../src/web/auth.js';
import { buildCase } from './helpers.js';

const MAIN = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
const run = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    encoding: 'utf8',
    input,
    timeout: 120_000,
  });

let kase: Awaited<ReturnType<typeof buildCase>>;
before(async () => {
  kase = await buildCase();
  kase.store.close();
});
after(() => kase.cleanup());

describe('leaklens serve / report commands', () => {
  it('serve refuses a non-loopback address without users, with one clear line', () => {
    const r = run(['serve', '--case', kase.dir, '--host', '0.0.0.0', '--port', '0']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^leaklens: refusing to listen on 0\.0\.0\.0 without authentication/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('serve refuses a broken users file', () => {
    const users = join(kase.dir, 'users.json');
    writeFileSync(users, '{"users":[{"name":"ana","hash":"plain"}]}');
    const r = run(['serve', '--case', kase.dir, '--host', '0.0.0.0', '--users', users]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read the users file: .*user #1 needs a "name" and an scrypt "hash"/);
  });

  it('--hash-password prints an scrypt hash of stdin', async () => {
    const r = run(['serve', '--hash-password'], 'a long passphrase\n');
    assert.equal(r.status, 0);
    const hash = r.stdout.trim();
    assert.equal(await verifyPassword('a long passphrase', hash), true);
    assert.equal(run(['serve', '--hash-password'], 'short\n').status, 2);
  });

  it('report writes one HTML file and says where', () => {
    const out = join(kase.dir, 'r.html');
    const r = run(['report', '--case', kase.dir, '--out', out, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const info = JSON.parse(r.stdout) as { html: string; pdf: string | null; bytes: number };
    assert.equal(info.html, out);
    assert.equal(info.pdf, null);
    assert.equal(readFileSync(out).length, info.bytes);
  });

  it('report --pdf prints a PDF with Chromium', {
    skip: existsSync('/usr/bin/chromium') ? false : 'no Chromium at /usr/bin/chromium',
  }, () => {
    const out = join(kase.dir, 'r2.html');
    const r = run(['report', '--case', kase.dir, '--out', out, '--pdf', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const pdf = readFileSync(join(kase.dir, 'r2.pdf'));
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  });

  it('a missing case is a user error', () => {
    const r = run(['report', '--case', join(kase.dir, 'nope')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^leaklens: no case at /);
  });
});
