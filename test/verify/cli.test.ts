/** The CLI: keys add/list, verify (summary, --json, --list, --item) and the user errors. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ingestPaths } from '../../src/ingest/manager.js';
import { Store } from '../../src/store/store.js';
import { FIXTURES } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'leaklens-verify-cli-'));
const caseDir = join(root, 'case');

const ROOT = join(import.meta.dirname, '../..');

/** Runs the CLI in a child process (the test runner owns this process's stdout). */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args, '--case', caseDir],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

before(async () => {
  const dump = join(root, 'dump');
  mkdirSync(dump);
  for (const f of [
    'rfc6376/rfc6376-appA-errata-corrected.eml',
    'rfc6376/rfc6376-appA-as-printed-double-space.eml',
    'mailauth/real/zproov.eml',
    'mailauth/real/message1.eml',
  ]) {
    copyFileSync(join(FIXTURES, f), join(dump, f.split('/').pop() ?? f));
  }
  const store = Store.open(caseDir);
  await ingestPaths(store, [dump], { workers: 0, silent: true });
  store.close();
});

after(() => rmSync(root, { recursive: true, force: true }));

test('keys add takes files and folders; keys list --json describes each key', async () => {
  const add = await run(
    'keys',
    'add',
    join(FIXTURES, 'rfc6376'),
    join(FIXTURES, 'mailauth/real/20161025._domainkey.gmail.com.dns'),
  );
  assert.equal(add.code, 0);
  assert.match(add.out, /brisbane\._domainkey\.example\.com\.dns: 1 key record\(s\) \(record\)/);
  assert.match(add.out, /rfc6376-appA-errata-corrected\.eml: no DKIM key record found/);
  const list = await run('keys', 'list', '--json');
  const keys = JSON.parse(list.out) as { selector: string; domain: string; key: string }[];
  assert.deepEqual(
    keys.map((k) => `${k.selector}._domainkey.${k.domain} ${k.key}`),
    ['brisbane._domainkey.example.com rsa 1024-bit', '20161025._domainkey.gmail.com rsa 2048-bit'],
  );
});

test('verify prints the summary; --json carries counts and sentences', async () => {
  const text = await run('verify');
  assert.equal(text.code, 0);
  assert.match(text.out, /^4 e-mails were checked\. 2 \(50\.0%\) carry a DKIM signature/);
  const json = JSON.parse((await run('verify', '--json')).out) as {
    counts: Record<string, number>;
    run: { messages: number };
  };
  assert.deepEqual(
    [json.run.messages, json.counts.verified, json.counts['body-altered'], json.counts.unsigned],
    [4, 2, 1, 1],
  );
});

test('--list and --item show the messages and their evidence', async () => {
  const list = JSON.parse((await run('verify', '--list', 'body-altered', '--json')).out) as {
    itemId: string;
  }[];
  assert.equal(list.length, 1);
  const item = JSON.parse((await run('verify', '--item', list[0]?.itemId ?? '', '--json')).out) as {
    verdict: string;
    signatures: { selector: string }[];
  };
  assert.equal(item.verdict, 'body-altered');
  assert.equal(item.signatures[0]?.selector, 'brisbane');
});

test('user errors are one line and exit 2', async () => {
  const bad = await run('verify', '--list', 'genuine');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /^leaklens: unknown verdict "genuine": one of verified, /);
  const missing = await run('verify', '--item', 'em-nope');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /^leaklens: no e-mail "em-nope" in .* \(find ids with "leaklens search"\)\n$/);
});
