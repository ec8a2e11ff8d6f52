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
