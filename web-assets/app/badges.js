// One renderer for what a list row says about an item before it is opened: the authenticity
// verdict as a coloured badge and each flag kind as a chip coloured by its strongest severity.
// Rows come from the API with `verdict` (string or null) and `flags: [{kind, severity}]`.
import { h } from './dom.js';
import { verdictText } from './pages/verdicts.js';

/** Verdicts worth a reader's attention in a list; `verified` and `unsigned` are shown quieter. */
const ALARMING = new Set(['body-altered', 'signature-invalid', 'weak-key']);

export function verdictBadge(verdict) {
  if (!verdict) return null;
  return h(
    'span',
    {
      class: `verdict v-${verdict}${ALARMING.has(verdict) ? ' alarm' : ''}`,
      title: verdictText(verdict),
      dataset: { verdict },
    },
    verdict,
  );
}

/** Flag chips, strongest first; past `max`, a "+N" chip lists the rest in its tooltip. */
export function flagChips(flags, max = 4) {
  if (!flags?.length) return null;
  const shown = flags.slice(0, max);
  const rest = flags.slice(max);
  return [
    ...shown.map((f) =>
      h(
        'span',
        { class: `flag-chip fs-${f.severity}`, title: `${f.severity}: ${f.kind}`, dataset: { flag: f.kind } },
        f.kind,
      ),
    ),
    rest.length
      ? h('span', { class: 'flag-chip more', title: rest.map((f) => f.kind).join(', ') }, `+${rest.length}`)
      : null,
  ];
}

/** Verdict badge and flag chips together, or null when the row has neither. */
export function badges(row, max = 4) {
  if (!row?.verdict && !row?.flags?.length) return null;
  return h('span', { class: 'badges' }, verdictBadge(row.verdict), flagChips(row.flags, max));
}
