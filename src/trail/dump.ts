import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { byCodePoint, tableExists } from '../case/has-table.js';
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
  selectDumpItems,
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

/**
 * Where the trail reads the dump: the case database through the case layer (a laptop case's
 * SQLite or a team case's PostgreSQL: the same SQL on both), and the blobs of the originals.
 */
export interface TrailDump {
  /** Null when the case has no database yet (posts imported before any dump). */
  db: SqlDb | null;
  /** Null when the case holds no blobs: no MD5 or dHash is computed then. */
  blobs: BlobStore | null;
}

/** The dump's e-mails and documents, in id order (by code point on either engine); none without a dump. */
export async function readDumpItemsOn(db: SqlDb | null): Promise<Row[]> {
  if (!db || !(await tableExists(db, 'items'))) return [];
  return db.all<Row>(selectDumpItems(byCodePoint(db, 'i.id')));
}

/** How many e-mails and documents the case holds (0 without a dump). */
export async function countDumpItemsOn(db: SqlDb | null): Promise<number> {
  if (!db || !(await tableExists(db, 'items'))) return 0;
  return Number((await db.get<{ n: number | string }>(COUNT_DUMP_ITEMS))?.n ?? 0);
}

/**
 * Runs `fn` on a laptop case directory's dump (`case.sqlite`, read-only, and `blobs/`); the
 * database is null when the case has none.
 */
export async function withLaptopDump<T>(caseDir: string, fn: (dump: TrailDump) => Promise<T>): Promise<T> {
  const file = join(caseDir, 'case.sqlite');
  const db: SqlDb | null = existsSync(file)
    ? new SqliteDb(new Database(file, { readonly: true, fileMustExist: true }))
    : null;
  const blobs = existsSync(join(caseDir, 'blobs')) ? new BlobStore(join(caseDir, 'blobs')) : null;
  try {
    return await fn({ db, blobs });
  } finally {
    await db?.close();
  }
}

/** Reads the dump's e-mails and documents from the case database (`case.sqlite`); none when the case has no dump. */
export function readDumpItems(caseDir: string): Promise<Row[]> {
  return withLaptopDump(caseDir, (d) => readDumpItemsOn(d.db));
}

/** How many e-mails and documents the case holds (0 without a dump). */
export function countDumpItems(caseDir: string): Promise<number> {
  return withLaptopDump(caseDir, (d) => countDumpItemsOn(d.db));
}

/**
 * The dump as the trail sees it. MD5s (4chan gives only MD5) and image dHashes are computed from
 * the blobs once and cached in `trail_blob_hashes` of the campaign database.
 */
export async function loadDump(source: TrailDump, social: SocialDb): Promise<DumpItem[]> {
  const rows = await readDumpItemsOn(source.db);
  await social.run(CREATE_BLOB_HASHES);
  const cache = new Map(
    (await social.all<{ sha256: string; md5: string | null; dhash: string | null }>(SELECT_BLOB_HASHES)).map(
      (r) => [r.sha256, r],
    ),
  );
  const blobs = source.blobs;
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
