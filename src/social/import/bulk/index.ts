import { statSync } from 'node:fs';
import type { SocialDb } from '../../db.js';
import type { ImportFailure } from '../../types.js';
import type { PostImporter } from '../common.js';
import type { GenericCsvImporter } from '../generic-csv.js';
import { blueskyBulk } from './bluesky.js';
import { type BulkResult, bulkImportCsv, type CsvBulkSpec, csvHeaderNames } from './csv-bulk.js';
import { genericCsvBulk } from './generic-csv.js';
import { iraCsvBulk } from './ira-csv.js';
import { bulkImportJsonLines, type JsonLinesBulkSpec } from './json-lines.js';
import { mastodonBulk } from './mastodon.js';
import { twitterV2Bulk } from './twitter-v2.js';
import { xIoCsvBulk } from './x-io-csv.js';

/** Tabular formats with a DuckDB bulk reader; the others are read by their importer only. */
export const CSV_BULK_SPECS: CsvBulkSpec[] = [iraCsvBulk, xIoCsvBulk];

/** JSON-lines formats with a DuckDB bulk reader (json-lines.ts). */
export const JSON_BULK_SPECS: JsonLinesBulkSpec[] = [blueskyBulk, twitterV2Bulk, mastodonBulk];

/** Whether `format` is read by the JSON-lines bulk reader when big enough (its own threshold). */
export const hasJsonBulk = (format: string): boolean => JSON_BULK_SPECS.some((s) => s.format === format);

/** The bulk spec for `importer` on `file`: a fixed one, or the generic CSV's for its mapping and this header. */
function specFor(file: string, importer: PostImporter): CsvBulkSpec | null {
  if (importer.format === 'csv' && 'options' in importer) {
    const header = csvHeaderNames(file);
    return header ? genericCsvBulk(header, (importer as GenericCsvImporter).options) : null;
  }
  return CSV_BULK_SPECS.find((s) => s.format === importer.format) ?? null;
}

/**
 * The rule: a file goes through DuckDB's reader when its format has a bulk spec, it is at least
 * `minBytes` big (64 MiB by default: below that the JavaScript importer takes a few seconds and
 * starting DuckDB's reader saves nothing), and its header names the columns the SQL needs. Bad
 * rows do not send the whole file back: DuckDB's rejects and the rows the SQL is not sure of are
 * re-read by the importer (csv-bulk.ts). Returns null when the file takes the tolerant path.
 */
export async function tryBulkImport(
  db: SocialDb,
  file: string,
  importer: PostImporter,
  minBytes: number,
  failures: ImportFailure[],
  onProgress?: (posts: number) => void,
): Promise<BulkResult | null> {
  if (statSync(file).size < minBytes) return null;
  const json = JSON_BULK_SPECS.find((s) => s.format === importer.format);
  if (json) {
    const kept = failures.length;
    try {
      return await bulkImportJsonLines(db, file, importer, json, failures, onProgress);
    } catch {
      failures.length = kept;
      return null;
    }
  }
  const spec = specFor(file, importer);
  if (!spec) return null;
  const kept = failures.length;
  try {
    return await bulkImportCsv(db, file, importer, spec, failures, onProgress);
  } catch {
    // Whatever stopped the bulk path (a temp directory full, a file changed under it), the
    // tolerant path reads the file from the start and says what is wrong with it.
    failures.length = kept;
    await db
      .run('DROP TABLE IF EXISTS bulk_rows; DROP TABLE IF EXISTS bulk_lines; DROP TABLE IF EXISTS bulk_nl')
      .catch(() => undefined);
    return null;
  }
}
