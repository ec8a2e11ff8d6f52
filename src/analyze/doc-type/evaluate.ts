import { extractEntities } from '../entities/index.js';
import { classifyDocType } from './classify.js';
import { DOC_TYPES, type DocType } from './rules.js';

/** A labelled example (test/fixtures/triage/doc-types.jsonl). */
export interface Labelled {
  id: string;
  label: DocType;
  kind: 'email' | 'document';
  lang?: string;
  subject?: string;
  filename?: string;
  text: string;
}

export interface TypeScore {
  type: DocType;
  support: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
}

export interface Evaluation {
  accuracy: number;
  macroPrecision: number;
  macroRecall: number;
  perType: TypeScore[];
  errors: { id: string; label: DocType; got: DocType; reasons: string[] }[];
}

/** Classifies one labelled example the way the triage stage does (with entity counts). */
export function predict(x: Labelled): ReturnType<typeof classifyDocType> {
  const es = extractEntities(x.text);
  const distinct = (t: string) => new Set(es.filter((e) => e.type === t).map((e) => e.normalized)).size;
  return classifyDocType({
    kind: x.kind,
    subject: x.subject,
    filename: x.filename,
    text: x.text,
    emails: distinct('email'),
    phones: distinct('phone'),
  });
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 1000) / 1000);

/**
 * Precision and recall per type on a labelled set; `other` counts as a type of its own.
 * @example evaluate(readJsonl('test/fixtures/triage/doc-types.jsonl')).macroPrecision
 */
export function evaluate(set: Labelled[]): Evaluation {
  const preds = set.map((x) => ({ x, p: predict(x) }));
  const perType: TypeScore[] = [...DOC_TYPES, 'other' as const].map((type) => {
    const support = set.filter((x) => x.label === type).length;
    const predicted = preds.filter((r) => r.p.type === type).length;
    const correct = preds.filter((r) => r.p.type === type && r.x.label === type).length;
    return {
      type,
      support,
      predicted,
      correct,
      precision: ratio(correct, predicted),
      recall: ratio(correct, support),
    };
  });
  // Macro precision over the types predicted at least once (precision of a never-predicted type is
  // undefined), macro recall over the types present in the set.
  const mean = (k: 'precision' | 'recall') => {
    const xs = perType.filter((t) => (k === 'precision' ? t.predicted : t.support) > 0);
    return Math.round((xs.reduce((s, t) => s + t[k], 0) / xs.length) * 1000) / 1000;
  };
  return {
    accuracy: ratio(preds.filter((r) => r.p.type === r.x.label).length, set.length),
    macroPrecision: mean('precision'),
    macroRecall: mean('recall'),
    perType,
    errors: preds
      .filter((r) => r.p.type !== r.x.label)
      .map((r) => ({ id: r.x.id, label: r.x.label, got: r.p.type, reasons: r.p.reasons })),
  };
}
