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
  const problems = new Set<string>();
  let s = raw;
  if (/[\u0000-\u001f\u007f]/.test(s)) {
    problems.add('control characters');
    s = s.replace(/[\u0000-\u001f\u007f]/g, '_');
  }
  s = s.replace(/\\/g, '/');
  // Resolving `..` can surface a drive letter (`a/../C:x`) and stripping one can surface `.`
  // (`C:.`): repeat until nothing changes, so the result is a fixed point.
  for (let prev = ''; s !== prev; ) {
    prev = s;
    s = normalise(s, problems);
  }
  return { path: s || '_unnamed', problem: problems.size ? [...problems].join(', ') : null };
}

function normalise(s: string, problems: Set<string>): string {
  if (s.startsWith('/')) problems.add('absolute path');
  const out: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg !== '..') out.push(seg);
    else if (out.pop() === undefined) problems.add('escapes the archive root with ..');
  }
  // A Windows drive (`C:\x`, `C:x`) on the first segment.
  const first = out[0];
  if (first && /^[A-Za-z]:/.test(first)) {
    problems.add('drive letter');
    if (first.length > 2) out[0] = first.slice(2);
    else out.shift();
  }
  return out.join('/');
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
