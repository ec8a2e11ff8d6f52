/**
 * `leaklens show` and the workbench item API print one reader's output: the verdict with its
 * reason and per-signature detail, every flag with its reason, and what changed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../src/web/server.js';
import { ADDED, buildChangeCase, type ChangeCase, INSERTED, idAt, SUBJECT } from './change-case.js';

const ROOT = join(import.meta.dirname, '../..');
let kase: ChangeCase;
before(async () => {
  kase = await buildChangeCase();
});
after(() => kase.cleanup());

function show(...args: string[]): { code: number; out: string; err: string } {
  return cli('show', ...args);
}

function cli(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args, '--case', kase.dir],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('leaklens show', () => {
  test('prints the verdict, per-signature detail, the flags and the inserted sentence as a + line', () => {
    const id = idAt(kase.store, 'inserted@avancer.example');
    const r = show(id.slice(0, 12));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Verdict: body-altered\n {2}The signed headers of d=avancer\.example s=s2017/m);
    assert.match(r.out, /Signature 1: d=avancer\.example s=s2017 a=rsa-sha256 → body-altered/);
    assert.match(r.out, /key: rsa 2048 bits; source: zone keys\/[0-9a-f]{12}-keys\.zone/);
    assert.match(r.out, /header result: pass; body result: fail \(content-changed\)/);
    assert.match(r.out, /\[high\] text-html-mismatch: The two versions of this message disagree/);
    assert.ok(r.out.split('\n').includes(`+ ${INSERTED}`), r.out);
    assert.ok(
      r.out.indexOf('Verdict:') < r.out.indexOf('Flags (') &&
        r.out.indexOf('Flags (') < r.out.indexOf('Change:'),
    );
  });

  test('names the changed signed header with both values', () => {
    const r = show(idAt(kase.store, 'subject@avancer.example'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /the Subject was changed after signing/);
    const lines = r.out.split('\n');
    const at = lines.indexOf(
      'Signed header changed: Subject (known from the signature, which verifies with the value as signed)',
    );
    assert.ok(at > 0, r.out);
    assert.deepEqual(lines.slice(at + 1, at + 3), [`- ${SUBJECT}`, `+ ${SUBJECT}${ADDED}`]);
  });

  test('--json carries the verdict, the flags and the change; an ambiguous prefix is refused', () => {
    const id = idAt(kase.store, 'copy@avancer.example');
    const j = JSON.parse(show(id, '--json').out);
    assert.equal(j.verdict.verdict, 'body-altered');
    assert.equal(j.verdict.signatures[0].bodyResult, 'fail');
    assert.equal(j.change.against, 'verified-copy');
    assert.deepEqual(j.change.inserted, [INSERTED]);
    const bad = show('em-');
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /"em-" is ambiguous: .*em-[0-9a-f]+, /);
    assert.doesNotMatch(bad.err, /at .*\.ts:\d+/, 'no stack trace');
  });
});

describe('leaklens verify --item', () => {
  test('reads the same item: a prefix works, the verdict, flags and changed header print as in show', () => {
    const id = idAt(kase.store, 'subject@avancer.example');
    const r = cli('verify', '--item', id.slice(0, 10));
    assert.equal(r.code, 0, r.err);
    const same = show(id).out;
    for (const line of r.out.split('\n').slice(1).filter(Boolean)) assert.ok(same.includes(line), line);
    assert.match(r.out, /\[high\] signed-header-changed: The signed Subject was changed after signing/);
    assert.match(cli('verify', '--item', 'em-').err, /"em-" is ambiguous/);
  });
});

describe('the workbench item API', () => {
  test('gives what show --json gives: same verdict, same flags in the same order, same change', async () => {
    const app = createApp({ store: kase.store, allowedHosts: ['127.0.0.1:8765'] }).app;
    for (const mid of ['inserted', 'subject', 'replaced', 'wrapped']) {
      const id = idAt(kase.store, `${mid}@avancer.example`);
      const res = await app.request(`/api/items/${id}`, { headers: { host: '127.0.0.1:8765' } });
      assert.equal(res.status, 200);
      const api = (await res.json()) as Record<string, unknown>;
      const cli = JSON.parse(show(id, '--json').out);
      for (const k of ['verdict', 'flags', 'change']) assert.deepEqual(api[k], cli[k], `${mid}: ${k}`);
    }
    const id = idAt(kase.store, 'replaced@avancer.example');
    const api = (await (
      await app.request(`/api/items/${id}`, { headers: { host: '127.0.0.1:8765' } })
    ).json()) as {
      flags: { kind: string; severity: string }[];
      change: { headerChanges: { header: string; signedCopyValue: string; basis: string }[] };
    };
    assert.deepEqual(
      api.flags.map((f) => f.severity),
      [...api.flags.map((f) => f.severity)].sort((a, b) => rank(a) - rank(b)),
      'strongest first',
    );
    assert.deepEqual(api.change.headerChanges[0], {
      header: 'Subject',
      signedCopyValue: 'Budget Lyon',
      expectedValue: null,
      thisValue: 'Virement Chypre',
      basis: 'verified-copy',
      how: 'a copy of this message whose signature verifies',
      ops: [
        { op: 'del', text: 'Budget Lyon ' },
        { op: 'ins', text: 'Virement Chypre ' },
      ],
    });
  });
});

const rank = (s: string) => ['high', 'medium', 'low', 'info'].indexOf(s);

describe('the report', () => {
  test('the authenticity chapter shows the inserted text and the changed header', async () => {
    const { buildReport } = await import('../../src/report/report.js');
    const html = await buildReport(kase.store, { title: 'Change', now: new Date('2026-01-01T00:00:00Z') });
    const at = html.indexOf('<h3>What was changed</h3>');
    assert.ok(at > html.indexOf('<h2 id="authenticity">'), 'inside the authenticity chapter');
    const section = html.slice(at, html.indexOf('</table>', at));
    assert.match(section, /5 messages were changed after they were signed/);
    const esc = (s: string) => s.replace(/'/g, '&#39;').replace(/"/g, '&#34;');
    assert.ok(section.includes(`<ins>${esc(INSERTED)}</ins>`), section);
    assert.ok(section.includes(esc(`Subject: "${SUBJECT}" → "${SUBJECT}${ADDED}"`)), section);
    assert.ok(section.includes(esc('Subject: "Budget Lyon" → "Virement Chypre"')), section);
    assert.ok(section.includes(esc('Subject (probably): "Budget Albi" → "Virement Chypre"')), section);
  });
});
