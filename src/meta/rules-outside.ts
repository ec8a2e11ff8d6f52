import type { DocRow, OutlierFlag } from './rules-common.js';

/**
 * Who edited a document, not what it says: the flags that describe its editor rather than its
 * text. A name in another writing system, an application set to another language and a clock in
 * another time zone are each a trace of the editor's own machine. A foreign-language flag on the
 * text alone is not one of them (an English memo in a French organisation is ordinary).
 */
const EDITOR_SIGNALS = ['foreign-script', 'foreign-language', 'foreign-timezone'] as const;

function isEditorSignal(f: OutlierFlag): boolean {
  if (f.kind === 'foreign-language') return f.evidence.source === 'application';
  return (EDITOR_SIGNALS as readonly string[]).includes(f.kind);
}

function phrase(f: OutlierFlag): string {
  const e = f.evidence;
  if (f.kind === 'foreign-script') return `${String(e.field)} "${String(e.name)}" in ${String(e.script)}`;
  if (f.kind === 'foreign-language') return `application set to "${String(e.language)}"`;
  return `clock at ${f.message.split(';')[0]?.replace(/^written at /, '')}`;
}

/**
 * `outside-editor`: a document whose editor traces (see EDITOR_SIGNALS) set it apart from the
 * organisation. High severity with two independent traces or more, medium with one.
 * @example outsideEditorFlags(docs, allOtherFlags)[0].message
 * // 'Edited outside the organisation: lastModifiedBy "Рошка Георгий Петрович" in Cyrillic; application set to "ru".'
 */
export function outsideEditorFlags(docs: DocRow[], flags: OutlierFlag[]): OutlierFlag[] {
  const byDoc = new Map<string, OutlierFlag[]>();
  for (const f of flags) if (isEditorSignal(f)) byDoc.set(f.itemId, [...(byDoc.get(f.itemId) ?? []), f]);
  const out: OutlierFlag[] = [];
  for (const d of docs) {
    const signals = byDoc.get(d.id);
    if (!signals?.length) continue;
    const kinds = [...new Set(signals.map((s) => s.kind))].sort();
    out.push({
      itemId: d.id,
      kind: 'outside-editor',
      severity: kinds.length >= 2 ? 'high' : 'medium',
      message: `Edited outside the organisation: ${signals.map(phrase).join('; ')}.`,
      evidence: {
        editor: d.metadata.lastModifiedBy ?? d.metadata.author ?? null,
        signals: kinds,
        independentSignals: kinds.length,
      },
    });
  }
  return out;
}
