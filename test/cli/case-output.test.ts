import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, spawnCli, writeSmallDump } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'leaklens-cli-case-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const dump = join(dir, 'dump');
const kase = join(dir, 'case');

before(async () => {
  writeSmallDump(dump);
  const r = await runCli('ingest', dump, '--case', kase, '--json');
  assert.equal(r.code, 0, r.err);
});

const emailIds = async () =>
  (JSON.parse((await runCli('search', 'kind:email', '--json', '--case', kase)).out).hits as { id: string }[])
    .map((h) => h.id)
    .sort();

describe('what the CLI reports about a case', () => {
  it('counts mailboxes as the folders holding mail: a Maildir, an mbox and a zip of .eml files', async () => {
    const o = JSON.parse((await runCli('overview', '--json', '--case', kase)).out);
    assert.equal(o.totals.mailboxes, 3);
    assert.deepEqual(o.byMailbox.map((b: { mailbox: string }) => b.mailbox).sort(), [
      'alice',
      'bob.mbox',
      'carol.zip',
    ]);
    const text = await runCli('overview', '--case', kase);
    assert.match(text.out, /^5 e-mails and 1 documents from 3 mailbox\(es\)/);
    const out = join(dir, 'report.html');
    const r = await runCli('report', '--out', out, '--case', kase);
    assert.equal(r.code, 0, r.err);
    assert.match(readFileSync(out, 'utf8'), /<strong>5 e-mails<\/strong> from 3 mailboxes/);
  });

  it('export --json gives the item and its bytes; export takes a prefix', async () => {
    const [id] = await emailIds();
    const r = await runCli('export', id!.slice(0, 10), '--json', '--case', kase);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.id, id);
    assert.equal(j.kind, 'Email');
    const bytes = Buffer.from(j.base64, 'base64');
    assert.equal(bytes.length, j.size);
    assert.match(bytes.toString('utf8'), /^From: Sender \d/);
    const file = join(dir, 'out.eml');
    const w = JSON.parse((await runCli('export', id!, '--out', file, '--json', '--case', kase)).out);
    assert.equal(w.out, file);
    assert.equal(w.base64, undefined);
    assert.deepEqual(readFileSync(file), bytes);
  });

  it('verify --item takes a prefix; an ambiguous one lists the candidates', async () => {
    const ids = await emailIds();
    const one = await runCli('verify', '--item', ids[0]!.slice(0, 12), '--json', '--case', kase);
    assert.equal(one.code, 0, one.err);
    assert.equal(JSON.parse(one.out).itemId, ids[0]);
    const amb = await runCli('verify', '--item', 'em-', '--case', kase);
    assert.equal(amb.code, 2);
    assert.match(amb.err, /^leaklens: "em-" is ambiguous: 5 ids start with it \(/);
    for (const id of ids) assert.ok(amb.err.includes(id), id);
    for (const cmd of ['show', 'thread', 'export']) {
      const r = await runCli(cmd, 'em-', '--case', kase);
      assert.equal(r.code, 2, cmd);
      assert.match(r.err, /^leaklens: "em-" is ambiguous: 5 ids start with it/, cmd);
    }
    const shown = await runCli('show', ids[1]!.slice(0, 10), '--json', '--case', kase);
    assert.equal(JSON.parse(shown.out).id, ids[1]);
    const none = await runCli('verify', '--item', 'em-zzz', '--case', kase);
    assert.equal(none.code, 2);
    assert.match(none.err, /no e-mail "em-zzz"/);
  });

  it('show --raw-headers keeps the folding as received', async () => {
    const hit = JSON.parse((await runCli('search', 'subject:"message 1"', '--json', '--case', kase)).out)
      .hits[0];
    const r = await runCli('show', hit.id, '--raw-headers', '--case', kase);
    assert.equal(r.code, 0, r.err);
    assert.ok(r.out.includes('X-Folded: first part\n\tsecond part\n'), r.out);
    assert.ok(r.out.includes('Thread-Topic: budget\n  continued\n'), r.out);
  });

  it('a command that imports nothing or adds no key exits non-zero', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const i = await runCli('ingest', empty, '--case', join(dir, 'case2'));
    assert.equal(i.code, 1);
    assert.equal(i.err, `leaklens: nothing to ingest: no files in ${empty}\n`);
    const nokey = join(dir, 'not-a-key.txt');
    writeFileSync(nokey, 'hello\n');
    const k = await runCli('keys', 'add', nokey, '--case', kase);
    assert.equal(k.code, 1);
    assert.match(k.err, /no DKIM key record found in .*not-a-key\.txt/);
    const noKeys = await runCli('keys', 'add', empty, '--case', kase);
    assert.equal(noKeys.code, 1);
    assert.equal(noKeys.err, `leaklens: no key files in ${empty}\n`);
    const posts = join(dir, 'posts.json');
    writeFileSync(posts, '{"not": "posts"}\n');
    // Every file failed: an error of the input (exit 2, docs/campaign.md), its reason in `errors`.
    const c = await runCli('campaign', 'import', posts, '--case', kase);
    assert.equal(c.code, 2);
    assert.match(
      c.err,
      /^leaklens: no file could be imported \(the file failed; leaklens errors lists why\)\n$/,
    );
    const errs = await runCli('errors', '--case', kase, '--json');
    assert.match(errs.out, /unknown-format/);
  });

  it('--case /nonexistent says "no case at" for every command that reads a case', async () => {
    const missing = join(dir, 'nonexistent');
    for (const args of [
      ['search', 'x'],
      ['overview'],
      ['people'],
      ['entities'],
      ['graph'],
      ['errors'],
      ['show', 'em-1'],
      ['thread', 'em-1'],
      ['export', 'em-1'],
      ['verify'],
      ['stats'],
      ['report'],
      ['keys', 'list'],
      ['campaign', 'analyze'],
      ['campaign', 'posts'],
      ['campaign', 'coordination'],
    ]) {
      const r = await runCli(...args, '--case', missing);
      assert.equal(r.code, 2, args.join(' '));
      assert.ok(r.err.startsWith(`leaklens: no case at ${missing}: `), `${args.join(' ')}: ${r.err}`);
    }
    const s = spawnCli(['search', 'x', '--case', '/nonexistent']);
    assert.equal(s.code, 2);
    assert.match(
      s.err,
      /^leaklens: no case at \/nonexistent: run "leaklens ingest PATH --case \/nonexistent"/,
    );
  });

  it('after demo, a command without --case says where the demo case is', () => {
    const cwd = join(dir, 'fresh');
    mkdirSync(join(cwd, 'leaklens-demo'), { recursive: true });
    cpSync(kase, join(cwd, 'leaklens-demo', 'case'), { recursive: true });
    const env = { LEAKLENS_CASE: '' };
    const r = spawnCli(['search', 'budget'], { cwd, env });
    assert.equal(r.code, 2);
    assert.match(r.err, /^leaklens: no case at .*leaklens-case: /);
    assert.match(
      r.err,
      /leaklens demo made a case at \.\/leaklens-demo\/case: add --case \.\/leaklens-demo\/case to use it/,
    );
    const ok = spawnCli(['search', 'budget', '--case', './leaklens-demo/case'], { cwd, env });
    assert.equal(ok.code, 0, ok.err);
    // A case the user named is not the demo's: no hint (found by running the README's two
    // commands in order: the demo's folder in the checkout changed other tests' messages).
    const named = spawnCli(['search', 'budget', '--case', join(cwd, 'elsewhere')], { cwd, env });
    assert.equal(named.code, 2);
    assert.match(named.err, /^leaklens: no case at .*elsewhere/);
    assert.doesNotMatch(named.err, /leaklens demo made a case/);
  });

  it('a LEAKLENS_CHROMIUM that names no browser is an error naming it', async () => {
    const saved = process.env.LEAKLENS_CHROMIUM;
    try {
      process.env.LEAKLENS_CHROMIUM = join(dir, 'no-such-chromium');
      const a = await runCli('report', '--pdf', '--out', join(dir, 'r.html'), '--case', kase);
      assert.equal(a.code, 2);
      assert.equal(a.err, `leaklens: LEAKLENS_CHROMIUM=${join(dir, 'no-such-chromium')}: no such file\n`);
      const plain = join(dir, 'chromium.txt');
      writeFileSync(plain, 'not a browser');
      chmodSync(plain, 0o644);
      process.env.LEAKLENS_CHROMIUM = plain;
      const b = await runCli('report', '--pdf', '--out', join(dir, 'r.html'), '--case', kase);
      assert.equal(b.code, 2);
      assert.equal(b.err, `leaklens: LEAKLENS_CHROMIUM=${plain}: not executable\n`);
      process.env.LEAKLENS_CHROMIUM = dir;
      const c = await runCli('report', '--pdf', '--out', join(dir, 'r.html'), '--case', kase);
      assert.equal(c.err, `leaklens: LEAKLENS_CHROMIUM=${dir}: not a file\n`);
    } finally {
      if (saved === undefined) delete process.env.LEAKLENS_CHROMIUM;
      else process.env.LEAKLENS_CHROMIUM = saved;
    }
  });
});
