import assert from 'node:assert/strict';
import { test } from 'node:test';
import { threadIndexAncestors } from '../../src/analyze/thread-index.js';
import { threadMessages } from '../../src/analyze/threads.js';
import { dropMessages, type GenMessage, generateThreads, type Variant } from './gen-threads.js';

/** Checks every message against the planted truth: same thread as its true thread-mates, and its
 * parent is the nearest ancestor still present in the dump. */
function check(msgs: GenMessage[]): { wrongParent: string[]; split: number; merged: number } {
  const rows = threadMessages(msgs);
  assert.equal(rows.length, msgs.length, 'one row per message');
  const by = new Map(rows.map((r) => [r.itemId, r]));
  const present = new Set(msgs.map((m) => m.itemId));
  const wrongParent: string[] = [];
  for (const m of msgs) {
    const want = m.truthAncestors.find((a) => present.has(a)) ?? null;
    if (by.get(m.itemId)!.parentId !== want)
      wrongParent.push(`${m.itemId}: got ${by.get(m.itemId)!.parentId} want ${want}`);
  }
  const truthToThreads = new Map<number, Set<string>>();
  const threadToTruth = new Map<string, Set<number>>();
  for (const m of msgs) {
    const th = by.get(m.itemId)!.threadId;
    truthToThreads.set(m.truthThread, (truthToThreads.get(m.truthThread) ?? new Set()).add(th));
    threadToTruth.set(th, (threadToTruth.get(th) ?? new Set()).add(m.truthThread));
  }
  const split = [...truthToThreads.values()].filter((s) => s.size > 1).length;
  const merged = [...threadToTruth.values()].filter((s) => s.size > 1).length;
  return { wrongParent, split, merged };
}

for (const variant of ['full', 'in-reply-to-only', 'outlook-only', 'broken-references'] as Variant[]) {
  test(`threads: generated trees, ${variant} headers, rebuilt exactly`, () => {
    const msgs = generateThreads(variant.length * 31, 150, variant);
    const r = check(msgs);
    assert.deepEqual(r.wrongParent.slice(0, 5), []);
    assert.equal(r.split, 0);
    assert.equal(r.merged, 0);
  });
}

test('threads: 30% of messages missing from the dump — parents resolve to the nearest present ancestor', () => {
  for (const variant of ['full', 'outlook-only'] as Variant[]) {
    const msgs = dropMessages(generateThreads(7, 200, variant), 0.3, 99);
    const r = check(msgs);
    assert.deepEqual(r.wrongParent.slice(0, 5), [], variant);
    assert.equal(r.merged, 0, variant);
    assert.equal(r.split, 0, `${variant}: siblings whose common parent is missing stay in one thread`);
  }
});

test('threads: in-reply-to-only with missing parents splits at the gap, but the subject fallback rejoins replies', () => {
  const msgs = dropMessages(generateThreads(11, 100, 'in-reply-to-only'), 0.3, 5);
  const rows = threadMessages(msgs);
  const byThread = new Map<string, Set<number>>();
  for (const r of rows)
    byThread.set(
      r.threadId,
      (byThread.get(r.threadId) ?? new Set()).add(msgs.find((m) => m.itemId === r.itemId)!.truthThread),
    );
  assert.ok(
    [...byThread.values()].every((s) => s.size === 1),
    'no two planted threads merged',
  );
  // Subjects are unique per planted thread, so every reply is rejoined to its thread by subject.
  assert.equal(byThread.size, new Set(msgs.map((m) => m.truthThread)).size);
});

test('threads: subject fallback keeps two unrelated originals with the same subject apart', () => {
  const rows = threadMessages([
    {
      itemId: 'a',
      messageId: '<a@x>',
      inReplyTo: null,
      references: [],
      subject: 'Déjeuner',
      date: '2017-01-01',
    },
    {
      itemId: 'b',
      messageId: '<b@x>',
      inReplyTo: null,
      references: [],
      subject: 'Déjeuner',
      date: '2017-02-01',
    },
    {
      itemId: 'c',
      messageId: '<c@x>',
      inReplyTo: null,
      references: [],
      subject: 'RE : déjeuner',
      date: '2017-02-02',
    },
  ]);
  const th = Object.fromEntries(rows.map((r) => [r.itemId, r.threadId]));
  assert.notEqual(th.a, th.b);
  assert.equal(
    rows.find((r) => r.itemId === 'c')!.parentId,
    'a',
    'a reply without headers attaches to the first original',
  );
});

