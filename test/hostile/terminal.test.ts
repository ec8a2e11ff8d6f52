import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { oneLine, terminalText } from '../../src/util/terminal-safe.js';
import { tempDir } from '../helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LEAKLENS_PROGRESS: '0' },
  });

const ESC = '\x1b';
/** Any byte a terminal would act on: C0 but newline, DEL, C1. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

test('the helpers escape controls; oneLine escapes newlines too', () => {
  assert.equal(oneLine('a\x1b]0;pwned\x07\nb\r\u009b\u202e'), 'a\\x1b]0;pwned\\x07\\nb\\r\\x9b\\u202e');
  assert.equal(terminalText('l1\nred \x1b[31m\tend'), 'l1\nred \\x1b[31m\tend');
  assert.equal(terminalText('Zoë — 日本 <a@b>'), 'Zoë — 日本 <a@b>');
});

const HOSTILE = [
  'From: =?utf-8?q?Mallory=07=0AFake_line?= <mallory@evil.example>',
  'To: victim@org.example',
  `Subject: Quarterly ${ESC}]0;pwned${'\x07'}${ESC}[2J report`,
  'Date: Tue, 28 Mar 2017 10:00:00 +0200',
  'Message-ID: <hostile@evil.example>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b"',
  '',
  '--b',
  'Content-Type: text/plain; charset=utf-8',
  '',
  `Quarterly figures ${ESC}[31mred${ESC}[0m and a bell${'\x07'}.`,
  '--b',
  'Content-Type: text/plain; name="=?utf-8?q?notes=0Aforged=1B=5B2J.txt?="',
  'Content-Disposition: attachment; filename="=?utf-8?q?notes=0Aforged=1B=5B2J.txt?="',
  '',
  'Quarterly attachment.',
  '--b--',
  '',
].join('\r\n');

test('show, search, people, errors, thread, stats and overview print leaked controls escaped; --json stays exact', (t) => {
  const dir = tempDir(t);
  const dump = join(dir, 'dump');
  mkdirSync(dump);
  writeFileSync(join(dump, 'hostile.eml'), HOSTILE);
  // A file name carrying ESC and a newline, and not an e-mail (a failure record names it).
  writeFileSync(join(dump, `evil${ESC}[31m\nname.eml`), Buffer.from([0, 1, 2, 3, 0xff, 0xfe]));
  const c = join(dir, 'case');
  const ing = cli('ingest', '--case', c, '--workers', '1', dump);
  assert.equal(ing.status, 0, ing.stderr);
  const json = JSON.parse(cli('search', '--case', c, '--json', 'quarterly').stdout) as {
    hits: { id: string; subject: string }[];
  };
  const hit = json.hits.find((h) => h.subject?.includes('pwned'));
  assert.ok(hit, 'the hostile message is found');
  // JSON output is exact: the controls are still there, as data.
  assert.equal(hit.subject, `Quarterly ${ESC}]0;pwned\x07${ESC}[2J report`);
  const outputs = {
    show: cli('show', '--case', c, hit.id).stdout,
    search: cli('search', '--case', c, 'quarterly').stdout,
    people: cli('people', '--case', c).stdout,
    errors: cli('errors', '--case', c).stdout,
    thread: cli('thread', '--case', c, hit.id).stdout,
    stats: cli('stats', '--case', c).stdout,
    overview: cli('overview', '--case', c).stdout,
  };
  for (const [cmd, out] of Object.entries(outputs)) {
    assert.ok(out.length > 0, `${cmd} printed something`);
    assert.doesNotMatch(out, RAW_CONTROL, `${cmd} printed a raw control character`);
  }
  assert.match(outputs.show, /Subject: Quarterly \\x1b\]0;pwned\\x07\\x1b\[2J report\n/);
  assert.match(outputs.show, /From: {4}Mallory\\x07\\nFake line <mallory@evil\.example>\n/);
  assert.match(outputs.show, /Quarterly figures \\x1b\[31mred\\x1b\[0m and a bell\\x07\./);
  assert.match(outputs.show, /notes\\nforged\\x1b\[2J\.txt/);
  assert.match(outputs.search, /Quarterly \\x1b\]0;pwned\\x07\\x1b\[2J report/);
  assert.match(outputs.thread, /Quarterly \\x1b\]0;pwned/);
  assert.match(outputs.people, /Mallory\\x07\\nFake line/);
  // The forged file name stays on its one line.
  assert.match(outputs.errors, /dump\/evil\\x1b\[31m\\nname\.eml\n {4}\w/);
});
