import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../store/store.js';
import { evalDocuments, evalDuplicates } from './eval-docs.js';
import { evalEmails, type KindScore } from './eval-mail.js';
import { evalNames } from './eval-names.js';
import { evalOcr, type OcrEval } from './eval-ocr.js';
import { evalSocial, type SocialEval } from './eval-social.js';
import { evalSuspects } from './eval-suspects.js';
import { evalTrail } from './eval-trail.js';
import type { TrailEval } from './eval-trail-score.js';
import { GENERATOR, type Truth } from './truth.js';

export interface EvalReport {
  truth: { generator: string; seed: number; size: string };
  emails: ReturnType<typeof evalEmails>;
  documents: KindScore[];
  duplicates: KindScore[];
  /** The suspects list and its first story against everything planted (eval-suspects.ts). */
  suspects: KindScore[];
  social: SocialEval | null;
  /** Planted scans found by their words, and OCR's character error rate on them (eval-ocr.ts). */
  ocr: OcrEval | null;
  /** Names planted in bodies (eval-names.ts); empty for truth files made before them. */
  names: KindScore[];
  /** How the leak travelled (eval-trail.ts); null when the truth has no trail or no posts were imported. */
  trail: TrailEval | null;
}

/** Reads and checks a truth.json. */
export function readTruth(path: string): Truth {
  const t = JSON.parse(readFileSync(path, 'utf8')) as Truth;
  if (t.generator !== GENERATOR || !Array.isArray(t.emails))
    throw new Error(`${path} is not a leaklens demo truth file (generator ${String(t.generator)})`);
  return t;
}

/**
 * Compares what leaklens found in a case with a demo's truth: precision and recall per planted
 * kind (e-mail forgeries, outside documents, duplicates, campaign signals).
 * @example const r = await evaluate(readTruth('leaklens-demo/truth.json'), 'leaklens-demo/case');
 */
export async function evaluate(truth: Truth, caseDir: string): Promise<EvalReport> {
  const store = Store.open(caseDir, { readonly: true });
  let emails: EvalReport['emails'];
  let documents: KindScore[];
  let duplicates: KindScore[];
  let suspects: KindScore[];
  let ocr: OcrEval | null = null;
  let names: KindScore[];
  try {
    emails = evalEmails(store, truth);
    documents = evalDocuments(store, truth);
    duplicates = evalDuplicates(store, truth);
    suspects = await evalSuspects(store, truth);
    if (truth.ocr) ocr = evalOcr(store, truth.ocr);
    names = evalNames(store, truth);
  } finally {
    store.close();
  }
  const social =
    truth.social && existsSync(join(caseDir, 'social.duckdb'))
      ? await evalSocial(caseDir, truth.social)
      : null;
  let trail: TrailEval | null = null;
  if (truth.trail && existsSync(join(caseDir, 'social.duckdb'))) {
    const ro = Store.open(caseDir, { readonly: true });
    try {
      trail = await evalTrail(ro, caseDir, truth.trail);
    } finally {
      ro.close();
    }
  }
  return {
    truth: { generator: truth.generator, seed: truth.seed, size: truth.size },
    emails,
    documents,
    duplicates,
    suspects,
    social,
    ocr,
    names,
    trail,
  };
}

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

/** Rows for a human table: kind, planted, detected, predicted, precision, recall, missing from case. */
export function reportRows(r: EvalReport): (string | number)[][] {
  const rows = (group: string, ks: KindScore[]) =>
    ks.map((k) => [
      group,
      k.kind,
      k.planted,
      k.detected,
      k.predicted,
      pct(k.precision),
      pct(k.recall),
      k.missing,
    ]);
  return [
    ...rows('e-mail', r.emails.kinds),
    ...rows('document', r.documents),
    ...rows('duplicate', r.duplicates),
    ...rows('suspects', r.suspects),
    ...(r.social ? rows('social', r.social.kinds) : []),
    ...(r.ocr ? rows('ocr', r.ocr.kinds) : []),
    ...rows('names', r.names ?? []),
    ...(r.trail ? rows('trail', r.trail.kinds) : []),
  ];
}
