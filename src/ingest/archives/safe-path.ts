/** An entry path made safe to use as a provenance suffix, and what was wrong with the original. */
export interface SafePath {
  path: string;
  /** Why the name was rewritten (absolute, drive letter, `..` escaping the root …), or null. */
  problem: string | null;
}

/**
 * Normalises an archive entry name to a relative path that cannot leave the archive: backslashes
 * become `/`, a drive letter or leading `/` is dropped, `.` segments vanish and `..` segments are
 * resolved without ever climbing above the archive root ("zip slip"; see also CVE-2018-1002200).
 * Control characters become `_`. Ingestors never write to the file system; this keeps provenance
 * paths unambiguous and makes the rewrite visible.
 * @example safeEntryPath('../../etc/passwd') // { path: 'etc/passwd', problem: 'escapes the archive root with ..' }
 */
export function safeEntryPath(raw: string): SafePath {
  const problems: string[] = [];
  let s = raw;
  if (/[\u0000-\u001f\u007f]/.test(s)) {
    problems.push('control characters');
    s = s.replace(/[\u0000-\u001f\u007f]/g, '_');
  }
  if (s.includes('\\')) s = s.replace(/\\/g, '/');
  if (/^[A-Za-z]:/.test(s)) {
    problems.push('drive letter');
    s = s.slice(2);
  }
  if (s.startsWith('/')) problems.push('absolute path');
  const out: string[] = [];
  let escaped = false;
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) escaped = true;
      else out.pop();
      continue;
    }
    out.push(seg);
  }
  if (escaped) problems.push('escapes the archive root with ..');
  const path = out.join('/') || '_unnamed';
  return { path, problem: problems.length ? problems.join(', ') : null };
}

/** Base name of a normalised entry path. */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/**
 * Makes provenance suffixes unique inside one archive: a second entry with the same normalised
 * path (duplicated names, or `a/../b` next to `b`) gets `~2`, `~3` … appended.
 */
export class UniquePaths {
  private readonly seen = new Map<string, number>();
  take(path: string): string {
    const n = (this.seen.get(path) ?? 0) + 1;
    this.seen.set(path, n);
    return n === 1 ? path : `${path}~${n}`;
  }
}
