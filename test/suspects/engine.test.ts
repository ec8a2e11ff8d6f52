/**
 * The suspects engine's pure part on generated items whose truth is known: which items are
 * suspects, their order (cryptographic > case > heuristic; severity; signals), and which stories
 * the links make (carried documents, one editor, one rare origin, one finding within 72 hours).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suspectsOf } from '../../src/suspects/index.js';
import { flagSignal, verdictSignal } from '../../src/suspects/signals.js';
import { dayRange } from '../../src/suspects/stories.js';
import type { ItemFacts, Signal } from '../../src/suspects/types.js';

const flag = (kind: string, severity: string, stage = 'verify', evidence: Record<string, unknown> = {}) =>
  flagSignal({ kind, severity, message: `${kind} seen`, evidence, stage });

function item(id: string, o: Partial<ItemFacts> & { signals: (Signal | null)[] }): ItemFacts {
  return {
    kind: id.startsWith('doc') ? 'document' : 'email',
    title: id,
    date: '2017-01-01T10:00:00Z',
    people: [`${id}@org.example`],
    messageId: `${id}@org.example`,
    sha256: null,
    verdict: null,
    carriedBy: [],
    carries: [],
    rareOrigin: null,
    rareClient: null,
    editor: null,
    ...o,
    id,
    signals: o.signals.filter((s): s is Signal => s !== null),
  };
}

test('which verdicts and flags make a suspect', () => {
  assert.equal(verdictSignal('verified', 'ok', []), null);
  assert.equal(verdictSignal('unsigned', 'none', []), null);
  // Re-encoded in transit: harmless, no suspect.
  assert.equal(
    verdictSignal('body-altered', 'x', [
      { verdict: 'body-altered', bodyDiagnosis: { diagnosis: 're-encoded-in-transit' } },
    ]),
    null,
  );
  assert.equal(
    verdictSignal('body-altered', 'x', [{ verdict: 'body-altered' }])?.evidence.diagnosis,
    'content-changed',
  );
  assert.equal(
    verdictSignal('body-altered', 'x', [{ verdict: 'body-altered', bodyResult: 'pass', bytesPastLimit: 12 }])
      ?.evidence.diagnosis,
    'content-appended',
  );
  assert.equal(flag('rare-application', 'low', 'metadata'), null, 'low severity is context');
  assert.equal(flag('sensitive-password', 'high', 'triage'), null, 'triage flags say what an item holds');
  assert.equal(flag('unsigned-from-signing-domain', 'high')?.class, 'case');
  assert.equal(flag('content-past-l', 'high')?.class, 'cryptographic');
  assert.equal(flag('message-id-mismatch', 'medium')?.class, 'heuristic');
  assert.equal(flag('some-new-flag', 'medium')?.class, 'heuristic', 'an unknown flag counts as a heuristic');
});

test('ranking: cryptographic > case > heuristic, then severity, then number of signals', () => {
  const r = suspectsOf([
    item('heur-high-2', {
      signals: [flag('received-out-of-order', 'high'), flag('date-far-from-received', 'medium')],
    }),
    item('heur-medium', { signals: [flag('message-id-mismatch', 'medium')] }),
    item('case-1', { signals: [flag('unsigned-from-signing-domain', 'high')] }),
    item('crypto', { signals: [verdictSignal('signature-invalid', 'Signed headers changed.', [])] }),
    item('case-2', {
      signals: [flag('unsigned-from-signing-domain', 'high'), flag('timezone-inconsistent', 'medium')],
    }),
    item('clean', { signals: [flag('rare-application', 'low', 'metadata')] }),
  ]);
  assert.deepEqual(
    r.suspects.map((s) => s.id),
    ['crypto', 'case-2', 'case-1', 'heur-high-2', 'heur-medium'],
  );
  assert.deepEqual(
    r.suspects.map((s) => s.rank),
    [1, 2, 3, 4, 5],
  );
  const c2 = r.suspects[1];
  assert.equal(c2?.finding, 'unsigned-from-signing-domain');
  assert.equal(c2?.score, 232);
  assert.equal(c2?.reason, 'Unsigned-from-signing-domain seen. (+1 more signal)');
  assert.deepEqual(r.counts, {
    emails: 5,
    documents: 0,
    byFinding: {
      'signature-invalid': 1,
      'unsigned-from-signing-domain': 2,
      'received-out-of-order': 1,
      'message-id-mismatch': 1,
    },
  });
});

test('stories: fabricated mails carrying an outsider’s documents are one; unrelated suspects stay alone', () => {
  const outside = (id: string, carriedBy: string[]) =>
    item(id, {
      date: '2017-03-27T10:10:00Z',
      carriedBy,
      editor: 'Рошка Георгий Петрович',
      signals: [flag('outside-editor', 'high', 'metadata', { editor: 'Рошка Георгий Петрович' })],
    });
  const fab = (id: string, date: string, carries: string[]) =>
    item(id, { date, carries, signals: [flag('unsigned-from-signing-domain', 'high')] });
  const r = suspectsOf([
    fab('m1', '2017-03-24T05:00:00Z', ['doc1', 'doc2']),
    fab('m2', '2017-03-24T09:00:00Z', ['doc3']),
    // A third fabricated mail carrying nothing, three months earlier: alone.
    fab('m3', '2016-12-25T04:00:00Z', []),
    outside('doc1', ['m1']),
    outside('doc2', ['m1']),
    outside('doc3', ['m2']),
    // Two altered mails sharing only a rare origin IP, months apart.
    item('a1', {
      date: '2016-10-01T00:00:00Z',
      rareOrigin: '203.0.113.9',
      signals: [verdictSignal('body-altered', 'x', [])],
    }),
    item('a2', {
      date: '2017-02-01T00:00:00Z',
      rareOrigin: '203.0.113.9',
      signals: [verdictSignal('body-altered', 'y', [])],
    }),
    // Same rare client claimed, a year apart.
    item('c1', {
      date: '2016-01-01T00:00:00Z',
      rareClient: 'Bat! 4.0',
      signals: [flag('message-id-mismatch', 'medium')],
    }),
    item('c2', {
      date: '2017-01-20T00:00:00Z',
      rareClient: 'Bat! 4.0',
      signals: [flag('boundary-mismatch', 'medium')],
    }),
    // Same finding a week apart: not linked.
    item('h1', { date: '2017-01-01T00:00:00Z', signals: [flag('message-id-mismatch', 'medium')] }),
    item('h2', { date: '2017-01-08T00:00:00Z', signals: [flag('message-id-mismatch', 'medium')] }),
  ]);
  assert.equal(r.stories.length, 3);
  const [op, infra, client] = r.stories;
  assert.deepEqual(client?.items, ['c1', 'c2']);
  assert.match(
    client?.sentence ?? '',
    /look like one operation: the e-mails claim the same rare mail client \(Bat! 4\.0\)/,
  );
  assert.deepEqual([...(op?.items ?? [])].sort(), ['doc1', 'doc2', 'doc3', 'm1', 'm2']);
  assert.deepEqual([op?.emails, op?.documents, op?.from, op?.to], [2, 3, '2017-03-24', '2017-03-27']);
  assert.equal(
    op?.sentence,
    '2 e-mails of 24 Mar 2017 (unsigned although their domain signs its mail) and 3 documents of 27 Mar 2017 (edited outside the organisation) look like one operation: the e-mails carry the documents; the documents were last edited by "Рошка Георгий Петрович"; items of the same finding fall within 72 hours of each other.',
  );
  assert.deepEqual(infra?.items, ['a1', 'a2']);
  assert.match(infra?.sentence ?? '', /left from the same rare host \(203\.0\.113\.9\)/);
  const storyOf = Object.fromEntries(r.suspects.map((s) => [s.id, s.story]));
  assert.deepEqual([storyOf.m3, storyOf.h1, storyOf.h2], [null, null, null]);
  assert.equal(storyOf.doc1, 1);
});

test('day ranges read as a journalist writes them', () => {
  assert.equal(dayRange('2017-03-24T05:00:00Z', '2017-03-25T08:00:00Z'), '24–25 Mar 2017');
  assert.equal(dayRange('2017-03-30', '2017-04-02'), '30 Mar – 2 Apr 2017');
  assert.equal(dayRange('2016-12-30', '2017-01-02'), '30 Dec 2016 – 2 Jan 2017');
  assert.equal(dayRange(null, null), 'undated');
});

test('client: X-Mailer, else User-Agent', async () => {
  const { clientOf } = await import('../../src/suspects/read.js');
  assert.equal(
    clientOf([
      { name: 'User-Agent', value: 'Thunderbird' },
      { name: 'X-Mailer', value: ' Microsoft Outlook 16.0 ' },
    ]),
    'Microsoft Outlook 16.0',
  );
  assert.equal(clientOf([{ name: 'user-agent', value: 'Mutt/1.5' }]), 'Mutt/1.5');
  assert.equal(clientOf([]), null);
});

test('origin host: the client of the first (lowest) Received hop, IP literal preferred', async () => {
  const { originHost } = await import('../../src/suspects/read.js');
  const received = (value: string) => ({ name: 'Received', value });
  assert.equal(
    originHost([
      received('from mx1.org.example ([192.0.2.10]) by imap.org.example with LMTP'),
      received('from [10.19.132.101] (unknown [10.19.132.101]) by smtp.org.example with ESMTPSA'),
    ]),
    '10.19.132.101',
  );
  assert.equal(originHost([received('from laptop.evil.test by smtp.org.example')]), 'laptop.evil.test');
  assert.equal(originHost([{ name: 'From', value: 'a@b' }]), null);
});
