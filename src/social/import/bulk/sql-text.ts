/**
 * common.ts's text helpers in DuckDB SQL (RE2), written to give the same strings. Where RE2 and
 * JavaScript differ, the pattern says so: JavaScript's `\s` is Unicode whitespace while RE2's is
 * ASCII, so the Unicode spaces are listed; `\w` and `[A-Za-z0-9_]` are ASCII in both; `\p{L}` and
 * `\p{N}` are the same Unicode classes.
 */

/** JavaScript's `\s` (ECMA-262 WhiteSpace + LineTerminator) as an RE2 class body. */
export const JS_SPACE = '\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';

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
  return `list_transform(regexp_extract_all(${text}, ${HASHTAG}, 1), x -> lower(x)) AS hashtags_all,
    list_transform(regexp_extract_all(${text}, ${MENTION}, 1), x -> lower(x)) AS mentions_all,
    list_transform(regexp_extract_all(${text}, ${URL}), x -> regexp_replace(x, '[.,;:!?)]+$', '')) AS urls_all`;
}

/** common.ts's uniq: the first of each value, in order. */
export const uniqSql = (list: string) => `list_filter(${list}, (x, i) -> list_position(${list}, x) = i)`;

/**
 * The final entity lists from `*_all` (textEntitiesSql, or a format's own lists): de-duplicated
 * in order; a URL cut with "…" names no page and is dropped, as in textEntities.
 */
export const ENTITY_LISTS = `${uniqSql('hashtags_all')} AS hashtags, ${uniqSql('mentions_all')} AS mentions,
  list_filter(${uniqSql('urls_all')}, u -> NOT ends_with(u, '…')) AS urls`;

/**
 * isLossyId (identity.ts) in SQL: scientific notation, or more than 15 digits ending in zeros
 * past the 15th.
 */
export function lossySql(x: string): string {
  return `(regexp_full_match(trim(${x}), '\\d+(\\.\\d+)?[eE]\\+?\\d+') OR (regexp_full_match(trim(${x}), '\\d{16,}') AND regexp_full_match(substr(trim(${x}), 16), '0+')))`;
}

/**
 * common.ts's num() for a cell, when the cell is empty or a whole number of at most 15 digits
 * (exact in a double); `sureSql` is false for any other value, which the JavaScript importer then
 * reads.
 */
export const numSql = (cell: string) =>
  `CASE WHEN ${cell} = '' THEN NULL ELSE TRY_CAST(${cell} AS BIGINT) END`;
export const numSureSql = (cell: string) => `(${cell} = '' OR regexp_full_match(${cell}, '-?\\d{1,15}'))`;