test('threads: reference loops and self-references do not hang or lose messages', () => {
  const rows = threadMessages([
    { itemId: 'a', messageId: '<a@x>', inReplyTo: '<b@x>', references: ['<b@x>'], subject: 'x' },
    { itemId: 'b', messageId: '<b@x>', inReplyTo: '<a@x>', references: ['<a@x>'], subject: 'Re: x' },
    { itemId: 'c', messageId: '<c@x>', inReplyTo: '<c@x>', references: ['<c@x>'], subject: 'self' },
    { itemId: 'd', messageId: '<a@x>', inReplyTo: null, references: [], subject: 'duplicate id' },
  ]);
  assert.equal(rows.length, 4);
  const a = rows.find((r) => r.itemId === 'a')!;
  const b = rows.find((r) => r.itemId === 'b')!;
  assert.equal(a.threadId, b.threadId);
  assert.ok((a.parentId === null) !== (b.parentId === null), 'exactly one of the pair is the root');
  assert.equal(rows.find((r) => r.itemId === 'c')!.parentId, null);
});

test('thread-index: ancestors of a 2-reply index, malformed values rejected', () => {
  const b = Buffer.alloc(32, 7).toString('base64');
  const anc = threadIndexAncestors(b);
  assert.equal(anc.length, 3);
  assert.equal(anc[0], `ti:${'07'.repeat(22)}`);
  assert.deepEqual(threadIndexAncestors(Buffer.alloc(23).toString('base64')), []);
  assert.deepEqual(threadIndexAncestors('not base64!'), []);
  assert.deepEqual(threadIndexAncestors(null), []);
});

/** A patch series as git send-email writes it: patches reply to the cover letter, reviews to patches. */
function patchSeries(
  tag: string,
  cover: string,
  patches: number,
  repliesPerPatch: number,
  title = `${tag} change`,
): GenMessage[] {
  const out: GenMessage[] = [];
  const base = { truthThread: 0, truthParent: null, truthAncestors: [] as string[] };
  for (let p = 1; p <= patches; p++) {
    const pid = `<${tag}-${p}@lists.example>`;
    out.push({
      ...base,
      itemId: `${tag}-p${p}`,
      messageId: pid,
      inReplyTo: cover,
      references: [cover],
      subject: `[PATCH ${p}/${patches}] ${title} ${p}`,
      date: `2021-03-0${1 + (p % 8)}T10:00:00Z`,
    });
    for (let r = 0; r < repliesPerPatch; r++)
      out.push({
        ...base,
        itemId: `${tag}-p${p}-r${r}`,
        messageId: `<${tag}-${p}-r${r}@lists.example>`,
        inReplyTo: pid,
        references: [cover, pid],
        subject: `Re: [PATCH ${p}/${patches}] ${title} ${p}`,
        date: `2021-03-0${1 + (p % 8)}T11:0${r}:00Z`,
      });
  }
  return out;
}

test('threads: a patch series whose cover letter is missing stays one thread under the missing root', () => {
  const msgs = patchSeries('v1', '<cover-v1@lists.example>', 12, 3);
  const rows = threadMessages(msgs);
  assert.equal(new Set(rows.map((r) => r.threadId)).size, 1, '12 patches and 36 reviews, one conversation');
  for (const r of rows.filter((x) => !x.itemId.includes('-r'))) assert.equal(r.parentId, null);
  for (const r of rows.filter((x) => x.itemId.includes('-r')))
    assert.equal(r.parentId, r.itemId.replace(/-r\d+$/, ''), 'a review hangs under its patch');
  // Deterministic: the thread id is derived from the missing root's Message-ID, whatever the order.
  const again = threadMessages([...msgs].reverse());
  assert.equal(again[0]!.threadId, rows[0]!.threadId);
});

test('threads: deleting random messages from a threaded corpus never changes the thread count', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const full = [...patchSeries('a', '<cover-a@x>', 8, 2), ...patchSeries('b', '<cover-b@x>', 5, 1)].map(
      (m) => ({ ...m, truthThread: m.itemId.startsWith('a-') ? 0 : 1 }),
    );
    const kept = dropMessages(full, 0.5, seed);
    const want = new Set(kept.map((m) => m.truthThread)).size;
    const rows = threadMessages(kept);
    assert.equal(new Set(rows.map((r) => r.threadId)).size, want, `seed ${seed}`);
  }
});

