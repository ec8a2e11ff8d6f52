import { classifyDocType, type DocTypeResult, fold } from './doc-type/classify.js';
import { findIbanLookalikes } from './entities/iban.js';
import { type Entity, extractEntities } from './entities/index.js';
import { displayName, looksLikeName } from './entities/names.js';
import { MAX_FOLD, type SensitiveHit, sensitiveHits } from './sensitivity.js';
import { bodyOf, type DocRow, type EmailRow, parseJson } from './triage-load.js';

/** What triage learns about one item: entities (with the field they came from), type, sensitivity. */
export interface ItemFindings {
  itemId: string;
  entities: (Entity & { field: string })[];
  docType: DocTypeResult;
  sensitive: SensitiveHit[];
  /** Anomalies worth a flag that are not sensitive data (an IBAN whose checksum fails). */
  anomalies: { kind: string; message: string; evidence: Record<string, unknown> }[];
  /** Signature name written above any quoted part: the sender's own name. */
  ownSignature: string | null;
}

// Where quoted or forwarded text begins (Outlook FR/EN, Gmail, Apple Mail, '>' quoting).
const QUOTE_START =
  /^(?:-{2,}\s*(?:Original Message|Message d'origine|Forwarded message|Message transféré)|Le .{5,80} a écrit\s*:|On .{5,80} wrote:|De\s*:|From:|>)/imu;

function anomalies(text: string): ItemFindings['anomalies'] {
  return findIbanLookalikes(text).map((e) => ({
    kind: 'iban-invalid-checksum',
    message: `"${e.value}" is shaped like an IBAN but its check digits are wrong: mistyped or invented`,
    evidence: { value: e.value, offset: e.start },
  }));
}

const distinct = (es: Entity[], t: string) =>
  new Set(es.filter((e) => e.type === t).map((e) => e.normalized)).size;

export function analyzeEmail(e: EmailRow): ItemFindings {
  const body = bodyOf(e);
  const inBody = extractEntities(body).map((x) => ({ ...x, field: 'body' }));
  const inSubject = e.subject
    ? extractEntities(e.subject)
        .filter((x) => x.type !== 'person')
        .map((x) => ({ ...x, field: 'subject' }))
    : [];
  const entities = [...inSubject, ...inBody];
  const quote = QUOTE_START.exec(body);
  const firstSig = inBody.find((x) => x.type === 'person');
  const ownSignature = firstSig && (!quote || firstSig.start < quote.index) ? firstSig.value : null;
  const folded = fold(body.slice(0, MAX_FOLD));
  const docType = classifyDocType({
    kind: 'email',
    folded,
    subject: e.subject,
    text: body,
    emails: distinct(inBody, 'email'),
    phones: distinct(inBody, 'phone'),
  });
  return {
    itemId: e.id,
    entities,
    docType,
    sensitive: sensitiveHits(`${e.subject ?? ''}\n${body}`, entities, `${fold(e.subject ?? '')}\n${folded}`),
    anomalies: anomalies(body),
    ownSignature,
  };
}

const META_PEOPLE = ['author', 'lastModifiedBy', 'manager'];

export function analyzeDocument(d: DocRow): ItemFindings {
  const entities = extractEntities(d.text).map((x) => ({ ...x, field: 'body' }));
  const meta = parseJson<Record<string, unknown>>(d.metadata_json, {});
  for (const key of META_PEOPLE) {
    const v = meta[key];
    if (typeof v === 'string' && v.trim() && looksLikeName(v)) {
      entities.push({
        type: 'person',
        value: v.trim(),
        normalized: displayName(v),
        start: -1,
        end: -1,
        field: `metadata:${key}`,
      });
    }
  }
  const folded = fold(d.text.slice(0, MAX_FOLD));
  const docType = classifyDocType({
    kind: 'document',
    folded,
    filename: d.filename,
    subject: typeof meta.title === 'string' ? meta.title : null,
    text: d.text,
    emails: distinct(entities, 'email'),
    phones: distinct(entities, 'phone'),
  });
  return {
    itemId: d.id,
    entities,
    docType,
    sensitive: sensitiveHits(d.text, entities, folded),
    anomalies: anomalies(d.text.slice(0, MAX_FOLD)),
    ownSignature: null,
  };
}
