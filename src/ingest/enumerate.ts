import { lstatSync, readdirSync, readlinkSync, type Stats, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { makeId } from '../model/ids.js';
import type { FileTask } from './task.js';

export interface DirRecord {
  id: string;
  provenance: string;
  parentId: string | null;
  name: string;
  format: 'directory' | 'maildir';
  entries: number;
}

/** An entry of an input folder that is not read: recorded as a failure, never dropped silently. */
export interface SkippedEntry {
  provenance: string;
  reason: 'not-followed' | 'unreadable';
  message: string;
}

export interface Enumeration {
  tasks: (FileTask & { mtimeMs: number })[];
  dirs: DirRecord[];
  missing: string[];
  skipped: SkippedEntry[];
}

/**
 * Lists the input files, recursively and in a stable (sorted) order, so the same command always
 * walks the same way. Provenance paths start at the input's own name: `dump/mail/cur/1.eml`.
 * Symbolic links are not followed (a hostile dump could loop or point outside itself).
 */
export function enumerateInputs(paths: string[]): Enumeration {
  const out: Enumeration = { tasks: [], dirs: [], missing: [], skipped: [] };
  for (const p of paths) {
    const abs = resolve(p);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(abs);
    } catch {
      out.missing.push(p);
      continue;
    }
    const base = basename(abs) || abs;
    if (st.isDirectory()) walk(abs, base, null, out);
    else if (st.isFile())
      out.tasks.push({
        path: abs,
        name: base,
        provenance: base,
        parentId: null,
        size: Number(st.size),
        mtimeMs: Math.floor(Number(st.mtimeMs)),
      });
  }
  return out;
}

function walk(abs: string, provenance: string, parentId: string | null, out: Enumeration): void {
  let names: string[];
  try {
    names = readdirSync(abs).sort();
  } catch (err) {
    out.skipped.push({
      provenance,
      reason: 'unreadable',
      message: `${provenance}: folder cannot be listed (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); its files are not ingested`,
    });
    return;
  }
  const id = makeId('Folder', '', provenance);
  const isMaildir = names.includes('cur') && names.includes('new');
  out.dirs.push({
    id,
    provenance,
    parentId,
    name: basename(abs),
    format: isMaildir ? 'maildir' : 'directory',
    entries: names.length,
  });
  for (const name of names) {
    const child = join(abs, name);
    let st: ReturnType<typeof statSync>;
    const prov = `${provenance}/${name}`;
    try {
      st = lstatSync(child, { throwIfNoEntry: false }) as ReturnType<typeof statSync>;
      if (!st) continue; // removed while we walked
    } catch (err) {
      out.skipped.push({
        provenance: prov,
        reason: 'unreadable',
        message: `${prov}: cannot be examined (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      });
      continue;
    }
    const special = specialKind(st);
    if (special)
      out.skipped.push({ provenance: prov, reason: 'not-followed', message: special(child, prov) });
    else if (st.isDirectory()) walk(child, prov, id, out);
    else if (st.isFile())
      out.tasks.push({
        path: child,
        name,
        provenance: prov,
        parentId: id,
        size: Number(st.size),
        mtimeMs: Math.floor(Number(st.mtimeMs)),
      });
  }
}

/** What a non-regular entry is, and why it is not read; null for files and folders. */
function specialKind(
  st: Pick<Stats, 'isSymbolicLink' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>,
): ((abs: string, prov: string) => string) | null {
  if (st.isSymbolicLink())
    return (abs, prov) =>
      `${prov}: symbolic link to ${linkTarget(abs)} not followed (a link can loop or point outside the dump)`;
  if (st.isFIFO()) return (_, prov) => `${prov}: named pipe (FIFO) not read (reading it could block forever)`;
  if (st.isSocket()) return (_, prov) => `${prov}: socket not read`;
  if (st.isCharacterDevice() || st.isBlockDevice())
    return (_, prov) => `${prov}: device file not read (it is not part of the dump's content)`;
  return null;
}

function linkTarget(abs: string): string {
  try {
    return JSON.stringify(readlinkSync(abs));
  } catch {
    return 'an unreadable target';
  }
}
