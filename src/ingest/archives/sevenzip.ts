import type { Candidate, IngestInput, IngestOutput, Ingestor } from '../ingestor.js';
import { IngestError } from '../ingestor.js';
import { hasMagic } from './notes.js';
import { ARCHIVE, extractAll, type Kind, NO_PASSWORD, named } from './sevenzip-extract.js';
import { diagnoseHeaders } from './sevenzip-headers.js';
import { errorText, failed, openSevenZip, parseListing, reasonOf } from './sevenzip-run.js';

const SEVEN_Z = [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c];
/** "Rar!\x1A\x07": RAR 4 continues with 0x00, RAR 5 with 0x01 0x00. */
const RAR = [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07];

/**
 * 7z and RAR (4 and 5) archives through 7-Zip compiled to WebAssembly (7z-wasm, shipped in the
 * package; RAR decoding under the unRAR licence it includes). The listing comes first: the declared
 * sizes of all entries are checked against the expansion cap before anything is decompressed
 * (solid archives give no per-entry packed size, so the ratio is checked for the archive as a
 * whole). Extraction runs in an in-memory file system; 7-Zip already refuses to write outside its
 * output folder, and provenance names are normalised again here. Encrypted entries are `encrypted`
 * failures (their bytes cannot be separated from a solid block; the archive blob itself is kept).
 * @example await sevenZipIngestor.ingest(input) // Folder { format: '7z' | 'rar' }
 */
export const sevenZipIngestor: Ingestor = {
  name: '7z',
  mimeTypes: ['application/x-7z-compressed', 'application/vnd.rar', 'application/x-rar-compressed'],
  extensions: ['7z', 'rar'],
  score(c: Candidate): number {
    if (hasMagic(c.head, SEVEN_Z) || hasMagic(c.head, RAR)) return 55;
    return c.ext === '7z' || c.ext === 'rar' ? 20 : 0;
  },
  async ingest(input: IngestInput): Promise<IngestOutput> {
    const kind = kindOf(input);
    if (input.data.length === 0)
      throw new IngestError('empty', `${input.provenance}: zero-byte file named as ${kind.format}`);
    const sz = await openSevenZip();
    sz.fs.mkdir('/in');
    sz.fs.writeFile(ARCHIVE, input.data);
    const listing = sz.run(['l', '-slt', '-ba', '-bsp0', '-sccUTF-8', NO_PASSWORD, ARCHIVE]);
    const listed = parseListing(listing.out);
    const diagnosis = diagnoseHeaders(input.data);
    if (diagnosis && listed.length === 0)
      throw new IngestError(diagnosis.reason, `${input.provenance}: ${diagnosis.message}`);
    if (failed(listing) && listed.length === 0) {
      throw new IngestError(
        reasonOf(listing.err),
        `${input.provenance}: cannot open as ${kind.format} (${named(errorText(listing), input)})`,
      );
    }
    const files = listed.filter((e) => !e.isDir);
    const max = input.limits.maxArchiveEntries;
    const over = files.length > max;
    const out = extractAll(input, kind, sz, over ? files.slice(0, max) : files, listing, over);
    if (over && !out.problem) {
      const message = `${input.provenance}: ${files.length} entries, more than ${max} (maxArchiveEntries); the first ${max} extracted`;
      out.problem = { reason: 'limit-exceeded', message };
    }
    if (out.problem) throw new IngestError(out.problem.reason, out.problem.message, out.output);
    return out.output;
  },
};

function kindOf(input: IngestInput): Kind {
  const rar = hasMagic(input.data, RAR) || (!hasMagic(input.data, SEVEN_Z) && /\.rar$/i.test(input.name));
  return rar
    ? { format: 'rar', mime: 'application/vnd.rar' }
    : { format: '7z', mime: 'application/x-7z-compressed' };
}
