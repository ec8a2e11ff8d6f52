import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../src/store/store.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** A fresh temporary directory, removed when the test ends (pass t from node:test). */
export function tempDir(t: { after: (fn: () => void) => void }, prefix = 'leaklens-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A new empty case in a temporary directory. */
export function tempCase(t: { after: (fn: () => void) => void }): Store {
  const store = Store.open(join(tempDir(t), 'case'));
  t.after(() => {
    try {
      store.close();
    } catch {}
  });
  return store;
}

export function count(store: Store, sql: string, ...params: unknown[]): number {
  return (store.db.prepare(sql).get(...params) as { n: number }).n;
}
