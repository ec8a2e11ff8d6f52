// Precision and recall of the name finder (src/analyze/names/) per type, on the labelled e-mails
// of test/fixtures/names (with and without the case's gazetteer from their headers) and on the
// WikiANN English and French test sets read from a fetched copy (davidsbatista/NER-datasets).
// Usage: npx tsx bench/names/accuracy.ts [--wikiann DIR | --wikiann-git GIT_DIR] [--limit N] [--json]
//   DIR holds en/test and fr/test (default: the git mirror the fetch tool made, read with git show).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IdentityResolver } from '../../src/analyze/identities.js';
import { buildGazetteer } from '../../src/analyze/names/gazetteer.js';
import { EMPTY_GAZETTEER, findNames } from '../../src/analyze/names/recognize.js';
import { parseIob, parseLabelledEmails, scoreSpans, type TypeScore } from '../../src/analyze/names/score.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
/** A git directory of github.com/davidsbatista/NER-datasets (`--wikiann-git DIR`); never committed. */
const MIRROR = arg('--wikiann-git');
const limit = Number(arg('--limit') ?? 100000);

function wikiann(lang: string): string | null {
  const dir = arg('--wikiann');
  if (dir) return readFileSync(join(dir, lang, 'test'), 'utf8');
  if (!MIRROR || !existsSync(MIRROR)) return null;
  return execFileSync('git', ['--git-dir', MIRROR, 'show', `HEAD:WikiANN/${lang}/test`], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
}

const emails = readdirSync('test/fixtures/names')
  .filter((f) => /^emails-\d+\.txt$/.test(f))
  .sort()
  .flatMap((f) => parseLabelledEmails(readFileSync(join('test/fixtures/names', f), 'utf8'), f));

function emailScores(lang: string | null, useGazetteer: boolean): TypeScore[] {
  const set = emails.filter((e) => !lang || e.lang === lang);
  const ids = new IdentityResolver();
  for (const e of set) for (const h of e.headerNames) ids.add(h.name, h.address);
  const g = useGazetteer ? buildGazetteer({ identities: ids.resolve() }) : EMPTY_GAZETTEER;
  return scoreSpans(set.map((e) => ({ gold: e.gold, found: findNames(e.body, g) })));
}

const rows: { set: string; scores: TypeScore[]; items: number; ms: number }[] = [];
for (const [name, lang, gaz] of [
  ['e-mails (all, case gazetteer)', null, true],
  ['e-mails FR (case gazetteer)', 'fr', true],
  ['e-mails EN (case gazetteer)', 'en', true],
  ['e-mails (all, no gazetteer)', null, false],
] as const) {
  const t = performance.now();
  rows.push({
    set: name,
    scores: emailScores(lang, gaz),
    items: emails.filter((e) => !lang || e.lang === lang).length,
    ms: performance.now() - t,
  });
}
for (const lang of ['en', 'fr']) {
  const src = wikiann(lang);
  if (!src) {
    console.error(
      `WikiANN ${lang}: no copy (pass --wikiann DIR, or --wikiann-git with a git directory of davidsbatista/NER-datasets)`,
    );
    continue;
  }
  const sents = parseIob(src, limit);
  const t = performance.now();
  const pairs = sents.map((s) => ({ gold: s.gold, found: findNames(s.text) }));
  rows.push({
    set: `WikiANN ${lang} test`,
    scores: scoreSpans(pairs),
    items: sents.length,
    ms: performance.now() - t,
  });
}

const f = (x: number | null) => (x === null ? '–' : x.toFixed(3));
if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
else {
  console.log(
    '| set | items | type | gold | found | correct | precision | recall |\n|---|---|---|---|---|---|---|---|',
  );
  for (const r of rows)
    for (const s of r.scores)
      console.log(
        `| ${r.set} | ${r.items} | ${s.type} | ${s.gold} | ${s.found} | ${s.correct} | ${f(s.precision)} | ${f(s.recall)} |`,
      );
}
