import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { tsvectorValue } from '../../src/case/sql/ingest-records.js';
import { guessStemLang, indexNames, indexPeople, indexText } from '../../src/search/normalize.js';
import { BACKENDS, postgresReachable } from './backends.js';

/**
 * Team workers send a full-text column either as a tsvector literal they built (tsvectorValue) or
 * as index text for `to_tsvector('simple', …)`; `leaklens_tsv` (migration 14) must store the very
 * tsvector `to_tsvector` makes of the index text in both cases: lexemes, positions, everything.
 */
const pgUp = await postgresReachable();
if (!pgUp && process.env.CI) throw new Error('CI: PostgreSQL does not answer on 127.0.0.1:5432');
const postgres = BACKENDS.find((b) => b.name === 'postgres')!;

/** Every file under the test fixtures' mail, documents and names folders, read as text. */
function fixtureTexts(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (statSync(p).size < 2_000_000) out.push(readFileSync(p, 'latin1'));
    }
  };
  for (const d of ['mail', 'names', 'verify', 'triage']) walk(join(import.meta.dirname, '../fixtures', d));
  return out;
}

const TRICKY = [
  'le chat le chat le',
  '1e5 12e 1e1e1 0x1f 123abc abc123 a1b2 e1 1e 0 00 0123',
  'été déjà façon œuvre straße ﬁn',
  'рошка георгии roshka georgiy',
  'a  b',
  ' leading',
  'trailing ',
  'x'.repeat(250),
  Array.from({ length: 300 }, () => 'same').join(' '),
  Array.from({ length: 16_500 }, (_, i) => `w${i % 50}`).join(' '),
  '',
];

test('leaklens_tsv of a worker-built value equals to_tsvector of the index text', {
  skip: pgUp ? false : 'no PostgreSQL on 127.0.0.1:5432 (laptop mode)',
}, async (t) => {
  const store = (await postgres.open(t)) as SqlCaseStore;
  const texts = [...TRICKY];
  for (const raw of fixtureTexts()) {
    const lang = guessStemLang(raw);
    texts.push(indexText(raw, lang), indexText(raw.slice(0, 300), lang), indexNames(raw.slice(0, 2000)));
    texts.push(indexPeople(raw.slice(0, 500)));
  }
  const values = texts.map(tsvectorValue);
  const literal = values.filter((v) => v?.startsWith('\u0001')).length;
  // Both paths are exercised: many values become literals (raw fixture files hold base64 and
  // tokens like 1e5, which stay text), the tricky cases do not.
  assert.ok(literal >= 50, `${literal} literals of ${texts.length}`);
  assert.ok(literal < texts.length, 'some values are left to to_tsvector');
  const rows = await store.db.all<{ i: number; same: boolean; got: string; want: string }>(
    `SELECT i, leaklens_tsv(v) = to_tsvector('simple', t) AS same, leaklens_tsv(v)::text AS got,
        to_tsvector('simple', t)::text AS want
      FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS u(v, t, i)`,
    [values, texts],
  );
  assert.equal(rows.length, texts.length);
  for (const r of rows) {
    assert.equal(r.got, r.want, `text ${r.i}: ${texts[Number(r.i) - 1]?.slice(0, 80)}`);
    assert.ok(r.same);
  }
});
