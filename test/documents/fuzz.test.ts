import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { makeJpeg } from './gen/exif.js';
import { makeDocx } from './gen/office.js';
import { makeDoc } from './gen/ole.js';
import { records } from './helpers.js';

// Decoders of hostile input must only ever return records: a clean failure reason from the
// ingestor (IngestError), never an unexpected exception (reason 'error').
const SEEDS: [string, Buffer][] = [
  ['x.docx', makeDocx({ author: 'A', paragraphs: ['texte'] })],
  ['x.doc', makeDoc({ author: 'A', text: 'texte', savedBy: [{ author: 'a', path: 'C:\\Users\\a\\x.doc' }] })],
  [
    'x.jpg',
    makeJpeg({ make: 'X', artist: 'A', dateTimeOriginal: '2017:03:27 14:05:00', gps: { lat: 1, lon: 2 } }),
  ],
  [
    'x.rtf',
    Buffer.from(String.raw`{\rtf1\ansi{\info{\author A}{\creatim\yr2017\mo3\dy27}}\pard x\par}`, 'latin1'),
  ],
];

for (const [name, seed] of SEEDS) {
  test(`${name}: corrupted bytes give records with ingestor reasons, never an unexpected error`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: seed.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.nat({ max: seed.length }),
        async (edits, cut) => {
          const b = Buffer.from(seed);
          for (const [at, v] of edits) b[at] = v;
          const recs = await records(b.subarray(0, Math.max(cut, 16)), name);
          assert.ok(recs.length >= 1);
          for (const r of recs) assert.notEqual(r.failure?.reason, 'error', r.failure?.message);
        },
      ),
      { numRuns: 150, seed: 42 },
    );
  });
}
