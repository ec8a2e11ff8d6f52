import type Database from 'better-sqlite3';
import { hasTable } from '../store/tables.js';
import { caseVersion } from './case-version.js';
import type { FacetValue } from './facets.js';

// The version the index is kept under lives in case-version.ts; search.ts takes it from here.
export { caseVersion };

/**
 * Facet counts without SQL per search (issue #12). The SQL facets (facets.ts) join every hit to
 * items, e-mails, documents and addresses by text id, nine GROUP BYs per search: for a word found
 * in half the case that cost grew to hundreds of milliseconds. Here each facet is a column of small
 * integers indexed by item rowid (a dictionary per facet: code → value), built once per connection
 * and case version; a search then only lists its hit rowids and counts them in one pass, so the
 * cost is proportional to the number of matches and nothing else. Values are those the SQL facets
 * give, in the same order (count descending, then value; months by value), with the same limits;
 * the backend contract test compares them with PostgreSQL's SQL facets.
 *
 * Freshness: the index is rebuilt when the case changed, that is when the case version (writes to
 * tables searches read, by any connection or process: case-version.ts) moved since it was built.
 */

/** A facet with one value per item (or none: -1). */
interface SingleColumn {
  kind: 'single';
  codes: Int32Array;
  values: string[];
}

/** A facet with any number of values per item (recipients, verdicts, types), as offsets + codes. */
interface MultiColumn {
  kind: 'multi';
  offsets: Int32Array;
  codes: Int32Array;
  values: string[];
}

export type Column = SingleColumn | MultiColumn;

export interface FacetSpec {
  name: string;
  limit: number;
  /** Months are listed in calendar order, every other facet by count. */
  byValue?: boolean;
  needs?: string;
  /** (rowid, value) pairs. A NULL value means none for single-valued facets (whose SQL says IS NOT
   * NULL); for the others, as in SQL's GROUP BY, NULL is a group of its own, dropped after the limit. */
  sql: string;
  /** Which value column of `sql` (after the rowid) is this facet's: facets of one table share a scan. */
  col?: number;
  multi?: boolean;
}

const EMAIL_FACETS =
  "SELECT i.rowid AS r, e.from_addr, e.from_domain, CASE WHEN e.attachment_count > 0 THEN 'with attachments' ELSE 'without' END FROM emails e JOIN items i ON i.id = e.id";

/** The facets of facets.ts, as (rowid, value) lists. Order and limits as there. */
export const SPECS: readonly FacetSpec[] = [
  {
    name: 'kind',
    limit: 15,
    sql: "SELECT rowid AS r, kind AS v FROM items WHERE kind IN ('Email', 'Document')",
  },
  {
    name: 'sender',
    limit: 15,
    // Sender, domain and attachment: one scan of the e-mails (their rows are large: the attachment
    // count comes after the text and HTML).
    sql: EMAIL_FACETS,
    col: 0,
  },
  {
    name: 'domain',
    limit: 15,
    sql: EMAIL_FACETS,
    col: 1,
  },
  {
    name: 'recipient',
    limit: 15,
    multi: true,
    // count(DISTINCT item) per address: each (item, address) pair once.
    sql: "SELECT DISTINCT i.rowid AS r, a.address AS v FROM addresses a JOIN items i ON i.id = a.item_id WHERE a.role IN ('to', 'cc', 'bcc') ORDER BY 1",
  },
  {
    name: 'attachment',
    limit: 15,
    sql: EMAIL_FACETS,
    col: 2,
  },
  {
    name: 'language',
    limit: 15,
    sql: 'SELECT i.rowid AS r, d.language AS v FROM documents d JOIN items i ON i.id = d.id',
  },
  {
    name: 'month',
    limit: 600,
    byValue: true,
    sql: 'SELECT rowid AS r, substr(date, 1, 7) AS v FROM items',
  },
  {
    name: 'verdict',
    limit: 15,
    multi: true,
    needs: 'verdicts',
    sql: 'SELECT i.rowid AS r, v.verdict AS v FROM verdicts v JOIN items i ON i.id = v.item_id ORDER BY 1',
  },
  {
    name: 'type',
    limit: 15,
    multi: true,
    needs: 'doc_types',
    sql: 'SELECT i.rowid AS r, t.type AS v FROM doc_types t JOIN items i ON i.id = t.item_id ORDER BY 1',
  },
];

