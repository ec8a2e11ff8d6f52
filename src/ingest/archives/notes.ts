import type { NameEncoding } from './entry-names.js';
import type { SafePath } from './safe-path.js';

/** True when `head` starts with `sig` at `offset`. */
export function hasMagic(head: Uint8Array, sig: number[], offset = 0): boolean {
  return head.length >= offset + sig.length && sig.every((b, i) => head[offset + i] === b);
}

/** At most this many rewritten names are listed one by one in a folder's warnings. */
const MAX_LISTED = 20;

/**
 * Collects what an archive's entry names say about it, for the Folder's `warnings`: names that
 * were rewritten because they escaped the archive (listed, original and result), and how many
 * names needed a legacy encoding (CP437, Shift-JIS) or had invalid UTF-8.
 */
export class NameNotes {
  private readonly rewritten: string[] = [];
  private rewrittenCount = 0;
  private readonly encodings = new Map<NameEncoding, number>();
  private readonly extra: string[] = [];
  add(raw: string, safe: SafePath, encoding: NameEncoding): void {
    if (encoding !== 'utf-8') this.encodings.set(encoding, (this.encodings.get(encoding) ?? 0) + 1);
    if (!safe.problem) return;
    this.rewrittenCount++;
    if (this.rewritten.length < MAX_LISTED) {
      this.rewritten.push(
        `unsafe entry name ${JSON.stringify(raw)} (${safe.problem}) recorded as ${JSON.stringify(safe.path)}`,
      );
    }
  }

  warn(message: string): void {
    this.extra.push(message);
  }

  warnings(): string[] {
    const out = [...this.rewritten];
    if (this.rewrittenCount > this.rewritten.length)
      out.push(`${this.rewrittenCount - this.rewritten.length} more unsafe entry names rewritten`);
    for (const [enc, n] of this.encodings) {
      if (enc === 'utf-8-invalid')
        out.push(`${n} entry names flagged UTF-8 are not valid UTF-8; bad bytes kept as %XX`);
      else out.push(`${n} entry names decoded as ${enc.toUpperCase()}`);
    }
    return [...out, ...this.extra];
  }
}
