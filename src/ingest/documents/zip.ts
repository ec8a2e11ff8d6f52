import { unzipSync } from 'fflate';
import { IngestError } from '../ingestor.js';
import type { Limits } from '../limits.js';

/**
 * Reads the named entries of a zip-based office file (OOXML, ODF) into memory with the archive
 * limits applied before inflating: a document whose entry claims a compression ratio above
 * `maxCompressionRatio` or more than `maxFileBytes` is a zip bomb, not a document.
 * A corrupt or truncated container becomes `IngestError('corrupt')`.
 * @example const parts = readZipParts(buf, (n) => n.startsWith('docProps/'), DEFAULT_LIMITS, 'a.docx');
 */
export function readZipParts(
  data: Uint8Array,
  want: (name: string) => boolean,
  limits: Limits,
  label: string,
): Map<string, Uint8Array> {
  let bomb: string | undefined;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(data, {
      filter(f) {
        if (!want(f.name)) return false;
        const ratio = f.size > 0 ? f.originalSize / f.size : 0;
        if (f.originalSize > limits.maxFileBytes || ratio > limits.maxCompressionRatio) {
          bomb = `${f.name}: ${f.originalSize} bytes from ${f.size} (ratio ${ratio.toFixed(0)})`;
          return false;
        }
        return true;
      },
    });
  } catch (err) {
    throw new IngestError('corrupt', `${label}: not a readable zip container (${(err as Error).message})`);
  }
  if (bomb) throw new IngestError('limit-exceeded', `${label}: entry exceeds the expansion limits: ${bomb}`);
  return new Map(Object.entries(files));
}

/** Lists entry names without inflating anything (for content-type sniffing). */
export function zipEntryNames(data: Uint8Array): string[] {
  const names: string[] = [];
  try {
    unzipSync(data, {
      filter(f) {
        names.push(f.name);
        return false;
      },
    });
  } catch {
    return names;
  }
  return names;
}

const UTF8 = new TextDecoder('utf-8');

export function utf8(b: Uint8Array | undefined): string {
  return b ? UTF8.decode(b) : '';
}
