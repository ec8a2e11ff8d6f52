import {
  ADDRESS_PAGE_SIZE,
  addressPage,
  countRows,
  DOC_COLUMNS,
  EMAIL_COLUMNS,
  firstPage,
  nextPage,
} from '../case/sql/triage.js';
import type { SqlDb } from '../case/sql-db.js';
import type { Store } from '../store/store.js';
import type { ThreadInput } from './threads.js';

/** Readers of the rows triage works on (emails, documents, addresses). */
export interface EmailRow {
  id: string;
  message_id: string | null;
  in_reply_to: string | null;
  refs: string;
  subject: string | null;
  from_addr: string | null;
  from_name: string | null;
  date: string | null;
  headers_json: string;
  text: string;
  html_text: string;
}

export interface DocRow {
  id: string;
  filename: string | null;
  mime: string | null;
  text: string;
  metadata_json: string;
}

export function loadEmails(store: Store): EmailRow[] {
  return store.db
    .prepare(
      'SELECT id, message_id, in_reply_to, refs, subject, from_addr, from_name, date, headers_json, text, html_text FROM emails ORDER BY id',
    )
    .all() as EmailRow[];
}

/**
 * Rows of a case table read page by page (keyset on id, in id order), as often as iterated: on a
 * 1,000,000-item case, triage holding every e-mail's text at once needed gigabytes (issue #12).
 * Each page is read whole before the loop body runs, so the body may write to the case.
 */
export interface Rows<T> extends AsyncIterable<T> {
  readonly length: number;
}

const PAGE = 2000;

async function pagedRows<T extends { id: string }>(
  db: SqlDb,
  columns: string,
  table: 'emails' | 'documents',
): Promise<Rows<T>> {
  const length = Number((await db.get<{ n: number }>(countRows(table)))?.n ?? 0);
  const first = firstPage(columns, table);
  const next = nextPage(columns, table);
  return {
    length,
    async *[Symbol.asyncIterator]() {
      let page = await db.all<T>(first, [PAGE]);
      while (page.length > 0) {
        yield* page;
        if (page.length < PAGE) return;
        page = await db.all<T>(next, [page[page.length - 1]!.id, PAGE]);
      }
    },
  };
}

/** The case's e-mails, in id order, read page by page (see Rows). */
export function emailRows(db: SqlDb): Promise<Rows<EmailRow>> {
  return pagedRows<EmailRow>(db, EMAIL_COLUMNS, 'emails');
}

/** The case's documents, in id order, read page by page (see Rows). */
export function documentRows(db: SqlDb): Promise<Rows<DocRow>> {
  return pagedRows<DocRow>(db, DOC_COLUMNS, 'documents');
}

export interface AddressRow {
  rid?: number;
  item_id: string;
  role: string;
  address: string;
  name: string;
}

/** The addresses of the case, page by page (a 1,000,000-item case has millions of address rows). */
export async function* addressRows(tx: SqlDb): AsyncGenerator<AddressRow> {
  const sqlite = tx.dialect === 'sqlite';
  let rows = await tx.all<AddressRow>(addressPage(tx.dialect, true), sqlite ? [-1] : []);
  while (rows.length > 0) {
    yield* rows;
    if (rows.length < ADDRESS_PAGE_SIZE) return;
    const last = rows[rows.length - 1]!;
    rows = await tx.all<AddressRow>(
      addressPage(tx.dialect, false),
      sqlite ? [last.rid] : [last.item_id, last.role, last.address],
    );
  }
}

/** `rows` through `fn`, one at a time. */
export async function* mapRows<T, U>(rows: AsyncIterable<T>, fn: (row: T) => U): AsyncGenerator<U> {
  for await (const r of rows) yield fn(r);
}

export function loadDocuments(store: Store): DocRow[] {
  return store.db
    .prepare('SELECT id, filename, mime, text, metadata_json FROM documents ORDER BY id')
    .all() as DocRow[];
}

// Where a reply starts quoting (Gmail/Apple "On … wrote:", French "Le … a écrit :"). Outlook's
// "-----Original Message-----" is kept: it also introduces forwards, which are near duplicates.
const REPLY_QUOTE = /^[ \t]*(?:Le .{5,160} a écrit|On .{5,160} wrote)[ \t]*:[ \t]*$/imu;

/** The text the sender wrote: without '>' quoted lines and without the quoted reply below. */
export function ownText(body: string): string {
  const m = REPLY_QUOTE.exec(body);
  const head = m ? body.slice(0, m.index) : body;
  return head.replace(/^[ \t]*>.*$/gm, '');
}

/** Body used for analysis: the plain part, else the text made from the HTML part. */
export const bodyOf = (e: EmailRow): string => (e.text.trim() ? e.text : e.html_text);

function parseJson<T>(s: string | null, fallback: T): T {
  try {
    return s ? (JSON.parse(s) as T) : fallback;
  } catch {
    return fallback;
  }
}

/** Outlook headers only, found without parsing the whole header list when absent. */
function outlookHeaders(json: string): { threadIndex: string | null; threadTopic: string | null } {
  if (!/thread-(index|topic)/i.test(json)) return { threadIndex: null, threadTopic: null };
  const hs = parseJson<{ name: string; value: string }[]>(json, []);
  const get = (n: string) => hs.find((h) => h.name.toLowerCase() === n)?.value ?? null;
  return { threadIndex: get('thread-index'), threadTopic: get('thread-topic') };
}

export function toThreadInput(e: EmailRow): ThreadInput {
  return {
    itemId: e.id,
    messageId: e.message_id,
    inReplyTo: e.in_reply_to,
    references: parseJson<string[]>(e.refs, []),
    subject: e.subject,
    date: e.date,
    // The sender's name first: list archives rewrite addresses (gmane) but keep names.
    from: e.from_name || e.from_addr,
    ...outlookHeaders(e.headers_json),
  };
}

export { parseJson };
