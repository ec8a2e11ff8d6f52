import { NAME_TYPES } from '../analyze/names/recognize.js';
import { NAME_MENTIONS_SQL, type NameMentionRow } from '../case/sql/name-mentions.js';
import type { Store } from '../store/store.js';
import { hasTable } from '../store/tables.js';
import { type KindScore, score } from './eval-mail.js';
import type { Truth } from './truth.js';

const stripId = (m: string) => m.replace(/^<|>$/g, '');

/**
 * The names planted in bodies (names-truth.ts) against what triage found there: precision and
 * recall per type (a name counts when its type and words match, inside the planted lines only, so
 * the greeting and signature around them do not count either way), and "linked": planted
 * colleagues named by title and surname that were joined to that colleague's identity.
 */
export function evalNames(store: Store, truth: Truth): KindScore[] {
  if (!truth.names?.length) return [];
  const db = store.db;
  const mentions = new Map<string, NameMentionRow[]>();
  if (hasTable(db, 'name_mentions'))
    for (const r of db.prepare(NAME_MENTIONS_SQL.byItem).all() as NameMentionRow[])
      if (r.field === 'body') mentions.set(r.item_id, [...(mentions.get(r.item_id) ?? []), r]);
  const itemOf = db.prepare('SELECT id, text, html_text FROM emails WHERE message_id = ? ORDER BY id');
  const formsOf = hasTable(db, 'identity_forms')
    ? db.prepare('SELECT form FROM identity_forms WHERE identity_id = ?')
    : null;
  const planted = new Map<string, Set<string>>(NAME_TYPES.map((t) => [t, new Set()]));
  const found = new Map<string, Set<string>>(NAME_TYPES.map((t) => [t, new Set()]));
  const linkPlanted = new Set<string>();
  const linked = new Set<string>();
  const present = new Set<string>();
  for (const p of truth.names) {
    const row = itemOf.get(stripId(p.messageId)) as
      | { id: string; text: string; html_text: string }
      | undefined;
    const body = row ? (row.text.trim() ? row.text : row.html_text) : '';
    p.lines.forEach((line, li) => {
      const at = body.indexOf(line.text);
      for (const m of line.mentions) {
        const k = `${p.messageId}#${li}:${m.text}`;
        planted.get(m.type)!.add(k);
        if (row) present.add(k);
        if (m.identity) {
          linkPlanted.add(k);
          if (row) present.add(k);
        }
      }
      if (!row || at < 0) return;
      for (const f of mentions.get(row.id) ?? []) {
        if (f.start < at || f.end > at + line.text.length) continue;
        const k = `${p.messageId}#${li}:${f.text}`;
        found.get(f.type)!.add(k);
        const want = line.mentions.find((m) => m.text === f.text && m.identity);
        const forms = f.identity_id && formsOf ? (formsOf.all(f.identity_id) as { form: string }[]) : [];
        if (want?.identity && forms.some((x) => x.form === want.identity!.toLowerCase())) linked.add(k);
      }
    });
  }
  return [
    ...NAME_TYPES.map((t) => score(`names in bodies: ${t}`, planted.get(t)!, found.get(t)!, present)),
    score('names linked to their identity', linkPlanted, linked, present),
  ];
}