test('threads: two versions of a series with missing covers and the same patch titles stay apart (as in notmuch)', () => {
  // v2 has the same patch titles as v1 after the list tag is stripped.
  const v1 = patchSeries('v1', '<cover-v1@x>', 3, 0, 'net: fix');
  const v2 = patchSeries('v2', '<cover-v2@x>', 3, 0, 'net: fix');
  const rows = threadMessages([...v1, ...v2]);
  const th = (id: string) => rows.find((r) => r.itemId === id)!.threadId;
  assert.notEqual(th('v1-p1'), th('v2-p1'));
  // Three resends of one patch without any reference: a list tag is not a reply prefix.
  const resends = [1, 2, 3].map((i) => ({
    itemId: `s${i}`,
    messageId: `<s${i}@x>`,
    inReplyTo: null,
    references: [],
    subject: '[PATCH v2 1/4] Rework tagging infrastructure',
    date: `2018-09-17T16:5${i}:00Z`,
  }));
  assert.equal(new Set(threadMessages(resends).map((r) => r.threadId)).size, 3);
});

test('threads: git send-email\'s "In-Reply-To: <yes>" keeps each series together, two senders\' series apart', () => {
  const series = (who: string, day: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      itemId: `${who}-${i}`,
      messageId: `<${who}-${i}@x>`,
      inReplyTo: null, // ingest finds no msg-id with "@" in "<yes>"
      references: ['<yes>'],
      subject: `[PATCH ${i}/${n - 1}] ${who} part ${i}`,
      date: `${day}T15:2${i}:00Z`,
      from: who,
    }));
  const review = {
    itemId: 'review',
    messageId: '<review@y>',
    inReplyTo: '<suresh-3@x>',
    references: ['<yes>', '<suresh-3@x>'],
    subject: 'Re: [PATCH 3/10] suresh part 3',
    date: '2010-06-23T09:00:00Z',
    from: 'David',
  };
  const rows = threadMessages([
    ...series('suresh', '2010-06-22', 11),
    ...series('stefan', '2009-11-22', 3),
    review,
  ]);
  const th = (id: string) => rows.find((r) => r.itemId === id)!.threadId;
  assert.equal(new Set(rows.filter((r) => r.itemId.startsWith('suresh')).map((r) => r.threadId)).size, 1);
  assert.equal(new Set(rows.filter((r) => r.itemId.startsWith('stefan')).map((r) => r.threadId)).size, 1);
  assert.notEqual(th('suresh-0'), th('stefan-0'), "one bogus id does not glue two people's series");
  assert.equal(th('review'), th('suresh-0'));
  assert.equal(rows.find((r) => r.itemId === 'review')!.parentId, 'suresh-3');
  // Without a sender, a bogus id links nothing (no shared container for anonymous garbage).
  const anon = threadMessages(
    series('', '2010-06-22', 3).map((m, i) => ({ ...m, itemId: `a${i}`, messageId: `<a${i}@x>` })),
  );
  assert.equal(new Set(anon.map((r) => r.threadId)).size, 3);
});

test('threads: two same-subject conversations stay apart when their roots are missing (References name them)', () => {
  const conv = (k: string, day: string) => [
    {
      itemId: `${k}-root`,
      messageId: `<${k}-root@x>`,
      inReplyTo: null,
      references: [],
      subject: 'Suite de notre échange',
      date: `${day}T08:00:00Z`,
    },
    {
      itemId: `${k}-reply`,
      messageId: `<${k}-reply@x>`,
      inReplyTo: `<${k}-root@x>`,
      references: [`<${k}-root@x>`],
      subject: 'RE: Suite de notre échange',
      date: `${day}T09:00:00Z`,
    },
  ];
  const full = [...conv('sep', '2016-09-18'), ...conv('jan', '2017-01-24')];
  assert.equal(new Set(threadMessages(full).map((r) => r.threadId)).size, 2);
  for (const gone of ['sep-root', 'jan-root']) {
    const kept = full.filter((m) => m.itemId !== gone);
    assert.equal(new Set(threadMessages(kept).map((r) => r.threadId)).size, 2, `without ${gone}`);
  }
  // A reply with only In-Reply-To (no References) may sit after a gap: the subject still joins it.
  const irtOnly = [
    conv('sep', '2016-09-18')[0]!,
    { ...conv('sep', '2016-09-18')[1]!, inReplyTo: '<gone@x>', references: [] },
  ];
  assert.equal(new Set(threadMessages(irtOnly).map((r) => r.threadId)).size, 1);
});
