/**
 * The three to five strongest findings of a case in sentences an editor can quote, each with a
 * command and a workbench link listing the items behind it. Drawn from the suspects list (its
 * first story, then fabricated, altered, outside-edited and header-anomaly items), then the
 * verify summary's first sentence when fewer than three remain.
 */
import type { Suspect, SuspectsResult } from './types.js';

export interface Headline {
  sentence: string;
  /** A leaklens command listing the items behind the sentence. */
  command: string;
  /** The workbench path listing them. */
  url: string;
}

const n = (x: number) => x.toLocaleString('en-US');
const plural = (x: number, one: string, many: string) => `${n(x)} ${x === 1 ? one : many}`;
const q = (query: string) => ({
  command: `leaklens search "${query}"`,
  url: `/search?q=${encodeURIComponent(query)}`,
});

function fabricated(list: Suspect[]): Headline | null {
  const f = list.filter((s) => s.evidence.some((e) => e.kind === 'unsigned-from-signing-domain'));
  const e = f[0]?.evidence.find((x) => x.kind === 'unsigned-from-signing-domain')?.evidence;
  if (!f.length || !e) return null;
  const domains = new Set(
    f.map((s) => s.evidence.find((x) => x.kind === 'unsigned-from-signing-domain')?.evidence.domain),
  );
  const where =
    domains.size === 1
      ? `${String(e.domain)}, which signs ${n(Number(e.verified))} of its ${n(Number(e.total))} messages in this dump`
      : `${n(domains.size)} domains that sign nearly all their mail`;
  return {
    sentence: `${plural(f.length, 'e-mail claims', 'e-mails claim')} to come from ${where}, but ${f.length === 1 ? 'carries' : 'carry'} no signature: ${f.length === 1 ? 'it may be' : 'they may be'} fabricated.`,
    ...q('flag:unsigned-from-signing-domain'),
  };
}

function altered(list: Suspect[]): Headline | null {
  const a = list.filter((s) => s.verdict === 'body-altered' || s.verdict === 'signature-invalid');
  if (!a.length) return null;
  const diag = (d: string) =>
    a.filter((s) => s.verdict === 'body-altered' && s.evidence.some((e) => e.evidence.diagnosis === d))
      .length;
  const parts = [
    diag('content-changed') ? `${n(diag('content-changed'))} had their text changed` : '',
    diag('content-appended') ? `${n(diag('content-appended'))} had text appended` : '',
    a.filter((s) => s.verdict === 'signature-invalid').length
      ? `${n(a.filter((s) => s.verdict === 'signature-invalid').length)} had signed headers (such as the Subject) changed`
      : '',
  ].filter(Boolean);
  return {
    sentence: `${plural(a.length, 'signed e-mail was', 'signed e-mails were')} altered after signing: ${parts.join(', ')}; the DKIM signature proves it.`,
    command: 'leaklens suspects',
    url: '/suspects',
  };
}

function outside(list: Suspect[]): Headline | null {
  const d = list.filter((s) => s.kind === 'document' && s.evidence.some((e) => e.kind === 'outside-editor'));
  if (!d.length) return null;
  const editors = [
    ...new Set(
      d.map((s) => s.evidence.find((e) => e.kind === 'outside-editor')?.evidence.editor).filter(Boolean),
    ),
  ];
  const who =
    editors.length === 1
      ? ` by "${String(editors[0])}"`
      : editors.length
        ? ` by ${n(editors.length)} outside editors`
        : '';
  const burst = d.some((s) => s.evidence.some((e) => e.kind === 'edit-burst'))
    ? ', within minutes of each other'
    : '';
  const after = d.filter((s) => s.evidence.some((e) => e.kind === 'modified-after-email')).length;
  return {
    sentence: `${plural(d.length, 'document was', 'documents were')} last edited outside the organisation${who}${burst}${after ? `; ${n(after)} after the e-mail carrying ${after === 1 ? 'it' : 'them'} was sent` : ''}.`,
    ...q('flag:outside-editor'),
  };
}

function heuristics(list: Suspect[]): Headline | null {
  const h = list.filter((s) => s.class === 'heuristic');
  if (!h.length) return null;
  const kinds = new Map<string, number>();
  for (const s of h) kinds.set(s.finding, (kinds.get(s.finding) ?? 0) + 1);
  const top = [...kinds].sort((a, b) => b[1] - a[1]).map(([k, c]) => `${n(c)} ${k}`);
  return {
    sentence: `${plural(h.length, 'more e-mail or document carries', 'more e-mails and documents carry')} header or metadata anomalies (${top.join(', ')}).`,
    command: 'leaklens suspects',
    url: '/suspects',
  };
}

/** 3 to 5 headlines (fewer only when the case has fewer findings and no verify summary). */
export function headlines(r: SuspectsResult, fallback: string[] = []): Headline[] {
  const out: Headline[] = [];
  const story = r.stories[0];
  if (story) out.push({ sentence: story.sentence, command: 'leaklens suspects', url: '/suspects' });
  for (const make of [fabricated, altered, outside, heuristics]) {
    const h = make(r.suspects);
    if (h) out.push(h);
  }
  for (const s of fallback) {
    if (out.length >= 3) break;
    out.push({ sentence: s, command: 'leaklens verify --summary-only', url: '/search?q=kind:email' });
  }
  return out.slice(0, 5);
}
