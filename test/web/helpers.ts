import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestPaths } from '../../src/ingest/manager.js';
import { Store } from '../../src/store/store.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'web');
export const HOSTILE_DIR = join(FIXTURES, 'hostile');

/** Every hostile message: file name and the HTML part as written (between the html tags). */
export function hostileBodies(): { name: string; html: string }[] {
  return readdirSync(HOSTILE_DIR)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => {
      const raw = readFileSync(join(HOSTILE_DIR, f), 'utf8');
      const html = /<html>[\s\S]*<\/html>/.exec(raw)?.[0] ?? '';
      return { name: f.replace(/\.eml$/, ''), html };
    });
}

/** A fresh case holding the test mail and the hostile corpus, ingested by the real ingest. */
export async function buildCase(): Promise<{ dir: string; store: Store; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'leaklens-web-'));
  const store = Store.open(dir);
  await ingestPaths(store, [join(FIXTURES, 'mail'), HOSTILE_DIR], { workers: 0, silent: true });
  return {
    dir,
    store,
    cleanup: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Id of the e-mail with that Message-ID. */
export function emailId(store: Store, messageId: string): string {
  const row = store.db.prepare('SELECT id FROM emails WHERE message_id = ?').get(messageId) as
    | { id: string }
    | undefined;
  if (!row) throw new Error(`no e-mail with Message-ID ${messageId}`);
  return row.id;
}
