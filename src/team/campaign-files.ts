import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../core/errors.js';
import { enumerateInputs } from '../ingest/enumerate.js';
import { SOCIAL_DB_FILE } from '../social/db.js';

/**
 * Where a team case keeps its campaign side: `<blobs>/campaign/<case>/`, inside the blob
 * directory every worker and server already sees (the blobs themselves sit in two-hex-digit
 * folders `ab/cd/`, so `campaign/` cannot collide with them). It holds `social.duckdb` (the posts,
 * written only by campaign jobs, read by every server) and `inputs/` (the post files to import).
 * @example campaignDir('/srv/leaklens/blobs', 'macron') // '/srv/leaklens/blobs/campaign/macron'
 */
export function campaignDir(blobRoot: string, caseName: string): string {
  return join(resolve(blobRoot), 'campaign', caseName.replace(/[^A-Za-z0-9_-]/g, '_'));
}

export const campaignFile = (dir: string): string => join(dir, SOCIAL_DB_FILE);

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export interface SharedInputs {
  /** The input files as workers see them (absolute paths under the shared storage). */
  files: string[];
  /** Files copied into `inputs/` this time (the others were there already or are shared already). */
  copied: number;
  /** For each copy, the path the user gave (absolute): what the posts' provenance names. */
  names: Record<string, string>;
  missing: string[];
}

/**
 * Puts the post files of `paths` (files or folders, as `campaign import` takes them) where workers
 * see them. A file already under the shared blob directory is pointed at, not copied; any other
 * goes to `inputs/<sha256 prefix>/<name>` (the name kept: importers detect formats by it too), copied
 * to a temporary name and renamed, so a worker never reads half a file and the same file given
 * twice is stored once.
 */
export async function shareInputs(paths: string[], dir: string, blobRoot: string): Promise<SharedInputs> {
  const root = resolve(blobRoot);
  const inside = (p: string) => !relative(root, p).startsWith('..') && !relative(root, p).startsWith(sep);
  const out: SharedInputs = { files: [], copied: 0, names: {}, missing: [] };
  for (const p of paths) {
    const abs = resolve(p);
    if (!existsSync(abs)) {
      out.missing.push(p);
      continue;
    }
    const files = statSync(abs).isDirectory()
      ? enumerateInputs([abs])
          .tasks.filter((t) => !t.provenance.split('/').some((part) => part.startsWith('.')))
          .map((t) => t.path)
      : [abs];
    for (const f of files) {
      if (inside(f)) {
        out.files.push(f);
        continue;
      }
      const sha = await sha256File(f);
      const target = join(dir, 'inputs', sha.slice(0, 16), basename(f));
      if (!existsSync(target)) {
        mkdirSync(join(dir, 'inputs', sha.slice(0, 16)), { recursive: true });
        const tmp = `${target}.${process.pid}.part`;
        copyFileSync(f, tmp);
        renameSync(tmp, target);
        out.copied++;
      }
      out.files.push(target);
      out.names[target] = f;
    }
  }
  if (!out.files.length)
    throw new UserError(
      `nothing to import: ${out.missing.length ? `${out.missing.join(', ')} not found` : `no files in ${paths.join(', ')}`}`,
      out.missing.length ? 'not-found' : 'nothing-done',
    );
  return out;
}
