/**
 * `leaklens show` as text: the same reader as the workbench (search/item.ts), printed in the order
 * a reader checks a message: what it is, whether it is authentic and why, its flags, what changed,
 * then headers and body. Leaked mail is hostile: control characters never reach the terminal.
 */
import { ocrLines } from '../ocr/item-ocr.js';
import type { ItemView } from '../search/item.js';
import { oneLine, terminalText } from '../util/terminal-safe.js';
import { unifiedLines } from '../verify/text-diff.js';
import { formatBytes } from './output.js';

/** Characters of a document's text printed (the rest: --json or the original file). */
const DOC_TEXT_CHARS = 4000;

/**
 * Escape sequences in a leaked message could rewrite the terminal (ECMA-48 CSI/OSC): every control
 * but newline and tab is shown escaped (util/terminal-safe.ts), one helper for every printer.
 */
export const terminalSafe = terminalText;

type Signature = Record<string, unknown> & { keySource?: Record<string, unknown> | null };

export function verdictLines(item: ItemView): string[] {
  const v = item.verdict;
  if (!v) return item.email ? ['', 'Verdict: not verified yet (leaklens verify)'] : [];
  const out = ['', `Verdict: ${v.verdict}`, `  ${v.reason ?? ''}`];
  (v.signatures as Signature[]).forEach((s, i) => {
    const ks = s.keySource;
    const key = s.keyBits
      ? `${s.keyType ?? ''} ${s.keyBits} bits`.trim()
      : `no key (${s.keyError ?? 'not found'})`;
    out.push(
      `  Signature ${i + 1}: d=${s.domain} s=${s.selector} a=${s.algorithm} → ${s.verdict}`,
      `    key: ${key}; source: ${ks ? `${ks.kind} ${ks.source}${ks.window && ks.window !== 'unknown' ? ` (${ks.window})` : ''}` : '-'}`,
      `    header result: ${s.headerResult}; body result: ${s.bodyResult}${diagnosis(s)}`,
    );
  });
  if (v.arc && (v.arc as { result?: string }).result !== 'none')
    out.push(`  ARC: ${(v.arc as { result: string }).result}`);
  return out;
}

function diagnosis(s: Signature): string {
  const d = s.bodyDiagnosis as { diagnosis?: string; transformation?: string | null } | undefined;
  if (!d?.diagnosis) return '';
  return ` (${d.diagnosis}${d.transformation ? `: ${d.transformation}` : ''})`;
}

export function flagLines(item: ItemView): string[] {
  if (!item.flags.length) return [];
  return [
    '',
    `Flags (${item.flags.length}):`,
    ...item.flags.map((f) => `  [${f.severity}] ${f.kind}: ${f.message}`),
  ];
}

/** The diff against the verified copy or the other part, and the signed headers that changed. */
export function changeLines(item: ItemView): string[] {
  const c = item.change;
  if (!c) return [];
  const out: string[] = [];
  for (const h of c.headerChanges)
    out.push(
      '',
      `Signed header changed: ${h.header} (known from ${h.how})`,
      `- ${h.signedCopyValue ?? (h.expectedValue ? `(probably) ${h.expectedValue}` : '(absent when signed)')}`,
      `+ ${h.thisValue ?? '(absent)'}`,
    );
  if (c.against) {
    const changed = c.ops.some((o) => o.op !== 'same');
    out.push(
      '',
      `Change: ${c.currentLabel} compared with ${c.referenceLabel}${c.copyId ? ` (${c.copyId})` : ''}`,
      `  (- only in ${c.referenceLabel}, + only in ${c.currentLabel})`,
      ...(changed ? unifiedLines(c.ops) : ['  no difference in the words of the text']),
    );
  } else if (item.verdict?.verdict === 'body-altered')
    out.push('', 'Change: no verified copy and no second part to compare with.');
  return out;
}

// Header fields are one line each: a newline in a leaked name would forge an output line.
const fmt = (a: { name: string; address: string }) =>
  oneLine(a.name ? `${a.name} <${a.address}>` : a.address);

export function emailLines(item: ItemView, rawHeaders?: string): string[] {
  const e = item.email;
  if (!e) return [];
  const out: string[] = [''];
  if (rawHeaders !== undefined) out.push(rawHeaders.replace(/\r?\n$/, ''));
  else {
    out.push(`From:    ${e.from ? fmt(e.from) : '(none)'}`, `To:      ${e.to.map(fmt).join(', ')}`);
    if (e.cc.length) out.push(`Cc:      ${e.cc.map(fmt).join(', ')}`);
    out.push(
      `Date:    ${oneLine(e.dateRaw ?? '(none)')}${e.date ? `  [${e.date}]` : ''}`,
      `Subject: ${oneLine(e.subject ?? '')}`,
      `Message-ID: ${oneLine(e.messageId ?? '(none)')}`,
    );
  }
  const part = e.text ? (e.hasHtml ? 'plain-text part' : 'text') : 'HTML part, as text';
  out.push('', `[${part}]`, e.text || e.htmlText || '(no text body)');
  return out;
}

export function documentLines(item: ItemView): string[] {
  const d = item.document;
  if (!d) return [];
  const out = [`File: ${oneLine(d.filename ?? '')}  language: ${d.language ?? '-'}`];
  const meta = Object.entries(d.metadata);
  if (meta.length)
    out.push(
      'Metadata:',
      ...meta.map(
        ([k, v]) => `  ${oneLine(k)}: ${oneLine(typeof v === 'object' ? JSON.stringify(v) : String(v))}`,
      ),
    );
  if (d.textPreview)
    out.push('', d.textPreview.slice(0, DOC_TEXT_CHARS) + (d.textLength > DOC_TEXT_CHARS ? '\n…' : ''));
  return out;
}

/** `rawHeaders`: the header section as received (from the original bytes), shown instead of the parsed fields. */
export function itemText(item: ItemView, o: { rawHeaders?: string } = {}): string {
  const out: string[] = [
    `${item.kind} ${item.id}  ${item.mime ?? ''}  ${formatBytes(item.size)}  sha256 ${item.sha256 ?? '-'}  status ${item.status}`,
    `Found at: ${item.locations.map((l) => oneLine(l.provenance)).join('\n          ')}`,
    ...verdictLines(item),
    ...flagLines(item),
    ...changeLines(item),
    ...emailLines(item, o.rawHeaders),
    ...documentLines(item),
    ...ocrLines(item.ocr),
  ];
  if (item.attachments.length) {
    out.push('', 'Contains:');
    for (const c of item.attachments)
      out.push(
        `  ${c.id}  ${String(c.kind).padEnd(8)}  ${formatBytes(Number(c.size ?? 0)).padStart(8)}  ${oneLine(String(c.name ?? ''))}${c.status && c.status !== 'ok' ? `  [${c.status}]` : ''}`,
      );
  }
  if (item.failures.length)
    out.push('', 'Failures:', ...item.failures.map((f) => `  ${f.reason}: ${f.message}`));
  return terminalSafe(`${out.join('\n')}\n`);
}
