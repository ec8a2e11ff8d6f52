// The 1,000 benchmark queries over the generated 21,075-message maildir (bench/ingest/generate.mjs),
// shared by bench/ingest/run.mjs and bench/search/run.ts so that every search figure is over the
// same queries. Half use topic words found in about 40% of the messages (the worst case for a
// ranked search), half use words of the long tail, as an investigator's names and rare terms are.
import { tailWord } from '../ingest/vocab.mjs';

export const TOPIC_WORDS = [
  'réunion',
  'budget',
  'facture',
  'paiement',
  'presse',
  'contrat',
  'banque',
  'virement',
  'remboursement',
  'hôtel',
  'restaurant',
  'candidat',
  'sondage',
  'signature',
  'livraison',
  'urgent',
];

/** @returns {{ queries: string[], common: number[] }} the queries, and the indexes of those on topic words */
export function benchmarkQueries() {
  const tail = Array.from({ length: 2000 }, (_, i) => tailWord(i)).slice(20);
  const queries = [];
  const common = [];
  for (let i = 0; i < 1000; i++) {
    const pool = i % 2 ? tail : TOPIC_WORDS;
    const w = pool[(i * 13) % pool.length];
    const v = pool[(i * 7 + 3) % pool.length];
    if (!(i % 2)) common.push(i);
    const kind = i % 5;
    queries.push(
      kind === 0
        ? w
        : kind === 1
          ? `${w} ${v}`
          : kind === 2
            ? `"${w} ${v}" OR ${w}`
            : kind === 3
              ? `${w} from:jean after:2016-01`
              : `${w} -${v} has:attachment`,
    );
  }
  return { queries, common };
}
