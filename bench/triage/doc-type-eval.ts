// Prints precision/recall of the document-type classifier on the labelled set.
// Usage: npx tsx bench/triage/doc-type-eval.ts [test/fixtures/triage/doc-types.jsonl]
import { readFileSync } from 'node:fs';
import { evaluate, type Labelled } from '../../src/analyze/doc-type/evaluate.js';

const path = process.argv[2] ?? 'test/fixtures/triage/doc-types.jsonl';
const set = readFileSync(path, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Labelled);
const ev = evaluate(set);
console.log(
  `examples ${set.length}  accuracy ${ev.accuracy}  macro-precision ${ev.macroPrecision}  macro-recall ${ev.macroRecall}`,
);
console.log('| type | examples | predicted | correct | precision | recall |\n|---|---|---|---|---|---|');
for (const t of ev.perType)
  console.log(`| ${t.type} | ${t.support} | ${t.predicted} | ${t.correct} | ${t.precision} | ${t.recall} |`);
for (const e of ev.errors)
  console.log(`error ${e.id}: labelled ${e.label}, got ${e.got} (${e.reasons.join('; ')})`);
