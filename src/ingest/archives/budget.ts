import type { ChildFailure, IngestInput } from '../ingestor.js';

/**
 * The expansion limits for one entry, checked *before* inflating (declared sizes) and used as the
 * hard cap *while* inflating (actual bytes): the output may not exceed `maxFileBytes`, the bytes
 * left under `maxExpandedBytes` for the whole top-level input (nested bombs such as 42.zip), nor
 * `maxCompressionRatio` times the compressed size (single-entry and overlapping bombs).
 */
export interface EntryCap {
  /** Largest output allowed for this entry. */
  bytes: number;
  /** Which limit sets the cap, for the failure message. */
  limit: 'maxCompressionRatio' | 'maxExpandedBytes' | 'maxFileBytes';
}

/** Smallest cap a compressed entry gets, so tiny entries (a 20-byte deflate of 0 bytes) never trip the ratio. */
const RATIO_FLOOR_BYTES = 64 * 1024;

/**
 * @example const cap = entryCap(input, compressed.length, true); zlib.inflateRawSync(compressed, { maxOutputLength: cap.bytes })
 */
export function entryCap(input: IngestInput, compressedSize: number, compressed: boolean): EntryCap {
  const { limits } = input;
  const left = Math.max(0, limits.maxExpandedBytes - input.expandedBytes());
  const caps: EntryCap[] = [
    { bytes: limits.maxFileBytes, limit: 'maxFileBytes' },
    { bytes: left, limit: 'maxExpandedBytes' },
  ];
  if (compressed) {
    const byRatio = Math.max(RATIO_FLOOR_BYTES, compressedSize * limits.maxCompressionRatio);
    caps.push({ bytes: byRatio, limit: 'maxCompressionRatio' });
  }
  return caps.reduce((a, b) => (b.bytes < a.bytes ? b : a));
}

/** The failure record for an entry whose declared or actual size passes its cap. */
export function capFailure(
  input: IngestInput,
  suffix: string,
  name: string,
  cap: EntryCap,
  what: string,
  raw?: Buffer,
): ChildFailure {
  const bomb = cap.limit === 'maxCompressionRatio';
  const reason = bomb ? 'zip-bomb' : 'limit-exceeded';
  const detail =
    cap.limit === 'maxCompressionRatio'
      ? `more than ${input.limits.maxCompressionRatio}:1 compression (maxCompressionRatio)`
      : cap.limit === 'maxExpandedBytes'
        ? `past ${input.limits.maxExpandedBytes} bytes expanded from one input (maxExpandedBytes)`
        : `more than ${input.limits.maxFileBytes} bytes in one file (maxFileBytes)`;
  return {
    provenanceSuffix: suffix,
    name,
    reason,
    message: `${input.provenance}${suffix}: ${what} would expand to ${detail}; not extracted${bomb && raw ? ', compressed bytes kept' : ''}`,
    // A bomb's compressed bytes are small evidence worth keeping; an entry over the byte budget is not.
    data: bomb ? raw : undefined,
  };
}