/**
 * The date order of items, per rowid, for ordering hits in memory as SQL's
 * `ORDER BY i.date IS NULL, i.date DESC|ASC, i.id` does: `date` is the rank of the item's date
 * among the distinct dates (BINARY order; -1 for NULL), `id` the rank of its id. `present` marks
 * the rowids that are items (a full-text row always is; kept to answer exactly as the join did).
 */
export interface ItemOrder {
  date: Int32Array;
  id: Int32Array;
  present: Uint8Array;
  /** 1 for the items a search without words lists (e-mails and documents, not folders). */
  listed: Uint8Array;
  /**
   * Each item's place in `ORDER BY date IS NULL, date DESC, id` (newest) and `… date ASC, id`
   * (oldest) over the whole case (-1: not an item): a page by date is the hits of smallest place.
   */
  newest: Int32Array;
  oldest: Int32Array;
}

/** The places of the items in both date orders (ItemOrder.newest, .oldest). */
function placesOf(
  date: Int32Array,
  id: Int32Array,
  present: Uint8Array,
): { newest: Int32Array; oldest: Int32Array } {
  const size = present.length;
  const newest = new Int32Array(size).fill(-1);
  const oldest = new Int32Array(size).fill(-1);
  let n = 0;
  for (let r = 0; r < size; r++) if (present[r]) n++;
  const rowByRank = new Int32Array(n);
  for (let r = 0; r < size; r++) if (present[r]) rowByRank[id[r]!] = r;
  // (date key, id rank) in one exact number: ranks are below 2^26, the key at most 2^52 + 2^26.
  const SHIFT = 2 ** 26;
  for (const [out, dir] of [
    [newest, -1],
    [oldest, 1],
  ] as const) {
    const keys = new Float64Array(n);
    let k = 0;
    for (let r = 0; r < size; r++) {
      if (!present[r]) continue;
      const d = date[r]!;
      // NULL dates last in both orders; among equal dates, by id.
      const dk = d < 0 ? SHIFT : dir < 0 ? SHIFT - 1 - d : d;
      const key = dk * SHIFT + id[r]!;
      keys[k++] = key;
    }
    keys.sort();
    // The id rank is the key's low part, and names the item (rowByRank).
    for (let p = 0; p < n; p++) out[rowByRank[keys[p]! % SHIFT]!] = p;
  }
  return { newest, oldest };
}

interface FacetIndex {
  version: string;
  columns: Map<string, Column>;
  order: ItemOrder;
}

/** NULL as a group value: sorts before any text, as NULL does in SQLite. */
const NULL = '\u0000';

const cache = new WeakMap<Database.Database, FacetIndex>();

/** How many times the facet index of this connection was built (tests: a neutral write keeps it). */
export function facetIndexBuilds(db: Database.Database): number {
  return builds.get(db) ?? 0;
}
const builds = new WeakMap<Database.Database, number>();

const SURROGATE = /[\uD800-\uDFFF]/;
/**
 * A comparison in SQLite's BINARY order (UTF-8 bytes) for these strings. JS compares UTF-16 code
 * units, which is the same order as long as no string holds a character above U+FFFF; otherwise
 * the bytes are compared.
 */
