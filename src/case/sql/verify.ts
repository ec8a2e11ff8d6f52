/**
 * Statements of the verify stage (src/verify/), in the subset SQLite and PostgreSQL share. The
 * tables are made by migration 4 (src/case/migrations/0004-verify.ts).
 */

/** Every e-mail of the case, in id order (the laptop run, the team planner). */
export const VERIFY_EMAILS = `SELECT i.id, i.sha256, i.provenance FROM items i WHERE i.kind = 'Email' ORDER BY i.id`;

/** The e-mails of one team batch: `?` repeated by `inList`. */
export const verifyEmailsIn = (n: number): string =>
  `SELECT i.id, i.sha256, i.provenance FROM items i WHERE i.kind = 'Email' AND i.id IN (${inList(n)}) ORDER BY i.id`;

export const inList = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** Verdicts of items that are no longer e-mails of the case (a re-ingest changed the case). */
export const DELETE_STALE_VERDICTS =
  "DELETE FROM verdicts WHERE item_id NOT IN (SELECT id FROM items WHERE kind = 'Email')";

/** One verdict per e-mail: a second run replaces the row. */
export const UPSERT_VERDICT = `INSERT INTO verdicts(item_id, verdict, reason, signing_domains, signatures_json, arc_json, as_of)
  VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (item_id) DO UPDATE SET verdict = excluded.verdict, reason = excluded.reason,
    signing_domains = excluded.signing_domains, signatures_json = excluded.signatures_json,
    arc_json = excluded.arc_json, as_of = excluded.as_of`;

/** The verify flags of some items (a team batch done again replaces its own flags). */
export const deleteVerifyFlagsOf = (n: number): string =>
  `DELETE FROM flags WHERE stage = 'verify' AND item_id IN (${inList(n)})`;

export const INSERT_KEY = `INSERT INTO dkim_keys(id, domain, selector, record, kind, source, first_seen, last_seen, fetched_at, added_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`;

/** The archive in the order keys were added (verification tries them in that order). */
export const LIST_KEYS =
  'SELECT domain, selector, record, kind, source, first_seen, last_seen, fetched_at FROM dkim_keys ORDER BY rowid';

/** Header fields of every e-mail, for the case-wide time-zone and reply-order flags. */
export const CASE_EMAIL_HEADERS = `SELECT e.id, e.message_id, e.in_reply_to, e.refs, e.from_addr, e.date, e.date_raw
  FROM emails e JOIN items i ON i.id = e.id WHERE i.kind = 'Email' ORDER BY e.id`;

export const DOMAIN_VERDICTS = `SELECT v.item_id AS id, e.from_domain AS domain, v.verdict FROM verdicts v
  JOIN emails e ON e.id = v.item_id ORDER BY v.item_id`;

export const PLAIN_AND_HTML = `SELECT e.id, e.text, e.html_text, v.verdict FROM emails e LEFT JOIN verdicts v ON v.item_id = e.id
  WHERE e.text <> '' AND e.html_text <> '' ORDER BY e.id`;

/** Signature-invalid messages that no flag explains yet (rule 1 of signed-headers.ts did not). */
export const UNEXPLAINED_INVALID = `SELECT v.item_id AS id, i.sha256, e.message_id, v.signatures_json AS sigs FROM verdicts v
  JOIN items i ON i.id = v.item_id JOIN emails e ON e.id = v.item_id
  WHERE v.verdict = 'signature-invalid' AND e.message_id IS NOT NULL AND i.sha256 IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM flags f WHERE f.item_id = v.item_id AND f.kind = 'signed-header-changed')
  ORDER BY v.item_id`;

export const VERIFIED_TWIN_BLOB = `SELECT v.item_id AS id, i.sha256 FROM verdicts v JOIN items i ON i.id = v.item_id JOIN emails e ON e.id = v.item_id
  WHERE e.message_id = ? AND v.item_id <> ? AND v.verdict IN ('verified', 'verified-third-party') AND i.sha256 IS NOT NULL
  ORDER BY v.item_id LIMIT 1`;

export const UNEXPLAINED_INVALID_SUBJECTS = `SELECT e.id, e.subject, e.message_id, e.in_reply_to, e.headers_json, v.signatures_json AS sigs
  FROM verdicts v JOIN emails e ON e.id = v.item_id
  WHERE v.verdict = 'signature-invalid'
    AND NOT EXISTS (SELECT 1 FROM flags f WHERE f.item_id = v.item_id AND f.kind = 'signed-header-changed')
  ORDER BY e.id`;

export const PARENT_SUBJECTS =
  'SELECT subject FROM emails WHERE message_id = ? AND id <> ? ORDER BY id LIMIT 5';
export const REPLY_SUBJECTS =
  'SELECT subject FROM emails WHERE in_reply_to = ? AND id <> ? ORDER BY id LIMIT 20';

export const BODY_ALTERED_WITH_MID = `SELECT v.item_id AS id, v.signatures_json AS sigs, e.message_id AS mid, e.text
  FROM verdicts v JOIN emails e ON e.id = v.item_id
  WHERE v.verdict = 'body-altered' AND e.message_id IS NOT NULL ORDER BY v.item_id`;

export const VERIFIED_TWIN_TEXT = `SELECT v.item_id AS id, e.text FROM verdicts v JOIN emails e ON e.id = v.item_id
  WHERE e.message_id = ? AND v.item_id <> ? AND v.verdict IN ('verified', 'verified-third-party')
  ORDER BY v.item_id LIMIT 1`;

export const SET_SIGNATURES = 'UPDATE verdicts SET signatures_json = ? WHERE item_id = ?';

/** Team runs: the batches of a run, each with its status. */
export const INSERT_BATCH = `INSERT INTO verify_batches(run_id, batch, item_ids, status, messages) VALUES (?, ?, ?, 'queued', 0)
  ON CONFLICT (run_id, batch) DO NOTHING`;
export const SET_BATCH_STATUS =
  'UPDATE verify_batches SET status = ?, messages = ? WHERE run_id = ? AND batch = ?';
export const BATCH_STATUS = 'SELECT status FROM verify_batches WHERE run_id = ? AND batch = ?';
export const BATCH_TALLY = `SELECT status, count(*) AS n, COALESCE(sum(messages), 0) AS messages FROM verify_batches
  WHERE run_id = ? GROUP BY status ORDER BY status`;
export const BATCHES_NOT_DONE = `SELECT batch, item_ids FROM verify_batches WHERE run_id = ? AND status = 'queued' ORDER BY batch`;
