import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SocialDb } from '../db.js';
import { sqlString } from '../db.js';
import { detectLanguage } from '../signals/language.js';

/** Runs `f` with a temp NDJSON file holding `rows`; DuckDB reads it back in bulk. */
async function withRows(rows: object[], f: (rel: string) => Promise<void>): Promise<void> {
  if (!rows.length) return;
  const dir = mkdtempSync(join(tmpdir(), 'leaklens-fill-'));
  const file = join(dir, 'rows.jsonl');
  try {
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    await f(`read_json(${sqlString(file)}, format='newline_delimited')`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Detects the language of posts from `file` that the source gave none (bulk-loaded files). */
export async function fillLanguages(db: SocialDb, file: string): Promise<void> {
  const rows = await db.all<{ id: string; text: string }>(
    `SELECT id, text FROM posts WHERE lang_source IS NULL AND text <> '' AND (source = ${sqlString(file)} OR starts_with(source, ${sqlString(`${file}:`)}))`,
  );
  const found = rows.map((r) => ({ id: r.id, lang: detectLanguage(r.text) })).filter((r) => r.lang);
  await withRows(found, (rel) =>
    db.run(`UPDATE posts SET lang = r.lang, lang_source = 'detected' FROM ${rel} r WHERE posts.id = r.id`),
  );
}