function binaryOrderFor(strings: readonly string[]): (a: string, b: string) => number {
  if (!strings.some((s) => SURROGATE.test(s))) return (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  return (a, b) => (a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

function buildOrder(db: Database.Database, size: number): ItemOrder {
  const rows = db.prepare('SELECT rowid, date, id, kind FROM items').raw().all() as [
    number,
    string | null,
    string,
    string,
  ][];
  const date = new Int32Array(size).fill(-1);
  const id = new Int32Array(size).fill(-1);
  const present = new Uint8Array(size);
  const listed = new Uint8Array(size);
  const dates = [...new Set(rows.map((r) => r[1]).filter((d): d is string => d !== null))];
  dates.sort(binaryOrderFor(dates));
  const dateRank = new Map(dates.map((d, k) => [d, k]));
  const byIdCmp = binaryOrderFor(rows.map((r) => r[2]));
  const byId = rows.filter((r) => r[0] < size).sort((a, b) => byIdCmp(a[2], b[2]));
  for (let k = 0; k < byId.length; k++) {
    const [r, d, , kind] = byId[k]!;
    id[r] = k;
    present[r] = 1;
    if (kind === 'Email' || kind === 'Document') listed[r] = 1;
    if (d !== null) date[r] = dateRank.get(d)!;
  }
  return { date, id, present, listed, ...placesOf(date, id, present) };
}

/**
 * Columns of the index that are no facet: what a search filter reads, so that it is evaluated on
 * the index instead of the tables (search.ts clauseSet). `_from`: each item's senders (role from or
 * sender) as JSON [address, name], for from:.
 */
const FILTER_SPECS: readonly FacetSpec[] = [
  {
    name: '_from',
    limit: 0,
    multi: true,
    sql: "SELECT DISTINCT i.rowid AS r, json_array(a.address, a.name) AS v FROM addresses a JOIN items i ON i.id = a.item_id WHERE a.role IN ('from', 'sender') ORDER BY 1",
  },
];

function build(db: Database.Database, size: number): Map<string, Column> {
  const specs = [...SPECS, ...FILTER_SPECS].filter((s) => !s.needs || hasTable(db, s.needs));
  return buildColumns(specs, (sql) => db.prepare(sql).raw().iterate() as IterableIterator<unknown[]>, size);
}

const SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/** SQLite's LIKE with ESCAPE '\\' (ASCII letters without case) as a test of one string. */
export function likeTest(pattern: string): (text: string | null) => boolean {
  const lower = (x: string) => x.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
  let re = '';
  const chars = [...lower(pattern)];
  for (let k = 0; k < chars.length; k++) {
    const c = chars[k]!;
    if (c === '\\') {
      // An escape with nothing after it matches nothing (as SQLite's patternCompare).
      if (k + 1 >= chars.length) return () => false;
      re += chars[++k]!.replace(SPECIAL, '\\$&');
    } else if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else re += c.replace(SPECIAL, '\\$&');
  }
  const rx = new RegExp(`^${re}$`, 'su');
  return (text) => text !== null && rx.test(lower(text));
}

/**
 * The items from: holds for (1 at their rowid), as its SQL `i.id IN (SELECT item_id FROM addresses
 * WHERE role IN ('from', 'sender') AND (address LIKE ?1 OR lower(name) LIKE ?2))` does, from the
 * index's `_from` column (a sender's address and name are tested once, not once per row).
 */
export function senderRows(
  db: Database.Database,
  version: string,
  address: string,
  name: string,
): Uint8Array | null {
  const idx = indexOf(db, version);
  const col = idx.columns.get('_from');
  if (col?.kind !== 'multi') return null;
  const byAddress = likeTest(address);
  const byName = likeTest(name);
  const hit = Uint8Array.from(col.values, (v) => {
    if (v === NULL) return 0;
    const [a, n] = JSON.parse(v) as [string | null, string | null];
    return byAddress(a) || byName(n) ? 1 : 0;
  });
  const rows = new Uint8Array(idx.order.present.length);
  const { offsets, codes } = col;
  for (let r = 0; r + 1 < offsets.length && r < rows.length; r++)
    for (let j = offsets[r]!; j < offsets[r + 1]!; j++)
      if (hit[codes[j]!]) {
        rows[r] = 1;
        break;
      }
  return rows;
}

/**
 * The items `i.date >= ?` (or `i.date < ?`) holds for: those first in the newest (oldest) order,
 * as many as SQL counts on the items' date index.
 */
export function dateRows(db: Database.Database, version: string, op: '>=' | '<', value: string): Uint8Array {
  const idx = indexOf(db, version);
  const n = db.prepare(`SELECT count(*) FROM items WHERE date ${op} ?`).pluck().get(value) as number;
  const place = op === '>=' ? idx.order.newest : idx.order.oldest;
  const rows = new Uint8Array(place.length);
  for (let r = 0; r < rows.length; r++) if (place[r]! >= 0 && place[r]! < n) rows[r] = 1;
  return rows;
}

/**
 * The facet columns of `specs` from their statements' rows (`rows(sql)`: the rows of one of the
 * SPECS' statements, rowid first, then the values), for items of rowid below `size`. Shared by
 * the SQLite index (rows read as they come) and PostgreSQL's (pg-facet-index.ts).
 */
export function buildColumns(
  specs: readonly FacetSpec[],
  rows: (sql: string) => Iterable<unknown[]>,
  size: number,
): Map<string, Column> {
  const columns = new Map<string, Column>();
  const dictionary = () => {
    const dict = new Map<string, number>();
    const values: string[] = [];
    const code = (v: string) => {
      let c = dict.get(v);
      if (c === undefined) {
        c = values.length;
        values.push(v);
        dict.set(v, c);
      }
      return c;
    };
    return { values, code };
  };
  // Single-valued facets, one scan per statement (several facets may share one).
  for (const sql of new Set(specs.filter((s) => !s.multi).map((s) => s.sql))) {
    const mine = specs.filter((s) => !s.multi && s.sql === sql);
    const cols = mine.map((s) => ({
      spec: s,
      at: 1 + (s.col ?? 0),
      codes: new Int32Array(size).fill(-1),
      ...dictionary(),
    }));
    for (const row of rows(sql)) {
      const r = row[0] as number;
      if (r >= size) continue;
      for (const c of cols) {
        const v = row[c.at];
        if (v !== null && v !== undefined) c.codes[r] = c.code(String(v));
      }
    }
    for (const c of cols) columns.set(c.spec.name, { kind: 'single', codes: c.codes, values: c.values });
  }
  for (const s of specs) {
    if (!s.multi) continue;
    const { values, code } = dictionary();
    // Rows come ordered by rowid: offsets[r]..offsets[r + 1] are the codes of item r.
    const offsets = new Int32Array(size + 1);
    const list: number[] = [];
    let next = 0;
    for (const [r, v] of rows(s.sql) as Iterable<[number, string | null]>) {
      if (r >= size) continue;
      while (next <= r) offsets[next++] = list.length;
      list.push(code(v === null ? NULL : String(v)));
    }
    while (next <= size) offsets[next++] = list.length;
    columns.set(s.name, { kind: 'multi', offsets, codes: Int32Array.from(list), values });
  }
  // In the order of SPECS (facetsOfHits lists them so).
  return new Map(specs.filter((s) => columns.has(s.name)).map((s) => [s.name, columns.get(s.name)!]));
}

/**
 * The facet index of this connection's case: kept per connection, else read back from the case
 * (`facet_index`, migration 18) when it was stored at this very version, else built (and stored,
 * on a connection that may write). Rebuilt whenever the case changed since.
 */
function indexOf(db: Database.Database, version = caseVersion(db)): FacetIndex {
  let idx = cache.get(db);
  if (!idx || idx.version !== version) {
    idx = loadStored(db, version) ?? undefined;
    if (!idx) {
      const max = (db.prepare('SELECT max(rowid) AS m FROM items').get() as { m: number | null }).m ?? 0;
      idx = { version, columns: build(db, max + 1), order: buildOrder(db, max + 1) };
      builds.set(db, (builds.get(db) ?? 0) + 1);
      store(db, idx, { wait: false });
    }
    cache.set(db, idx);
  }
  return idx;
}

/**
 * The facet index stored in the case (migration 18). Only a version counted by the case's own
 * `case_version` row (case-version.ts: 'v…') is stored or trusted: the fallback version of a
 * connection without it ('d…': this connection's commit counters) means nothing to another one.
 */
const STORED = 'facet_index';
const FORMAT = 4;
const storable = (db: Database.Database, version: string) => version.startsWith('v') && hasTable(db, STORED);

/** How many times this connection read the index back from the case (tests). */
export function facetIndexLoads(db: Database.Database): number {
  return loads.get(db) ?? 0;
}
const loads = new WeakMap<Database.Database, number>();

function loadStored(db: Database.Database, version: string): FacetIndex | null {
  if (!storable(db, version)) return null;
  const row = db.prepare(`SELECT version, data FROM ${STORED} WHERE id = 1`).get() as
    | { version: string; data: Buffer }
    | undefined;
  if (!row || row.version !== version) return null;
  const idx = decode(row.data, version);
  if (idx) loads.set(db, (loads.get(db) ?? 0) + 1);
  return idx;
}

/**
 * Stores `idx` in the case if the case is still at its version. `wait: false` (a search that just
 * built it): a case busy writing is left alone rather than waited for; the next build stores it.
 */
function store(db: Database.Database, idx: FacetIndex, opts: { wait: boolean }): boolean {
  if (db.readonly || !storable(db, idx.version)) return false;
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  if (!opts.wait) db.pragma('busy_timeout = 0');
  try {
    return db
      .transaction(() => {
        if (caseVersion(db) !== idx.version) return false;
        db.prepare(`INSERT OR REPLACE INTO ${STORED} (id, version, data) VALUES (1, ?, ?)`).run(
          idx.version,
          encode(idx),
        );
        return true;
      })
      .immediate();
  } catch (err) {
    if (/SQLITE_BUSY|database is locked/.test(String((err as Error).message))) return false;
    throw err;
  } finally {
    if (!opts.wait) db.pragma(`busy_timeout = ${timeout}`);
  }
}

/**
 * Builds the facet index of the case if the case does not hold it at its current version, and
 * stores it there, so that the first search of a later process reads it back (the end of an
 * ingest or of an analysis calls it). Returns false where it cannot be stored (read-only, a case
 * without migration 18).
 * @example persistFacetIndex(store.db) // true
 */
export function persistFacetIndex(db: Database.Database): boolean {
  const version = caseVersion(db);
  if (db.readonly || !storable(db, version)) return false;
  const had = db.prepare(`SELECT version, substr(data, 1, 4) AS head FROM ${STORED} WHERE id = 1`).get() as
    | { version: string; head: Buffer }
    | undefined;
  if (had?.version === version && had.head.length === 4 && had.head.readUInt32LE(0) === FORMAT) return true;
  return store(db, indexOf(db, version), { wait: true });
}

/** The smallest signed integer array that holds every code of a column (-1 … values - 1). */
function narrow(codes: Int32Array, values: number): Int8Array | Int16Array | Int32Array {
  if (values < 0x80) return Int8Array.from(codes);
  if (values < 0x8000) return Int16Array.from(codes);
  return codes;
}

type Part = Int8Array | Int16Array | Int32Array | Uint8Array;
const KINDS = { i8: Int8Array, i16: Int16Array, i32: Int32Array, u8: Uint8Array } as const;
const kindOf = (a: Part): keyof typeof KINDS =>
  a instanceof Int8Array ? 'i8' : a instanceof Int16Array ? 'i16' : a instanceof Int32Array ? 'i32' : 'u8';

/**
 * The index as bytes: a JSON header (format, the columns' names, kinds and dictionaries, and each
 * array's type and length), then the arrays, each at a multiple of 4 bytes.
 */
function encode(idx: FacetIndex): Buffer {
  const parts: Part[] = [];
  const columns = [...idx.columns].map(([name, col]) => {
    if (col.kind === 'single') {
      parts.push(narrow(col.codes, col.values.length));
      return { name, kind: col.kind, values: col.values };
    }
    parts.push(col.offsets, narrow(col.codes, col.values.length));
    return { name, kind: col.kind, values: col.values };
  });
  const { date, id, present, listed, newest, oldest } = idx.order;
  parts.push(date, id, present, listed, newest, oldest);
  const header = Buffer.from(
    JSON.stringify({ format: FORMAT, columns, parts: parts.map((p) => [kindOf(p), p.length]) }),
  );
  const pad = (n: number) => (n + 3) & ~3;
  let size = 8 + pad(header.length);
  for (const p of parts) size += pad(p.byteLength);
  const out = Buffer.alloc(size);
  out.writeUInt32LE(FORMAT, 0);
  out.writeUInt32LE(header.length, 4);
  header.copy(out, 8);
  let at = 8 + pad(header.length);
  for (const p of parts) {
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += pad(p.byteLength);
  }
  return out;
}

/** The index from encode's bytes, or null for another format (a case written by another build). */
function decode(buf: Buffer, version: string): FacetIndex | null {
  if (buf.length < 8 || buf.readUInt32LE(0) !== FORMAT) return null;
  const hlen = buf.readUInt32LE(4);
  const header = JSON.parse(buf.toString('utf8', 8, 8 + hlen)) as {
    format: number;
    columns: { name: string; kind: Column['kind']; values: string[] }[];
    parts: [keyof typeof KINDS, number][];
  };
  if (header.format !== FORMAT) return null;
  const pad = (n: number) => (n + 3) & ~3;
  let at = 8 + pad(hlen);
  // Copied out of the row's buffer: aligned, and an Int32Array whatever width it was stored at.
  const arrays = header.parts.map(([kind, length]) => {
    const T = KINDS[kind];
    const bytes = length * T.BYTES_PER_ELEMENT;
    const copy = new Uint8Array(bytes);
    copy.set(buf.subarray(at, at + bytes));
    const view = new T(copy.buffer);
    at += pad(bytes);
    return view;
  });
  const int32 = (a: Part) => (a instanceof Int32Array ? a : Int32Array.from(a));
  let k = 0;
  const columns = new Map<string, Column>();
  for (const c of header.columns) {
    if (c.kind === 'single')
      columns.set(c.name, { kind: 'single', codes: int32(arrays[k++]!), values: c.values });
    else {
      const offsets = int32(arrays[k++]!);
      columns.set(c.name, { kind: 'multi', offsets, codes: int32(arrays[k++]!), values: c.values });
    }
  }
  const [date, id, present, listed, newest, oldest] = arrays.slice(k) as [
    Int32Array,
    Int32Array,
    Uint8Array,
    Uint8Array,
    Int32Array,
    Int32Array,
  ];
  return { version, columns, order: { date, id, present, listed, newest, oldest } };
}

/** The date order of the items of this connection's case (built with the facet index). */
export function itemOrder(db: Database.Database, version?: string): ItemOrder {
  return indexOf(db, version).order;
}

/**
 * The items `e.attachment_count > 0` holds for (1 at their rowid), or with `negated` those
 * `NOT (e.attachment_count > 0)` holds for, as SQL evaluates them on items joined to their e-mail:
 * read from the index's attachment column (the same CASE over the same join), not from the
 * e-mails, whose rows are large and keep the count after the text and HTML (reading it walks each
 * row's overflow pages). Non-e-mails have no value: false both ways, as NULL in SQL. The count is
 * NOT NULL (schema.ts), so "without" is exactly the negation.
 */
export function attachmentRows(db: Database.Database, version: string, negated: boolean): Uint8Array {
  const idx = indexOf(db, version);
  const col = idx.columns.get('attachment') as SingleColumn;
  const want = col.values.indexOf(negated ? 'without' : 'with attachments');
  const rows = new Uint8Array(idx.order.present.length);
  if (want >= 0) for (let r = 0; r < rows.length; r++) if (col.codes[r] === want) rows[r] = 1;
  return rows;
}

/** Top values of one column over the hits, as the SQL facet lists them. */
function count(col: Column, spec: FacetSpec, hits: ArrayLike<number>): FacetValue[] {
  const n = new Int32Array(col.values.length);
  if (col.kind === 'single') {
    const codes = col.codes;
    for (let k = 0; k < hits.length; k++) {
      const c = codes[hits[k]!] ?? -1;
      if (c >= 0) n[c]!++;
    }
  } else {
    const { offsets, codes } = col;
    for (let k = 0; k < hits.length; k++) {
      const r = hits[k]!;
      if (r + 1 >= offsets.length) continue;
      for (let j = offsets[r]!; j < offsets[r + 1]!; j++) n[codes[j]!]!++;
    }
  }
  const out: FacetValue[] = [];
  for (let c = 0; c < n.length; c++) if (n[c]! > 0) out.push({ value: col.values[c]!, count: n[c]! });
  // SQL's ORDER BY compares text by bytes (BINARY collation): so does this comparison of code points.
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  out.sort(
    spec.byValue
      ? (a, b) => byText(a.value, b.value)
      : (a, b) => b.count - a.count || byText(a.value, b.value),
  );
  return out.slice(0, spec.limit);
}

/**
 * Facet counts over a hit set given as item rowids, with the same names, values and order as the
 * SQL facets (facets.ts). Empty values are left out, after the limit, as there.
 * @example facetsOfHits(store.db, [1, 5, 9]).sender // [{ value: 'jean@x.example', count: 2 }, …]
 */
export function facetsOfHits(
  db: Database.Database,
  hits: ArrayLike<number>,
  version?: string,
): Record<string, FacetValue[]> {
  return countFacets(indexOf(db, version).columns, hits);
}

/** The facets of a hit set (item rowids) from facet columns (buildColumns), as facetsOfHits gives them. */
export function countFacets(
  columns: Map<string, Column>,
  hits: ArrayLike<number>,
): Record<string, FacetValue[]> {
  const out: Record<string, FacetValue[]> = {};
  for (const s of SPECS) {
    const col = columns.get(s.name);
    if (col) out[s.name] = count(col, s, hits).filter((f) => f.value !== '' && f.value !== NULL);
  }
  return out;
}
