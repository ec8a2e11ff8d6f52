/**
 * Field-by-field comparison of `leaklens meta --json` with `exiftool -json -r` on the same files:
 * author, last editor, created, modified and application, mapped from exiftool's tag names per
 * format. Dates compare as instants when both carry a zone, else as local wall-clock strings.
 */
export interface Diff {
  file: string;
  field: string;
  leaklens: string | undefined;
  exiftool: string | undefined;
}

type Rec = Record<string, unknown>;
const s = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v).trim());

/** exiftool's tag for each of our fields, by file type. */
export function exiftoolFields(e: Rec): Record<string, string | undefined> {
  const type = String(e.FileType ?? '');
  if (type === 'ODT')
    return {
      author: s(e['Initial-creator']),
      lastModifiedBy: s(e.Creator),
      created: s(e['Creation-date']),
      modified: s(e.Date),
      application: s(e.Generator)?.split('/')[0],
    };
  if (type === 'PDF')
    return {
      author: s(e.Author),
      lastModifiedBy: undefined,
      created: s(e.CreateDate),
      modified: s(e.ModifyDate),
      application: s(e.Creator),
    };
  if (type === 'JPEG')
    return {
      author: s(e.Artist),
      lastModifiedBy: undefined,
      created: s(e.DateTimeOriginal),
      modified: s(e.ModifyDate),
      application: s(e.Software),
    };
  if (type === 'DOC' || type === 'XLS' || type === 'PPT' || type === 'FPX')
    return {
      author: s(e.Author),
      lastModifiedBy: s(e.LastModifiedBy),
      created: s(e.CreateDate),
      modified: s(e.ModifyDate),
      application: s(e.Software),
    };
  return {
    author: s(e.Creator),
    lastModifiedBy: s(e.LastModifiedBy),
    created: s(e.CreateDate),
    modified: s(e.ModifyDate),
    application: s(e.Application),
  };
}

export function leaklensFields(m: Rec): Record<string, string | undefined> {
  return {
    author: s(m.author),
    lastModifiedBy: s(m.lastModifiedBy),
    created: s(m.created),
    modified: s(m.modified),
    application: s(m.application ?? m.software),
  };
}

const ZONE = /(Z|[+-]\d\d:?\d\d)$/;
const iso = (v: string) =>
  v.replace(/^(\d{4}):(\d{2}):(\d{2})[ T]/, '$1-$2-$3T').replace(/\.\d+(?=Z|[+-]\d\d:?\d\d$|$)/, '');

/**
 * Same date? Both with a zone: same instant. Otherwise the same wall-clock time: exiftool prints
 * OLE FILETIMEs (UTC by definition) without a zone, where leaklens writes them with `Z`.
 */
export function sameDate(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return a === b;
  const x = iso(a);
  const y = iso(b);
  if (ZONE.test(x) && ZONE.test(y)) return Date.parse(x) === Date.parse(y);
  return x.slice(0, 19) === y.slice(0, 19);
}

export function compare(file: string, ours: Rec, theirs: Rec): Diff[] {
  const a = leaklensFields(ours);
  const b = exiftoolFields(theirs);
  const out: Diff[] = [];
  for (const f of ['author', 'lastModifiedBy', 'created', 'modified', 'application']) {
    const same = f === 'created' || f === 'modified' ? sameDate(a[f], b[f]) : a[f] === b[f];
    if (!same) out.push({ file, field: f, leaklens: a[f], exiftool: b[f] });
  }
  return out;
}
