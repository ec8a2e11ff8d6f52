import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type IngestOptions, type IngestSummary, ingestPaths } from '../../src/ingest/manager.js';
import type { Store } from '../../src/store/store.js';
import { FIXTURES, tempCase, tempDir } from '../helpers.js';

type T = Parameters<typeof tempCase>[0];

/** The normal files every hostile folder holds beside its hostile input. */
export const NORMAL_EML =
  'From: Jean <jean@org.example>\r\nTo: marie@org.example\r\nSubject: Budget\r\nDate: Tue, 28 Mar 2017 10:00:00 +0200\r\nMessage-ID: <good@org.example>\r\n\r\nLe budget est prêt.\r\n';
const NORMAL_MSG = join(FIXTURES, 'documents/tika/testMSG.msg');

/** Writes the hostile files beside a normal .eml and a normal .msg, and ingests the folder. */
export async function ingestHostile(
  t: T,
  files: Record<string, string | Buffer>,
  opts: IngestOptions = { workers: 1 },
): Promise<{ store: Store; summary: IngestSummary; dir: string }> {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'normal.eml'), NORMAL_EML);
  copyFileSync(NORMAL_MSG, join(dir, 'normal.msg'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  const store = tempCase(t);
  const summary = await ingestPaths(store, [dir], { silent: true, ...opts });
  return { store, summary, dir };
}

/** Asserts both normal files were ingested in full. */
export function assertNormalsIngested(store: Store): void {
  const eml = store.db.prepare("SELECT subject FROM emails WHERE message_id = 'good@org.example'").get() as
    | { subject: string }
    | undefined;
  assert.equal(eml?.subject, 'Budget');
  const msg = store.db
    .prepare("SELECT e.subject FROM items i JOIN emails e ON e.id = i.id WHERE i.name = 'normal.msg'")
    .get() as { subject: string } | undefined;
  assert.ok(msg?.subject, 'normal.msg ingested with its subject');
  const st = store.db
    .prepare("SELECT status FROM items WHERE name IN ('normal.eml', 'normal.msg')")
    .all() as {
    status: string;
  }[];
  assert.deepEqual(
    st.map((s) => s.status),
    ['ok', 'ok'],
  );
}

export function failuresOf(
  store: Store,
  nameLike: string,
): { provenance: string; reason: string; message: string }[] {
  return store.db
    .prepare('SELECT provenance, reason, message FROM failures WHERE provenance LIKE ? ORDER BY provenance')
    .all(`%${nameLike}%`) as { provenance: string; reason: string; message: string }[];
}
