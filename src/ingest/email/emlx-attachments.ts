import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ChildFailure, ChildOut } from '../ingestor.js';

/**
 * Apple Mail stores a message whose attachments it downloaded separately as `N.partial.emlx`:
 * the attachment parts keep their headers (with `X-Apple-Content-Length`) but an empty body, and
 * the files sit in `../Attachments/N/<MIME part number>/<file name>` beside `Messages/`.
 * Each empty attachment is replaced by the file stored there, matched by file name (in part
 * order when two share a name), so the attachment is linked to its message instead of being a
 * 0-byte entry while the real file is ingested on its own.
 */
export function attachmentsDir(fsPath: string | undefined, name: string): string | null {
  if (!fsPath || !name.endsWith('.partial.emlx')) return null;
  const id = basename(name, '.partial.emlx');
  const dir = join(dirname(dirname(fsPath)), 'Attachments', id);
  return existsSync(dir) && statSync(dir).isDirectory() ? dir : null;
}

/** Files under `dir/<part>/`, by file name, parts in MIME order (2.2 before 2.10). */
function storedFiles(dir: string): Map<string, string[]> {
  const parts = readdirSync(dir)
    .filter((p) => statSync(join(dir, p)).isDirectory())
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const out = new Map<string, string[]>();
  for (const p of parts)
    for (const f of readdirSync(join(dir, p)).sort())
      if (statSync(join(dir, p, f)).isFile()) out.set(f, [...(out.get(f) ?? []), join(dir, p, f)]);
  return out;
}

/** An attachment part whose body Apple Mail left out (empty, or a lone line break). */
const isEmpty = (c: ChildOut | ChildFailure): c is ChildOut =>
  !('reason' in c) && c.data.length <= 2 && c.data.toString('latin1').trim() === '';

const stem = (f: string) => f.replace(/\.[^.]*$/, '');

/**
 * Fills the empty attachments: by file name, else by name without extension (Apple Mail may drop
 * it from the part's name), and what is left pairs up in part order when the counts agree.
 * Returns the children and one warning per attachment not found.
 */
export function linkStoredAttachments(
  children: (ChildOut | ChildFailure)[],
  dir: string | null,
): { children: (ChildOut | ChildFailure)[]; warnings: string[] } {
  const files = dir ? storedFiles(dir) : new Map<string, string[]>();
  const take = (name: string): string | undefined => {
    const exact = files.get(name)?.shift();
    if (exact) return exact;
    const key = [...files.keys()].find((f) => stem(f) === name && files.get(f)!.length);
    return key ? files.get(key)!.shift() : undefined;
  };
  const out = children.map((c) => {
    if (!isEmpty(c)) return c;
    const path = c.name ? take(c.name) : undefined;
    return path ? { ...c, data: readFileSync(path) } : c;
  });
  const leftFiles = [...files.values()].flat();
  const leftKids = out.filter(isEmpty);
  if (leftFiles.length && leftFiles.length === leftKids.length)
    for (const [i, k] of leftKids.entries())
      out[out.indexOf(k)] = { ...k, data: readFileSync(leftFiles[i]!) };
  const warnings = out
    .filter(isEmpty)
    .map(
      (c) =>
        `attachment "${c.name || c.provenanceSuffix}" is not in the .partial.emlx${dir ? ` nor in ${dir}` : ' and its Attachments/ folder was not found'}: kept empty`,
    );
  return { children: out, warnings };
}
