import { readFile } from 'node:fs/promises';
import { type MetaOptions, type MetaRecord, metaOfBytes } from './engine.js';

/**
 * Reads files with a small window of concurrent reads/parses and yields each file's records in the
 * order the files were given (so output is deterministic). pdf.js and exifr await I/O-free
 * promises, so the window mainly overlaps file reads with parsing.
 * @example for await (const recs of metaOfFiles(['a.docx'])) console.log(recs[0]?.metadata);
 */
export async function* metaOfFiles(
  files: string[],
  opts: MetaOptions = {},
  window = 4,
): AsyncGenerator<MetaRecord[]> {
  const collect = async (f: string): Promise<MetaRecord[]> => {
    const out: MetaRecord[] = [];
    let data: Buffer;
    try {
      data = await readFile(f);
    } catch (err) {
      return [failed(f, (err as Error).message)];
    }
    try {
      for await (const r of metaOfBytes(data, f, opts)) out.push(r);
    } catch (err) {
      out.push(failed(f, `unexpected error: ${(err as Error).message}`));
    }
    return out;
  };
  const pending: Promise<MetaRecord[]>[] = [];
  let next = 0;
  while (next < files.length || pending.length) {
    while (pending.length < window && next < files.length) pending.push(collect(files[next++]!));
    yield await pending.shift()!;
  }
}

function failed(provenance: string, message: string): MetaRecord {
  return {
    provenance,
    depth: 0,
    ingestor: 'none',
    kind: 'Failure',
    mime: null,
    size: 0,
    sha256: '',
    status: 'failed',
    failure: { reason: 'unreadable', message },
    metadata: {},
    language: null,
    textLength: 0,
    warnings: [],
  };
}
