import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { bzip2Ingestor } from '../../src/ingest/archives/bzip2.js';
import { decodeEntryName } from '../../src/ingest/archives/entry-names.js';
import { gzipIngestor } from '../../src/ingest/archives/gzip.js';
import { safeEntryPath } from '../../src/ingest/archives/safe-path.js';
import { tarIngestor } from '../../src/ingest/archives/tar.js';
import { zipIngestor } from '../../src/ingest/archives/zip.js';
import { IngestError, type Ingestor } from '../../src/ingest/ingestor.js';
import { collect, inputOf } from './input.js';
import { writeTar } from './tar-writer.js';

/** Decoders of untrusted input never throw anything but an IngestError, and never hang on children. */
async function onlyIngestErrors(ing: Ingestor, data: Buffer, name: string): Promise<void> {
  try {
    await collect(() =>
      ing.ingest(inputOf(data, name, { maxCompressionRatio: 50, maxExpandedBytes: 1 << 22 })),
    );
  } catch (e) {
    assert.ok(e instanceof IngestError, `${ing.name} threw ${(e as Error)?.stack ?? e}`);
    assert.ok(e.reason.length > 0 && e.message.startsWith(name), e.message);
  }
}

const mutate = (base: Buffer) =>
  fc
    .array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), {
      minLength: 1,
      maxLength: 8,
    })
    .chain((edits) =>
      fc.nat(base.length).map((cut) => {
        const b = Buffer.from(base);
        for (const [i, v] of edits) b[i] = v;
        return b.subarray(0, Math.max(cut, 1));
      }),
    );

describe('archive decoders under random input', () => {
  it('safeEntryPath always yields a normalised relative path, and is idempotent', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'é', '.', '..', '/', '\\', 'C:', '\u0000', '\n', ' ', '日') }),
        (raw) => {
          const { path } = safeEntryPath(raw);
          const segs = path.split('/');
          assert.ok(!path.startsWith('/') && !path.includes('\\') && !/[\u0000-\u001f]/.test(path), path);
          assert.ok(
            segs.every((s) => s !== '' && s !== '.' && s !== '..'),
            path,
          );
          assert.deepEqual(safeEntryPath(path), { path, problem: null });
        },
      ),
    );
  });

  it('decodeEntryName never throws and keeps valid UTF-8 as is', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (bytes, flag) => {
        const r = decodeEntryName(bytes, flag, 'cp437');
        assert.equal(typeof r.name, 'string');
        if (flag && r.encoding === 'utf-8-invalid') assert.match(r.name, /%[0-9A-F]{2}/);
      }),
    );
    fc.assert(
      fc.property(fc.string(), fc.boolean(), (s, flag) => {
        assert.equal(decodeEntryName(Buffer.from(s, 'utf8'), flag, 'cp437').name, s);
      }),
    );
  });

  it('zip, tar, gzip and bzip2 ingestors only ever throw IngestError on mutated and cut archives', async () => {
    const zip = Buffer.from(
      zipSync({
        'a/b.eml': Buffer.from('From: a@b\n\nhello hello hello\n'),
        'c.txt': Buffer.from('x'.repeat(300)),
      }),
    );
    const tar = writeTar([
      { name: 'a.txt', data: Buffer.from('alpha') },
      { name: 'b/c.txt', data: Buffer.alloc(700, 0x63) },
    ]);
    const gz = gzipSync(Buffer.from('facture '.repeat(200)));
    // `echo -n 'hello bzip2' | bzip2 | base64`
    const bz = Buffer.from('QlpoOTFBWSZTWVVaRPcAAAIZgEAAEAASZMAQIAAiAGnqEAMF07Yhg8XckU4UJBVWkT3A', 'base64');
    const cases: [Ingestor, Buffer, string][] = [
      [zipIngestor, zip, 'm.zip'],
      [tarIngestor, tar, 'm.tar'],
      [gzipIngestor, gz, 'm.gz'],
      [bzip2Ingestor, bz, 'm.bz2'],
    ];
    for (const [ing, base, name] of cases) {
      await fc.assert(
        fc.asyncProperty(mutate(base), (b) => onlyIngestErrors(ing, b, name)),
        { numRuns: 150 },
      );
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), (b) =>
          onlyIngestErrors(ing, Buffer.from(b), name),
        ),
        { numRuns: 50 },
      );
    }
  });
});
