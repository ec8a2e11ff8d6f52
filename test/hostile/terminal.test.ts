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

test('show, search, people, errors, thread, stats, overview, entities, graph, suspects and meta print leaked controls escaped; --json stays exact; export refuses a terminal', (t) => {
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
    entities: cli('entities', '--case', c).stdout,
    graph: cli('graph', '--case', c, 'mallory').stdout,
    suspects: cli('suspects', '--case', c).stdout,
    meta: cli('meta', dump).stdout,
    // A data format, not text, but printed to standard output and read by Gephi: XML 1.0 holds no BEL.
    gexf: cli('graph', '--case', c, '--format', 'gexf').stdout,
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
  assert.match(outputs.graph, /Mallory\\x07 Fake line/);
  assert.match(outputs.gexf, /label="Mallory\\x07&#xA;Fake line"/);
  assert.match(outputs.meta, /evil\\x1b\[31m\\nname\.eml/);

  // export writes the original bytes: to a pipe unchanged, to a terminal not at all.
  const piped = cli('export', '--case', c, hit.id);
  assert.equal(piped.status, 0, piped.stderr);
  assert.ok(piped.stdout.includes(`Quarterly figures ${ESC}[31mred`), 'a pipe gets the bytes unchanged');
  const cmd = [
    process.execPath,
    '--import',
    'tsx',
    join(root, 'src/cli/main.ts'),
    'export',
    '--case',
    c,
    hit.id,
  ]
    .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
    .join(' ');
  // script(1) gives the command a pseudo-terminal as standard output.
  const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: root, encoding: 'utf8' });
  assert.notEqual(tty.status, 0);
  assert.match(
    tty.stdout,
    /standard output is a terminal, which would act on control bytes in them: give --out FILE/,
  );
  assert.doesNotMatch(tty.stdout, /Quarterly figures/);
});

test('the web server logs an error with the request path and message escaped', async (t) => {
  const { createApp } = await import('../../src/web/server.js');
  const { tempCase } = await import('../helpers.js');
  const { app } = createApp({ store: tempCase(t), allowedHosts: ['127.0.0.1:8765'] });
  app.get('/api/boom/*', () => {
    throw new Error(`leaked ${ESC}]0;pwned\x07 subject`);
  });
  const logged: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((s: string) => logged.push(String(s)) > 0) as typeof process.stderr.write;
  let status: number;
  try {
    status = (await app.request('/api/boom/%1b%5b2J%0aforged', { headers: { host: '127.0.0.1:8765' } }))
      .status;
  } finally {
    process.stderr.write = write;
  }
  assert.equal(status, 500);
  const line = logged.join('');
  assert.doesNotMatch(line, RAW_CONTROL);
  assert.equal(line, 'leaklens serve: GET /api/boom/\\x1b[2J\\nforged: leaked \\x1b]0;pwned\\x07 subject\n');
});
