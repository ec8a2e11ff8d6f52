import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { franc } from 'franc-min';
import { countryOf } from '../../src/social/signals/country.js';
import { detectLanguage } from '../../src/social/signals/language.js';

const LABELLED = readFileSync(join(import.meta.dirname, '../fixtures/social/lang/labelled-posts.tsv'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => l.split('\t') as [string, string]);
const ISO3: Record<string, string> = {
  fra: 'fr',
  eng: 'en',
  deu: 'de',
  spa: 'es',
  ita: 'it',
  rus: 'ru',
  ukr: 'uk',
  arb: 'ar',
  por: 'pt',
  nld: 'nl',
};

describe('language of short posts', () => {
  it('the chosen detector (eld) beats franc-min on 100 labelled short posts in ten languages', () => {
    const eldHits = LABELLED.filter(([lang, text]) => detectLanguage(text) === lang).length;
    const francHits = LABELLED.filter(([lang, text]) => ISO3[franc(text, { minLength: 3 })] === lang).length;
    assert.equal(LABELLED.length, 100);
    // Measured when the detector was chosen: eld 99/100, franc-min 88/100 (docs/campaign.md).
    assert.ok(eldHits >= 97, `eld ${eldHits}/100`);
    assert.ok(eldHits > francHits, `eld ${eldHits} vs franc ${francHits}`);
  });

  it('ignores links, mentions, the RT prefix and the # sign; too little text is unknown', () => {
    assert.equal(
      detectLanguage('RT @someone: Les documents de la campagne ont fuité ce soir https://t.co/x'),
      'fr',
    );
    assert.equal(detectLanguage('@journaliste https://t.co/x'), null);
    assert.equal(detectLanguage('🔥🔥 https://t.co/x'), null);
    assert.equal(detectLanguage('ok'), null);
  });
});

describe('country of a profile location', () => {
  const cases: [string, string | null][] = [
    ['Paris, France', 'FR'],
    ['Austin, TX', 'US'],
    ['New York', 'US'],
    ['Texas', 'US'],
    ['Москва', 'RU'],
    ['Genève', 'CH'],
    ['München, Deutschland', 'DE'],
    ['London, UK', 'GB'],
    ['🇫🇷', 'FR'],
    ['Kyiv, Україна', 'UA'],
    ['Bruxelles', 'BE'],
    ['Lyon', 'FR'],
    ['Washington, DC', 'US'],
    ['Montréal, QC', 'CA'],
    ['Roma', 'IT'],
    ['Earth', null],
    ['somewhere over the rainbow', null],
    ['', null],
    ['in my head', null],
    ['Worldwide', null],
  ];
  for (const [loc, code] of cases) {
    it(`${JSON.stringify(loc)} → ${code}`, () => assert.equal(countryOf(loc).code, code));
  }
});
