import { lstatSync, readdirSync, statSync } from 'node:fs';
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

export interface Enumeration {
  tasks: (FileTask & { mtimeMs: number })[];
  dirs: DirRecord[];
  missing: string[];
}

/**
 * Lists the input files, recursively and in a stable (sorted) order, so the same command always
 * walks the same way. Provenance paths start at the input's own name: `dump/mail/cur/1.eml`.
 * Symbolic links are not followed (a hostile dump could loop or point outside itself).
 */
export function enumerateInputs(paths: string[]): Enumeration {
  const out: Enumeration = { tasks: [], dirs: [], missing: [] };
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
  } catch {
    out.missing.push(abs);
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
    try {
      st = lstatSync(child, { throwIfNoEntry: false }) as ReturnType<typeof statSync>;
      if (!st) continue;
    } catch {
      continue;
    }
    const prov = `${provenance}/${name}`;
    if (st.isDirectory()) walk(child, prov, id, out);
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
