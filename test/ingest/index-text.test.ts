import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { indexText, stem, words } from '../../src/search/normalize.js';
import { tempDir } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What indexText is defined to be: each word stemmed in the text's language, joined by spaces. */
const reference = (text: string, lang: 'fr' | 'en') =>
  words(text)
    .map((w) => stem(w, lang))
    .join(' ');

const TRICKY = [
  "L'accord d'Hélène qu'il a signé aujourd’hui, l’été",
  "Jean's JEAN’S jean's rock'n'roll o' 'tis",
  '12345 1234567890123 ½ ² ３ 10h30',
  'ÉCOLE École école ÉCOLES',
  'İstanbul ǅemal ﬁnance Straße STRASSE',
  'Рошка Георгий Рошки',
  `${'a'.repeat(50)} ${'x'.repeat(41)}ing`,
  'e\u0301te\u0301 été',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 text — payé payer meetings meeting',
  '',
  "'",
];

test('indexText gives exactly the stems of words(), on tricky words and a generated maildir', (t) => {
  for (const text of TRICKY)
    for (const lang of ['fr', 'en'] as const)
      assert.equal(indexText(text, lang), reference(text, lang), text);
  const dir = tempDir(t);
  execFileSync(process.execPath, [join(ROOT, 'bench/ingest/generate.mjs'), dir, '--messages', '150'], {
    stdio: 'ignore',
  });
  let files = 0;
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    // The raw message (headers, quoted-printable and all): words of every kind, repeated.
    const text = readFileSync(join(f.parentPath, f.name), 'latin1');
    for (const lang of ['fr', 'en'] as const) assert.equal(indexText(text, lang), reference(text, lang));
    files++;
  }
  assert.ok(files >= 150, `${files} files`);
});
