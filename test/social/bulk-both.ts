import { join } from 'node:path';
import { SocialDb } from '../../src/social/db.js';
import { type ImportOptions, importPosts } from '../../src/social/import/index.js';

/**
 * Every stored row of a campaign case, lists in their stored order; the posts' `source` (file:line)
 * included unless `withSource` is false.
 */
export async function storedRows(kase: string, opts: { withSource?: boolean } = {}) {
  const db = await SocialDb.open(kase);
  try {
    const posts = await db.all(
      `SELECT * ${opts.withSource === false ? 'EXCLUDE (source)' : ''} FROM posts ORDER BY id`,
    );
    const accounts = await db.all('SELECT * FROM accounts ORDER BY id');
    const shares = await db.all('SELECT * FROM shares ORDER BY ALL');
    const media = await db.all('SELECT * FROM media ORDER BY ALL');
    const failures = await db.all('SELECT * FROM import_failures ORDER BY ALL');
    return { posts, accounts, shares, media, failures };
  } finally {
    db.close();
  }
}

let n = 0;

/**
 * Imports `file` into two new cases under `dir`: through the JavaScript importer (`slow`, rows `a`)
 * and through DuckDB's reader (`fast`, rows `b`), each case's rows read by `tables`; `opts` (a
 * format, a column mapping) go to both.
 */
export async function importBoth<T>(
  dir: string,
  file: string,
  tables: (kase: string) => Promise<T>,
  opts: Omit<ImportOptions, 'fastPathBytes'> = {},
) {
  const k = n++;
  const jsCase = join(dir, `js${k}`);
  const bulkCase = join(dir, `bulk${k}`);
  const slow = await importPosts(jsCase, [file], { ...opts, fastPathBytes: Number.POSITIVE_INFINITY });
  const fast = await importPosts(bulkCase, [file], { ...opts, fastPathBytes: 0 });
  return { slow, fast, a: await tables(jsCase), b: await tables(bulkCase), jsCase, bulkCase };
}
