import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { DUP_TEXT_SQL } from '../../src/social/signals/bots.js';

/** The pattern the duplicate-text feature applied to every text before the guard (bots.ts). */
const PATTERN = `regexp_replace(text, 'https?://\\S+|@\\w+|\\s+', ' ', 'g')`;

describe('bot score duplicate texts', () => {
  it('the guarded pattern gives what the pattern gives on every text', async () => {
    const texts = [
      'plain words with single spaces only',
      'two  spaces',
      'tab\there',
      'line\nfeed',
      'carriage\rreturn',
      'form\ffeed',
      'vertical\vtab (not RE2 \\s)',
      'no\u00a0break space (not RE2 \\s)',
      'mention @someone here',
      'link http://t.co/abc and https://x.com/a/status/1',
      'HTTP://UPPER is no URL to the pattern',
      'trailing space ',
      ' leading space',
      '',
      'emoji 🇷🇺 text',
      'hashtag #MAGA only',
    ];
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      await c.run('CREATE TABLE t (text VARCHAR)');
      const app = await c.createAppender('t');
      for (const t of texts) {
        app.appendVarchar(t);
        app.endRow();
      }
      app.closeSync();
      const rows = (
        await c.runAndReadAll(`SELECT text, ${PATTERN} AS want, ${DUP_TEXT_SQL} AS got FROM t`)
      ).getRowObjectsJS();
      assert.equal(rows.length, texts.length);
      for (const r of rows) assert.equal(r.got, r.want, JSON.stringify(r.text));
      // The guard skips the pattern only where it changes nothing; it must not skip all of them.
      const changed = rows.filter((r) => r.want !== r.text).length;
      assert.ok(changed >= 7, `${changed} texts changed by the pattern`);
    } finally {
      c.closeSync();
      db.closeSync();
    }
  });
});
