import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { dhashOfImage } from '../../trail/dhash.js';
import type { PostMedia } from '../types.js';
import { num, obj, str } from './common.js';

/**
 * Largest attached file read and hashed from a Telegram export folder. A post's photo is a few
 * MiB; a 2 GB video would cost its full read for a hash nobody needs twice.
 */
export const MAX_HASHED_FILE_BYTES = 256 * 1024 * 1024;

/** An empty media record; importers fill what their format gives. */
export function media(kind: string, fields: Partial<PostMedia> = {}): PostMedia {
  return {
    kind,
    name: null,
    md5: null,
    sha256: null,
    size: null,
    url: null,
    path: null,
    cid: null,
    mime: null,
    dhash: null,
    ...fields,
  };
}

/**
 * An MD5 as lower-case hex, from hex (32 digits) or base64 (24 characters, 4chan API threads.md:
 * "`md5`: 24 character, packed base64 MD5 hash of file"); null when it is neither.
 * @example md5Hex('rL0Y20zC+Fzt72VPzMSk2A==') // 'acbd18db4cc2f85cedef654fccc4a4d8'
 */
export function md5Hex(v: unknown): string | null {
  // A JSON file written with its slashes escaped twice (4CAT's 4chan test threads) reads "\/":
  // a base64 MD5 never holds a backslash, so the escape is undone.
  const s = str(v)?.trim().replaceAll('\\/', '/');
  if (!s) return null;
  if (/^[0-9a-fA-F]{32}$/.test(s)) return s.toLowerCase();
  if (/^[A-Za-z0-9+/_-]{22}(==)?$/.test(s)) {
    const buf = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (buf.length === 16) return buf.toString('hex');
  }
  return null;
}

/** A SHA-256 as lower-case hex, or null. */
export function sha256Hex(v: unknown): string | null {
  const s = str(v)?.trim();
  return s && /^[0-9a-fA-F]{64}$/.test(s) ? s.toLowerCase() : null;
}

/** A URL that parses with an http(s) scheme, else null (a "link" that is not a URL is not kept). */
export function httpUrl(v: unknown): string | null {
  const s = str(v)?.trim();
  if (!s) return null;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? s : null;
  } catch {
    return null;
  }
}

/** A non-negative integer size, or null. */
export function size(v: unknown): number | null {
  const n = num(v);
  return n !== null && n >= 0 && Number.isInteger(n) ? n : null;
}

/**
 * Reads and hashes a file named by an export (Telegram Desktop's `photo`/`file`, relative to the
 * folder holding result.json). The path comes from untrusted JSON: one that leaves the export folder
 * (`../../etc/passwd`, an absolute path) is refused, never read.
 * Returns the hashes, or a reason when the file cannot be used.
 */
export function hashExportFile(
  exportDir: string,
  rel: string,
): { md5: string; sha256: string; size: number; dhash: string | null } | { missing: string } {
  if (isAbsolute(rel)) return { missing: 'absolute path refused' };
  const abs = resolve(exportDir, rel);
  const inside = relative(exportDir, abs);
  if (!inside || inside.startsWith('..') || isAbsolute(inside))
    return { missing: 'path leaves the export folder' };
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(abs);
  } catch {
    return { missing: 'file not in the export folder' };
  }
  if (!st.isFile()) return { missing: 'not a file' };
  if (st.size > MAX_HASHED_FILE_BYTES) return { missing: `over ${MAX_HASHED_FILE_BYTES} bytes, not hashed` };
  const md5 = createHash('md5');
  const sha = createHash('sha256');
  const chunks: Buffer[] = [];
  const fd = openSync(abs, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      const part = buf.subarray(0, n);
      md5.update(part);
      sha.update(part);
      if (st.size <= MAX_DHASH_BYTES) chunks.push(Buffer.from(part));
    }
  } finally {
    closeSync(fd);
  }
  return {
    md5: md5.digest('hex'),
    sha256: sha.digest('hex'),
    size: st.size,
    dhash: chunks.length ? dhashOfImage(Buffer.concat(chunks)) : null,
  };
}

/** Images above this size are not decoded for a perceptual hash (decoding costs memory ×4). */
const MAX_DHASH_BYTES = 32 * 1024 * 1024;

/** The record as an object, or null (for media arrays holding junk). */
export function rec(v: unknown): Record<string, unknown> | null {
  return obj(v);
}
