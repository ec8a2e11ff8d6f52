import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatTime, MAX_COLUMN_WIDTH, table, wrapText } from '../../src/core/format.js';

describe('text tables', () => {
  it('wrap a long reason at spaces instead of cutting it', () => {
    const reason =
      'The DKIM signature d=avancer.example verifies the headers but not the body: the text was changed after signing';
    const t = table(['id', 'reason'], [['em-1', reason]]);
    const lines = t.split('\n');
    assert.ok(lines.length > 3, t);
    for (const l of lines) assert.ok(l.length <= 4 + 2 + MAX_COLUMN_WIDTH, l);
    // Every word of the reason is whole on some line, in order.
    const cells = lines.slice(2).map((l) => l.slice(6).trim());
    assert.equal(cells.join(' '), reason);
    assert.equal(lines[2]!.slice(0, 4), 'em-1');
    assert.equal(lines[3]!.slice(0, 4), '    ', 'continuation lines leave the other columns blank');
  });

  it('never loses or reorders a character, and no line is wider than asked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-zé]{1,30}$/), { maxLength: 20 }),
        fc.integer({ min: 5, max: 40 }),
        (words, width) => {
          const text = words.join(' ');
          const lines = wrapText(text, width);
          for (const l of lines) assert.ok(l.length <= width);
          assert.equal(lines.join('').replace(/ /g, ''), text.replace(/ /g, ''));
          // A word that fits in the column is never split.
          for (const w of words.filter((x) => x.length <= width))
            assert.ok(lines.some((l) => l.split(' ').includes(w)));
        },
      ),
    );
  });
});

describe('formatTime', () => {
  it('writes UTC minutes, seconds only when there are some', () => {
    assert.equal(formatTime('2017-05-05T18:49:00.000Z'), '2017-05-05 18:49 UTC');
    assert.equal(formatTime('2017-05-05T20:49:07+02:00'), '2017-05-05 18:49:07 UTC');
    assert.equal(formatTime(Date.UTC(2017, 4, 5, 18, 49)), '2017-05-05 18:49 UTC');
    assert.equal(formatTime(null), '');
    assert.equal(formatTime('not a time'), 'not a time');
  });
});
