/**
 * "What changed" on generated cases with known truth (change-case.ts): the text-html-mismatch
 * and signed-header-changed flags, the diff's inserted sentence, the header named; nothing on the
 * authentic, hard-wrapped and benignly re-encoded messages beside them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { alterSubject } from '../../src/demo/tamper.js';
import { getItem } from '../../src/search/item.js';
import { verifyMessage } from '../../src/verify/message.js';
import { comparePlainAndHtml } from '../../src/verify/part-compare.js';
import { unifiedLines, wordDiff } from '../../src/verify/text-diff.js';
import {
  ADDED,
  alternative,
  buildChangeCase,
  type ChangeCase,
  INSERTED,
  idAt,
  SUBJECT,
} from './change-case.js';
import { candidate, lookup, plainMessage, rsaKey, sign } from './helpers.js';

let kase: ChangeCase;
before(async () => {
  kase = await buildChangeCase();
});
after(() => kase.cleanup());

const flagsOf = (kinds: string[]) =>
  kase.store.db
    .prepare(
      `SELECT e.message_id AS mid, i.provenance, f.kind, f.severity, f.evidence_json FROM flags f
       JOIN emails e ON e.id = f.item_id JOIN items i ON i.id = f.item_id
       WHERE f.kind IN (${kinds.map(() => '?').join(',')}) ORDER BY i.provenance`,
    )
    .all(...kinds) as {
    mid: string;
    provenance: string;
    kind: string;
    severity: string;
    evidence_json: string;
  }[];

describe('flags on the generated case', () => {
  test('exactly the altered messages are flagged, each with the right kind', () => {
    const got = flagsOf(['text-html-mismatch', 'signed-header-changed']).map((f) => [f.provenance, f.kind]);
    assert.deepEqual(got, [
      ['dump/inbox/inserted.eml', 'text-html-mismatch'],
      ['dump/inbox/replaced.eml', 'signed-header-changed'],
      ['dump/inbox/subject.eml', 'signed-header-changed'],
      ['dump/inbox/topic.eml', 'signed-header-changed'],
    ]);
  });

  test('without proof or copy, the conversation makes the Subject a lead (medium), not a finding', () => {
    const f = flagsOf(['signed-header-changed']).find((x) => x.provenance === 'dump/inbox/topic.eml');
    const ev = JSON.parse(f?.evidence_json ?? '{}');
    assert.equal(f?.severity, 'medium');
    assert.deepEqual(
      [ev.header, ev.signedCopyValue, ev.expectedValue, ev.thisValue, ev.basis],
      ['Subject', null, 'Budget Albi', 'Virement Chypre', 'thread-subjects'],
    );
    assert.deepEqual(
      ev.sources.map((s: { source: string }) => s.source),
      ['Thread-Topic', 'conversation'],
    );
  });

  test('text-html-mismatch quotes the sentence only in the plain part', () => {
    const [f] = flagsOf(['text-html-mismatch']);
    const ev = JSON.parse(f?.evidence_json ?? '{}');
    assert.deepEqual(ev.onlyInText, [INSERTED]);
    assert.deepEqual(ev.onlyInHtml, []);
    assert.equal(f?.severity, 'high', 'corroborated by the broken body hash');
  });

  test('signed-header-changed names the Subject and both values', () => {
    const [replaced, subject] = flagsOf(['signed-header-changed'])
      .filter((f) => f.provenance !== 'dump/inbox/topic.eml')
      .map((f) => JSON.parse(f.evidence_json));
    assert.deepEqual(
      [subject.header, subject.signedCopyValue, subject.thisValue, subject.basis],
      ['Subject', SUBJECT, `${SUBJECT}${ADDED}`, 'signature-verifies-without-added-text'],
    );
    assert.deepEqual(
      [replaced.header, replaced.signedCopyValue, replaced.thisValue, replaced.basis],
      ['Subject', 'Budget Lyon', 'Virement Chypre', 'verified-copy'],
    );
    assert.equal(replaced.copyItemId, idAt(kase.store, 'replaced@avancer.example', 'sent'));
  });

  test('the verdict reason says which header changed', async () => {
    const item = await getItem(new SqliteDb(kase.store.db), idAt(kase.store, 'subject@avancer.example'));
    assert.equal(item?.verdict?.verdict, 'signature-invalid');
    assert.match(item?.verdict?.reason ?? '', /the Subject was changed after signing/);
    const sig = (item?.verdict?.signatures ?? [])[0] as { headerDiagnosis?: { signedValue: string } };
    assert.equal(sig.headerDiagnosis?.signedValue, SUBJECT);
  });
});

describe('the diff in the item reader', () => {
  test('against the HTML part: the inserted sentence, nothing removed', async () => {
    const c = (await getItem(new SqliteDb(kase.store.db), idAt(kase.store, 'inserted@avancer.example')))
      ?.change;
    assert.equal(c?.against, 'html-part');
    assert.deepEqual(c?.inserted, [INSERTED]);
    assert.deepEqual(c?.removed, []);
  });

  test('against the verified copy from the other mailbox, when there is one', async () => {
    const c = (await getItem(new SqliteDb(kase.store.db), idAt(kase.store, 'copy@avancer.example')))?.change;
    assert.equal(c?.against, 'verified-copy');
    assert.equal(c?.copyId, idAt(kase.store, 'copy@avancer.example', 'sent'));
    assert.deepEqual(c?.inserted, [INSERTED]);
    assert.deepEqual(c?.removed, []);
  });

  test('header changes are carried, authentic messages have no change', async () => {
    const c = (await getItem(new SqliteDb(kase.store.db), idAt(kase.store, 'subject@avancer.example')))
      ?.change;
    assert.deepEqual(
      c?.headerChanges.map((h) => [h.header, h.signedCopyValue]),
      [['Subject', SUBJECT]],
    );
    for (const mid of ['wrapped', 'benign-0', 'benign-3'])
      assert.equal(
        (await getItem(new SqliteDb(kase.store.db), idAt(kase.store, `${mid}@avancer.example`)))?.change,
        null,
        mid,
      );
  });
});

describe('header diagnosis without a copy', () => {
  const key = rsaKey(2048);
  const keys = lookup([candidate('avancer.example', 's2017', key.record)]);
  const signed = (m: string, headerList?: string[]) =>
    sign(m, { domain: 'avancer.example', selector: 's2017', key, headerList });

  test('a Subject replaced outright is not explained (no guess without proof)', async () => {
    const raw = alterSubject(await signed(alternative('x', 'Budget Lyon')), 'Virement Chypre');
    const v = await verifyMessage(Buffer.from(raw), { keys });
    assert.equal(v.verdict, 'signature-invalid');
    assert.equal(
      v.flags.find((f) => f.kind === 'signed-header-changed'),
      undefined,
    );
  });

  test('a prefix added to a plain ASCII Subject is found', async () => {
    const raw = (await signed(plainMessage())).replace('Subject: Budget', 'Subject: [EXTERNAL] Budget');
    const v = await verifyMessage(Buffer.from(raw), { keys });
    const f = v.flags.find((x) => x.kind === 'signed-header-changed');
    assert.deepEqual(
      [f?.evidence.signedCopyValue, f?.evidence.thisValue],
      ['Budget de la campagne', '[EXTERNAL] Budget de la campagne'],
    );
  });

  test('a signed field added after signing is found', async () => {
    // RFC 6376 §5.4.2: h= signs the bottom-most From; one added below it takes its place.
    const raw = (await signed(plainMessage())).replace(
      /\r\n\r\n/,
      '\r\nFrom: Trésorier <collect@evil.example>\r\n\r\n',
    );
    const v = await verifyMessage(Buffer.from(raw), { keys });
    const f = v.flags.find((x) => x.kind === 'signed-header-changed');
    assert.deepEqual(
      [f?.evidence.header, f?.evidence.basis, f?.evidence.thisValue],
      ['From', 'signature-verifies-without-field', 'Trésorier <collect@evil.example>'],
    );
  });
});

describe('pure parts', () => {
  test('part comparison ignores wrapping, links, quoting and punctuation', () => {
    const html =
      'Voici la note que nous avions évoquée hier soir.\nLes chiffres sont à confirmer avec Albi demain.';
    const text =
      '> Une ligne citée qui ne figure pas ailleurs du tout.\nVoici la note que nous avions\névoquée hier soir !\n\nLes chiffres sont à confirmer avec Albi demain <https://x.example/a>';
    assert.equal(comparePlainAndHtml(text, html).disagree, false);
    const forwarded = comparePlainAndHtml(
      `----- Forwarded Message -----\nFrom: "Foo Bar" <foo@example.com>\nSubject: Une nouvelle université ouvre ses portes\n${text}`,
      html,
    );
    assert.equal(forwarded.disagree, false, 'headers of a forwarded message are not sentences of this one');
    const teaser = comparePlainAndHtml('Ouvrez ce message dans votre navigateur pour le lire.', html);
    assert.equal(
      teaser.disagree,
      false,
      'a text part that is only a pointer to the HTML is not a disagreement',
    );
    const added = comparePlainAndHtml(`${text}\nVirez les fonds sur le compte chypriote ce soir.`, html);
    assert.deepEqual(added.onlyInText, ['Virez les fonds sur le compte chypriote ce soir.']);
  });

  test('two templates of one newsletter (header and footer differ on both sides) are not a disagreement', () => {
    // Reproduces mailauth's real message3.eml (cron.weekly): 3 sentences only in the text part,
    // 7 only in the HTML part, 42 shared.
    const body = Array.from(
      { length: 12 },
      (_, i) => `Article ${i} explains how the server ${i} was patched last week.`,
    );
    const text = [
      'View this issue in your browser please today.',
      ...body,
      'Did you like this issue? Tell me.',
      "Don't want this newsletter anymore? Unsubscribe.",
    ];
    const html = [
      'News and tools for Linux sysadmins and web developers.',
      ...body,
      "Thanks for reading this week's issue, see you.",
      'You signed up at the website last year.',
      'Are you interested in advertising here?',
    ];
    const c = comparePlainAndHtml(text.join('\n'), html.join('\n'));
    assert.deepEqual([c.onlyInText.length, c.onlyInHtml.length, c.disagree], [3, 4, false]);
    const reworded = comparePlainAndHtml(
      body.join('\n').replace('server 3 was patched', 'server 3 was wiped'),
      body.join('\n'),
    );
    assert.equal(reworded.disagree, true, 'one reworded sentence is still a disagreement');
  });

  test('real messages with both parts (public fixtures): none is called a disagreement', async () => {
    const { default: PostalMime } = await import('postal-mime');
    const { htmlToText } = await import('../../src/util/html-text.js');
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const fixtures = join(import.meta.dirname, '..', 'fixtures');
    const dirs = [join(fixtures, 'verify', 'mailauth', 'real'), join(fixtures, 'mail', 'tika-mail')];
    let both = 0;
    for (const dir of dirs)
      for (const f of readdirSync(dir).filter((x) => x.endsWith('.eml'))) {
        const m = await PostalMime.parse(readFileSync(join(dir, f)));
        if (!m.text || !m.html) continue;
        both++;
        assert.equal(comparePlainAndHtml(m.text, htmlToText(m.html)).disagree, false, f);
      }
    assert.ok(both >= 7, `only ${both} fixtures have both parts`);
  });

  test('the word diff rebuilds both texts, and the unified lines hold no control characters', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const words = () =>
      Array.from({ length: Math.floor(rand() * 15) }, () => 'abcde'[Math.floor(rand() * 5)]);
    for (let i = 0; i < 500; i++) {
      const a = words();
      const b = words();
      const ops = wordDiff(a.join(' '), b.join('\n'));
      const side = (skip: string) =>
        ops
          .filter((o) => o.op !== skip)
          .map((o) => o.text)
          .join('')
          .split(/\s+/)
          .filter(Boolean);
      assert.deepEqual([side('del'), side('ins')], [b, a]);
    }
    const lines = unifiedLines(wordDiff('a b', 'a \u001b[2J b \u0007'));
    assert.ok(
      lines.every((l) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(l)),
      lines.join('|'),
    );
    assert.ok(lines.some((l) => l.startsWith('+ ')));
  });
});
