import type { Migration } from '../migrations.js';

/**
 * Names found in running text by triage (src/analyze/names/): one row per mention of a person
 * (PER), organisation (ORG) or place (LOC) in an e-mail body or subject or a document's text (OCR
 * text included, since it is the document's text), with its offsets in that field, the passage
 * around it, why it was taken, and the identity of the case it was linked to (a sender's name found
 * in another message's body is that sender). `name_key` groups spellings: the order-free name key
 * for people, the folded text otherwise. Same SQL on both engines (`"end"` quoted: END is a keyword).
 */
const SQL = `
CREATE TABLE IF NOT EXISTS name_mentions (
  item_id TEXT NOT NULL,
  field TEXT NOT NULL,
  type TEXT NOT NULL,
  text TEXT NOT NULL,
  name_key TEXT NOT NULL,
  start BIGINT NOT NULL,
  "end" BIGINT NOT NULL,
  evidence TEXT NOT NULL,
  identity_id TEXT,
  passage TEXT NOT NULL,
  PRIMARY KEY (item_id, field, start)
);
CREATE INDEX IF NOT EXISTS name_mentions_key ON name_mentions(type, name_key);
CREATE INDEX IF NOT EXISTS name_mentions_identity ON name_mentions(identity_id);
`;

export const NAME_MENTIONS: Migration = { id: 7, name: 'name-mentions', sqlite: SQL, postgres: SQL };
