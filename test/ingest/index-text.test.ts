import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { guessStemLang, indexText, stem, words } from '../../src/search/normalize.js';
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

/** guessStemLang as it was written with the regular expression (before the scanner, issue #12). */
function referenceLang(text: string): 'fr' | 'en' {
  const FR = new Set(
    'le la les des et est une dans pour que qui sur pas avec vous nous sont du au aux ce cette mais ou où être avoir merci bonjour cordialement'.split(
      ' ',
    ),
  );
  const EN = new Set(
    'the and is of to for in that with you we are this be have on not it at from thanks regards hello dear'.split(
      ' ',
    ),
  );
  let fr = 0;
  let en = 0;
  let n = 0;
  for (const m of text.slice(0, 4000).matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)) {
    const w = m[0].toLowerCase();
    if (FR.has(w)) fr++;
    else if (EN.has(w)) en++;
    if (++n > 600) break;
  }
  return fr > en ? 'fr' : 'en';
}

test('the word scanner finds what the regular expression finds, on random strings of hard characters', () => {
  // Letters, digits, apostrophes, marks, surrogate pairs (letters, digits, emoji), lone
  // surrogates, separators: every branch of the scanner, 20,000 strings from a fixed seed.
  const pieces = [
    'a',
    'Z',
    '0',
    '9',
    'é',
    'Ж',
    'ß',
    'ǅ',
    '½',
    '３',
    '²',
    '\u0301',
    "'",
    '’',
    '‘',
    ' ',
    '-',
    '.',
    '_',
    '\n',
    '𝔘',
    '𝟙',
    '😀',
    '\ud800',
    '\udc00',
    'l',
    'qu',
    'd',
    'Jean',
    "l'",
    'ﬁ',
    '٣',
    'ㄱ',
    '\u00a0',
  ];
  let seed = 12;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
  for (let k = 0; k < 20_000; k++) {
    let text = '';
    const len = 1 + Math.floor(rnd() * 30);
    for (let i = 0; i < len; i++) text += pieces[Math.floor(rnd() * pieces.length)];
    for (const lang of ['fr', 'en'] as const)
      assert.equal(indexText(text, lang), reference(text, lang), JSON.stringify(text));
    assert.equal(guessStemLang(text), referenceLang(text), JSON.stringify(text));
  }
  const long = `${'le chat et la souris '.repeat(150)}${'the cat and the mouse '.repeat(300)}`;
  assert.equal(guessStemLang(long), referenceLang(long));
  assert.equal(guessStemLang(`${'x '.repeat(3998)}le la`), referenceLang(`${'x '.repeat(3998)}le la`));
});
