/**
 * common.ts's text helpers in DuckDB SQL (RE2), written to give the same strings. Where RE2 and
 * JavaScript differ, the pattern says so: JavaScript's `\s` is Unicode whitespace while RE2's is
 * ASCII, so the Unicode spaces are listed; `\w` and `[A-Za-z0-9_]` are ASCII in both; `\p{L}` and
 * `\p{N}` are the same Unicode classes.
 */

/** JavaScript's `\s` (ECMA-262 WhiteSpace + LineTerminator) as an RE2 class body. */
export const JS_SPACE =
  '\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';

/** SQL string literal. */
export const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

const HASHTAG = lit('(?:^|[^\\p{L}\\p{N}_&])[#＃]([\\p{L}\\p{N}_]+)');
const MENTION = lit('(?:^|[^\\p{L}\\p{N}_])@([A-Za-z0-9_]{1,30}(?:@[\\w.-]+)?)');
const URL = lit(`https?://[^${JS_SPACE}<>"']+`);

/**
 * The hashtags, mentions and URLs of `text` as common.ts's textEntities finds them, before
 * de-duplication (columns `hashtags_all`, `mentions_all`, `urls_all`; `dedupeLists` finishes).
 */
export function textEntitiesSql(text: string): string {
  // Each pattern runs only on texts holding its marker (most texts hold none).
  return `CASE WHEN contains(${text}, '#') OR contains(${text}, '＃') THEN list_transform(regexp_extract_all(${text}, ${HASHTAG}, 1), x -> lower(x)) ELSE [] END AS hashtags_all,
    CASE WHEN contains(${text}, '@') THEN list_transform(regexp_extract_all(${text}, ${MENTION}, 1), x -> lower(x)) ELSE [] END AS mentions_all,
    CASE WHEN contains(${text}, 'http') THEN list_transform(regexp_extract_all(${text}, ${URL}), x -> regexp_replace(x, '[.,;:!?)]+$', '')) ELSE [] END AS urls_all`;
}

/** common.ts's uniq: the first of each value, in order. */
export const uniqSql = (list: string) =>
  `CASE WHEN len(${list}) <= 1 THEN ${list} ELSE list_filter(${list}, (x, i) -> list_position(${list}, x) = i) END`;

/**
 * The final entity lists from `*_all` (textEntitiesSql, or a format's own lists): de-duplicated
 * in order; a URL cut with "…" names no page and is dropped, as in textEntities.
 */
export const ENTITY_LISTS = `${uniqSql('hashtags_all')} AS hashtags, ${uniqSql('mentions_all')} AS mentions,
  CASE WHEN len(urls_all) = 0 THEN urls_all ELSE list_filter(${uniqSql('urls_all')}, u -> NOT ends_with(u, '…')) END AS urls`;

/**
 * isLossyId (identity.ts) in SQL: scientific notation, or more than 15 digits ending in zeros
 * past the 15th.
 */
export function lossySql(x: string): string {
  const t = `trim(${x})`;
  // The cheap string tests first: the patterns run only on the rare cells that may match.
  return `((contains(${x}, 'e') OR contains(${x}, 'E')) AND regexp_full_match(${t}, '\\d+(\\.\\d+)?[eE]\\+?\\d+')
    OR (length(${t}) >= 16 AND rtrim(substr(${t}, 16), '0') = '' AND regexp_full_match(${t}, '\\d{16,}')))`;
}

/**
 * common.ts's num() for a cell, when the cell is empty or a whole number of at most 15 digits
 * (exact in a double); `sureSql` is false for any other value, which the JavaScript importer then
 * reads.
 */
export const numSql = (cell: string) =>
  `CASE WHEN ${cell} = '' THEN NULL ELSE TRY_CAST(${cell} AS BIGINT) END`;
export const numSureSql = (cell: string) => `(${cell} = '' OR regexp_full_match(${cell}, '-?\\d{1,15}'))`;
