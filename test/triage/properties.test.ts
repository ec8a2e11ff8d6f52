import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { extractEntities } from '../../src/analyze/entities/index.js';
import { stripSubject } from '../../src/analyze/subject.js';
import { threadMessages } from '../../src/analyze/threads.js';

// Leaked mail is hostile input: extractors must never throw and offsets must point at the value.
const texty = fc.string({
  unit: fc.constantFrom(...'0123456789 +-.,:/@€$£()\nabcdeFRIBANé'.split('')),
  maxLength: 200,
});

test('entities: never throw, offsets always match the value (body entities)', () => {
  fc.assert(
    fc.property(fc.oneof(texty, fc.string({ maxLength: 300 })), (t) => {
      for (const e of extractEntities(t)) {
        if (e.type === 'domain') continue; // a URL's domain carries the URL's offsets
        assert.equal(t.slice(e.start, e.end), e.value);
      }
    }),
    { numRuns: 400 },
  );
});

test('subjects: stripping is idempotent', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (s) => {
      assert.equal(stripSubject(stripSubject(s)), stripSubject(s));
    }),
  );
});

test('threads: arbitrary header soup yields exactly one row per message, parents are messages', () => {
  const id = fc.constantFrom('<a@x>', '<b@x>', '<c@x>', '<d@x>', 'garbage', '', '<e@x> <a@x>');
  const msg = fc.record({
    messageId: fc.option(id, { nil: null }),
    inReplyTo: fc.option(id, { nil: null }),
    references: fc.array(id, { maxLength: 4 }),
    subject: fc.option(fc.constantFrom('Re: x', 'x', 'AW: x', 'y', ''), { nil: null }),
  });
  fc.assert(
    fc.property(fc.array(msg, { maxLength: 12 }), (ms) => {
      const input = ms.map((m, i) => ({ ...m, itemId: `m${i}` }));
      const rows = threadMessages(input);
      assert.deepEqual(rows.map((r) => r.itemId).sort(), input.map((m) => m.itemId).sort());
      const ids = new Set(input.map((m) => m.itemId));
      const byId = new Map(rows.map((r) => [r.itemId, r]));
      for (const r of rows) {
        if (r.parentId === null) continue;
        assert.ok(ids.has(r.parentId));
        assert.equal(byId.get(r.parentId)!.threadId, r.threadId, 'a parent is in the same thread');
        assert.equal(r.depth, byId.get(r.parentId)!.depth + 1);
      }
    }),
    { numRuns: 300 },
  );
});
