import type { FailureRecord, FlagRecord } from '../../model/entities.js';
import { makeId, sha256 } from '../../model/ids.js';

/**
 * Statements and ids of the records every area writes (failures, flags, case metadata), shared by
 * the synchronous laptop `Store` and the asynchronous `CaseStore` of both engines, so the two paths
 * cannot write different rows. Each statement is in the subset SQLite and PostgreSQL share.
 */

/** The same file failing the same way twice is one record. */
export const failureId = (f: FailureRecord): string =>
  makeId('Failure', f.sha256 ?? '', `${f.stage}\0${f.provenance}\0${f.reason}`);

export const INSERT_FAILURE =
  'INSERT INTO failures(id, provenance, sha256, reason, message, stage) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING';

export const failureParams = (id: string, f: FailureRecord): unknown[] => [
  id,
  f.provenance,
  f.sha256,
  f.reason,
  f.message,
  f.stage,
];

/** Derived from item, kind and evidence, so re-running a stage adds nothing. */
export const flagId = (f: FlagRecord): string =>
  makeId('Flag', sha256(JSON.stringify(f.evidence)), `${f.stage}\0${f.itemId}\0${f.kind}`);

export const UPSERT_FLAG = `INSERT INTO flags(id, item_id, kind, severity, message, evidence_json, stage) VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET item_id = excluded.item_id, kind = excluded.kind, severity = excluded.severity,
  message = excluded.message, evidence_json = excluded.evidence_json, stage = excluded.stage`;

export const flagParams = (id: string, f: FlagRecord): unknown[] => [
  id,
  f.itemId,
  f.kind,
  f.severity,
  f.message,
  JSON.stringify(f.evidence),
  f.stage,
];

export const DELETE_STAGE_FLAGS = 'DELETE FROM flags WHERE stage = ?';

export const UPSERT_META =
  'INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value';

export const SELECT_META = 'SELECT value FROM meta WHERE key = ?';
