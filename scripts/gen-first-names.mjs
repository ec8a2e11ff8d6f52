// Regenerates src/analyze/names/first-names-data.ts from an unpacked @faker-js/faker package
// (MIT licence): `npm pack @faker-js/faker && tar xzf faker-js-faker-*.tgz`, then
// `node scripts/gen-first-names.mjs ./package`. Not run at install or run time.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? './package');
const LOCALES = [
  'fr',
  'en',
  'fr_CH',
  'fr_BE',
  'fr_CA',
  'en_GB',
  'de',
  'es',
  'it',
  'ru',
  'en_US',
  'pt_PT',
  'nl',
  'pl',
  'ar',
];
const all = new Set();
for (const loc of LOCALES) {
  const m = await import(`${dir}/dist/locale/${loc}.js`);
  const f = Object.values(m).find((x) => x?.definitions?.person?.first_name || x?.person?.first_name);
  const fn = (f?.definitions ?? f)?.person?.first_name;
  const names = Array.isArray(fn) ? fn : [...(fn?.female ?? []), ...(fn?.male ?? []), ...(fn?.generic ?? [])];
  for (const n of names) if (/^\p{Lu}[\p{L}'-]+$/u.test(n)) all.add(n);
}
const head = `// Generated from @faker-js/faker 10.6.0 (MIT licence, see FIRST-NAMES-LICENSE.md): the person.first_name
// lists of its ${LOCALES.join(', ')} locales,
// merged, capitalised words only, sorted. Regenerate with scripts/gen-first-names.mjs; do not edit by hand.
`;
writeFileSync(
  resolve('src/analyze/names/first-names-data.ts'),
  `${head}export const FIRST_NAMES_TEXT = \`${[...all].sort().join(' ')}\`;\n`,
);
console.log(`${all.size} first names`);
