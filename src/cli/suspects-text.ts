/** The text of `leaklens suspects`: stories as paragraphs, then a table whose reasons wrap, never cut. */
import { wrapText } from '../core/format.js';
import type { SuspectsResult } from '../suspects/index.js';

/** Wraps at word boundaries (white space folded first); a word longer than the width is split. */
const wrap = (text: string, width: number): string[] =>
  wrapText(text.split(/\s+/).filter(Boolean).join(' '), width);

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));

export function suspectsText(r: SuspectsResult, total: number, columns: number): string {
  if (!total)
    return 'No suspect: no e-mail or document has a failing verdict or a flag of medium or high severity (run "leaklens analyze" first?).';
  const width = Math.max(60, Math.min(columns, 160));
  const out = [
    `${total} suspect item(s): ${r.counts.emails} e-mail(s), ${r.counts.documents} document(s), strongest evidence first (docs/suspects.md).`,
  ];
  if (r.stories.length) {
    out.push('', 'Stories');
    for (const s of r.stories) {
      out.push(...wrap(`${s.id}. ${s.sentence}`, width).map((l, i) => (i ? `   ${l}` : l)));
      out.push(...wrap(`items: ${s.items.join(' ')}`, width - 3).map((l) => `   ${l}`));
    }
  }
  out.push('', 'Suspects');
  const head = ['#', 'kind', 'date', 'item', 'story', 'title / reason'];
  const fixed = [4, 9, 11, 28, 6];
  const rest = Math.max(30, width - fixed.reduce((a, b) => a + b + 2, 0));
  out.push(head.map((h, i) => pad(h, fixed[i] ?? 0)).join('  '));
  out.push([...fixed, rest].map((n) => '─'.repeat(n)).join('  '));
  for (const s of r.suspects) {
    const cells = [String(s.rank), s.kind, (s.date ?? '').slice(0, 10), s.id, s.story ? String(s.story) : ''];
    const text = [...wrap(s.title ?? '(untitled)', rest), ...wrap(s.reason, rest)];
    text.forEach((t, i) => {
      const left = i ? fixed.map((n) => ' '.repeat(n)) : cells.map((c, j) => pad(c, fixed[j] ?? 0));
      out.push([...left, t].join('  ').trimEnd());
    });
  }
  if (r.suspects.length < total)
    out.push('', `… ${total - r.suspects.length} more ("leaklens suspects --limit ${total}").`);
  out.push('', 'Open one with "leaklens show ITEM", or in the workbench ("leaklens serve", page Suspects).');
  return out.join('\n');
}
