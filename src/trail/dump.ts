import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SqlDb } from '../case/sql-db.js';
import { SqliteDb } from '../case/sqlite-db.js';
import type { SocialDb } from '../social/db.js';
import { BlobStore } from '../store/blob-store.js';
import { dhashOfImage } from './dhash.js';
import {
  COUNT_DUMP_ITEMS,
  CREATE_BLOB_HASHES,
  INSERT_BLOB_HASH,
  SELECT_BLOB_HASHES,
  SELECT_DUMP_ITEMS,
} from './sql.js';

/** One e-mail or document of the dump, as the trail joins it. */
export interface DumpItem {
  id: string;
  kind: string;
  title: string;
  /** The file name as in the dump (attachment name, document file name), lower-cased for matching. */
  name: string | null;
  sha256: string | null;
  md5: string | null;
  dhash: string | null;
  /** The words a post may quote: subject + body for an e-mail, extracted (or OCR) text for a document. */
  text: string;
}

interface Row {
  id: string;
  kind: string;
  sha256: string | null;
  size: number | null;
  mime: string | null;
  name: string | null;
  subject: string | null;
  email_text: string | null;
  html_text: string | null;
  filename: string | null;
  doc_text: string | null;
}

/** Images decoded for a dHash: the formats dhash.ts reads. */
const IMAGE_MIME = /^image\/(jpeg|pjpeg|png)$/;

/** Largest blob read whole for its MD5 and dHash; a bigger one is left without (the evidence can still be its SHA-256). */
const MAX_MD5_BLOB_BYTES = 1024 * 1024 * 1024;

/** Reads the dump's e-mails and documents from the case database (`case.sqlite`); none when the case has no dump. */
export async function readDumpItems(caseDir: string): Promise<Row[]> {
  const file = join(caseDir, 'case.sqlite');
  if (!existsSync(file)) return [];
  const raw = new Database(file, { readonly: true, fileMustExist: true });
  const db: SqlDb = new SqliteDb(raw);
  try {
    const has = await db.get("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'items'");
    return has ? await db.all<Row>(SELECT_DUMP_ITEMS) : [];
  } finally {
    await db.close();
  }
}

/** How many e-mails and documents the case holds (0 without a dump). */
export async function countDumpItems(caseDir: string): Promise<number> {
  const file = join(caseDir, 'case.sqlite');
  if (!existsSync(file)) return 0;
  const db: SqlDb = new SqliteDb(new Database(file, { readonly: true, fileMustExist: true }));
  try {
    const has = await db.get("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'items'");
    return has ? ((await db.get<{ n: number }>(COUNT_DUMP_ITEMS))?.n ?? 0) : 0;
  } finally {
    await db.close();
  }
}

/**
 * The dump as the trail sees it. MD5s (4chan gives only MD5) and image dHashes are computed from
 * the blobs once and cached in `trail_blob_hashes` of the campaign database.
 */
export async function loadDump(caseDir: string, social: SocialDb): Promise<DumpItem[]> {
  const rows = await readDumpItems(caseDir);
  await social.run(CREATE_BLOB_HASHES);
  const cache = new Map(
    (await social.all<{ sha256: string; md5: string | null; dhash: string | null }>(SELECT_BLOB_HASHES)).map(
      (r) => [r.sha256, r],
    ),
  );
  const blobs = existsSync(join(caseDir, 'blobs')) ? new BlobStore(join(caseDir, 'blobs')) : null;
  const out: DumpItem[] = [];
  for (const r of rows) {
    let hashes = r.sha256 ? cache.get(r.sha256) : undefined;
    if (r.sha256 && !hashes && blobs) {
      hashes = hashBlob(blobs, r.sha256, IMAGE_MIME.test(r.mime ?? ''));
      cache.set(r.sha256, hashes);
      await social.run(INSERT_BLOB_HASH, [r.sha256, hashes.md5, hashes.dhash]);
    }
    const name = r.filename ?? r.name;
    out.push({
      id: r.id,
      kind: r.kind,
      title: (r.kind === 'Email' ? r.subject : name) || r.name || r.id,
      name: name ? name.toLowerCase() : null,
      sha256: r.sha256,
      md5: hashes?.md5 ?? null,
      dhash: hashes?.dhash ?? null,
      text:
        r.kind === 'Email' ? `${r.subject ?? ''}\n${r.email_text || r.html_text || ''}` : (r.doc_text ?? ''),
    });
  }
  return out;
}

function hashBlob(
  blobs: BlobStore,
  sha256: string,
  image: boolean,
): { sha256: string; md5: string | null; dhash: string | null } {
  const path = blobs.pathOf(sha256);
  if (!existsSync(path) || statSync(path).size > MAX_MD5_BLOB_BYTES)
    return { sha256, md5: null, dhash: null };
  const bytes = readFileSync(path);
  return {
    sha256,
    md5: createHash('md5').update(bytes).digest('hex'),
    dhash: image ? dhashOfImage(bytes) : null,
  };
}
