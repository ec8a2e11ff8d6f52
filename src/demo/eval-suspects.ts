import { SqliteDb } from '../case/sqlite-db.js';
import type { Store } from '../store/store.js';
import { findSuspects } from '../suspects/index.js';
import { type KindScore, score } from './eval-mail.js';
import type { Truth } from './truth.js';

const stripId = (m: string) => m.replace(/^<|>$/g, '');

/**
 * The suspects list (`leaklens suspects`) against everything planted as forged, altered or edited
 * by an outsider: e-mails by Message-ID, documents by sha256. "suspects (top N)" scores the first
 * N of the list, N = the number planted: what a reader who stops there finds. "story" scores the
 * first story against the fabricated e-mails that carry outside documents, and those documents.
 */
export async function evalSuspects(store: Store, truth: Truth): Promise<KindScore[]> {
  const r = await findSuspects(new SqliteDb(store.db));
  const key = (s: { kind: string; messageId: string | null; sha256: string | null }) =>
    s.kind === 'email' ? `m:${s.messageId ?? ''}` : `d:${s.sha256 ?? ''}`;
  const planted = new Set([
    ...truth.emails.filter((e) => e.kind !== 'benign-reencoding').map((e) => `m:${stripId(e.messageId)}`),
    ...truth.documents.map((d) => `d:${d.sha256}`),
  ]);
  const present = presentKeys(store);
  const all = new Set(r.suspects.map(key));
  const top = new Set(r.suspects.slice(0, planted.size).map(key));
  const carriers = new Set(truth.documents.map((d) => stripId(d.carriedBy)));
  const operation = new Set([
    ...[...carriers].map((m) => `m:${m}`),
    ...truth.documents.map((d) => `d:${d.sha256}`),
  ]);
  const first = r.stories[0];
  const byId = new Map(r.suspects.map((s) => [s.id, s]));
  const story = new Set((first?.items ?? []).map((id) => byId.get(id)).flatMap((s) => (s ? [key(s)] : [])));
  return [
    score('suspects', planted, all, present),
    score(`suspects (top ${planted.size})`, planted, top, present),
    score('first story = the operation', operation, story, present),
  ];
}

function presentKeys(store: Store): Set<string> {
  const mails = store.db.prepare('SELECT message_id AS m FROM emails WHERE message_id IS NOT NULL').all() as {
    m: string;
  }[];
  const docs = store.db
    .prepare("SELECT sha256 AS s FROM items WHERE kind = 'Document' AND sha256 IS NOT NULL")
    .all() as { s: string }[];
  return new Set([...mails.map((x) => `m:${stripId(x.m)}`), ...docs.map((x) => `d:${x.s}`)]);
}
