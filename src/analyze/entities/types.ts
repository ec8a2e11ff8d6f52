/** One entity occurrence in a text: where it is and its canonical form. */
export interface Entity {
  /** email | phone | iban | card | amount | url | domain | ip | date | person */
  type: EntityType;
  /** As written. */
  value: string;
  /** Canonical form: lower-case address, E.164 phone, compact IBAN, `EUR 1234.56`, ISO date … */
  normalized: string;
  /** Offsets in the text (UTF-16 code units, end exclusive); -1/-1 for header or metadata. */
  start: number;
  end: number;
}

export type EntityType =
  | 'email'
  | 'phone'
  | 'iban'
  | 'card'
  | 'amount'
  | 'url'
  | 'domain'
  | 'ip'
  | 'date'
  | 'person';

export const ENTITY_TYPES: EntityType[] = [
  'email',
  'phone',
  'iban',
  'card',
  'amount',
  'url',
  'domain',
  'ip',
  'date',
  'person',
];

/** Runs a global regex over a text and maps each match, dropping those the mapper rejects. */
export function scan(text: string, re: RegExp, map: (m: RegExpExecArray) => Entity | null): Entity[] {
  const out: Entity[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const e = map(m);
    if (e) out.push(e);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}
