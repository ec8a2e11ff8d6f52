import type { SocialDb } from '../../db.js';
import { countryOf } from '../../signals/country.js';

/**
 * Places the accounts of a staging table by their location string with the gazetteer (countryOf,
 * as the JavaScript importers place theirs), one lookup per distinct string, then one UPDATE.
 * @example await placeByLocation(db, { table: 'bulk_rows', location: 'a_location', country: 'a_country', source: 'a_country_source' })
 */
export async function placeByLocation(
  db: SocialDb,
  cols: { table: string; location: string; country: string; source: string },
): Promise<void> {
  const { table, location, country, source } = cols;
  const locs = await db.all<{ l: string }>(
    `SELECT DISTINCT "${location}" AS l FROM ${table} WHERE "${location}" IS NOT NULL`,
  );
  if (!locs.length) return;
  await db.run('CREATE OR REPLACE TEMP TABLE bulk_loc (l VARCHAR, code VARCHAR, src VARCHAR)');
  const app = await db.conn.createAppender('bulk_loc');
  for (const { l } of locs) {
    const c = countryOf(l);
    if (!c.code) continue;
    app.appendVarchar(l);
    app.appendVarchar(c.code);
    if (c.source === null) app.appendNull();
    else app.appendVarchar(c.source);
    app.endRow();
  }
  app.closeSync();
  await db.run(
    `UPDATE ${table} SET ${country} = b.code, ${source} = b.src FROM bulk_loc b WHERE ${table}."${location}" = b.l`,
  );
  await db.run('DROP TABLE bulk_loc');
}
