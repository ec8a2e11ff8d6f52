// Overview: the dump at a glance, each figure a link to the items behind it.
import { get } from '../api.js';
import { bar, bytes, date, empty, fmt, h, mount, section, table } from '../dom.js';
import { verdictText } from './verdicts.js';

const CHART_ALT = {
  timeline: 'Messages over time',
  verdicts: 'Authenticity verdicts',
  senders: 'Top senders',
  domains: 'Top sender domains',
  doctypes: 'Document types',
  mimetypes: 'File types',
};

export async function overviewPage() {
  const o = await get('/api/overview');
  const c = o.counts;
  const stat = (label, n, href) =>
    h('a', { class: 'stat', href }, h('strong', {}, fmt(n)), h('span', {}, label));
  const charts = o.charts.map((name) =>
    h(
      'figure',
      { class: `chart chart-${name}` },
      h('img', { src: `/api/charts/${name}.svg`, alt: CHART_ALT[name] ?? name }),
    ),
  );
  mount(
    h(
      'div',
      { class: 'page overview' },
      h('h1', {}, 'Overview'),
      h(
        'p',
        { class: 'muted' },
        `Case ${o.case}`,
        o.dateRange.first
          ? ` · mail from ${date(o.dateRange.first).slice(0, 10)} to ${date(o.dateRange.last).slice(0, 10)}`
          : '',
      ),
      headlinesCard(o.headlines),
      h(
        'div',
        { class: 'stats' },
        stat('e-mails', c.emails, '/search?q=kind:email'),
        stat('documents', c.documents, '/documents'),
        stat('attachments', c.attachments, '/search?q=has:attachment'),
        stat('mailboxes', c.mailboxes, '/search?q=kind:email'),
        stat('flags', c.flags, '/search?q=has:flag'),
        stat('failures', c.failures, '/failures'),
        c.bytes
          ? h('div', { class: 'stat' }, h('strong', {}, bytes(c.bytes)), h('span', {}, 'ingested'))
          : null,
      ),
      charts.length
        ? h('div', { class: 'charts' }, charts)
        : empty('No dated messages yet: ingest a dump to see charts.'),
      h('div', { class: 'two' }, verdictCard(o), flagCard(o)),
      h(
        'div',
        { class: 'two' },
        rankCard('Top senders', o.topSenders, (v) => `/search?q=${encodeURIComponent(`from:${v}`)}`),
        rankCard('Top sender domains', o.topDomains, (v) => `/search?q=${encodeURIComponent(`domain:${v}`)}`),
      ),
      h(
        'div',
        { class: 'two' },
        o.docTypes
          ? rankCard('Document types', o.docTypes, (v) => `/search?q=${encodeURIComponent(`type:${v}`)}`)
          : rankCard('File types', o.mimeTypes, (v) => `/search?q=${encodeURIComponent(`mime:${v}`)}`),
        rankCard('Failures by reason', o.failureReasons, (v) => `/failures?reason=${encodeURIComponent(v)}`),
      ),
    ),
  );
}

function verdictCard(o) {
  if (!o.verdicts)
    return section(
      'Authenticity',
      empty('Not verified yet: run "leaklens verify" (DKIM/ARC) to fill this panel.'),
    );
  const total = o.verdicts.reduce((a, v) => a + v.count, 0);
  return section(
    'Authenticity',
    table(
      ['verdict', 'messages', 'share', 'meaning'],
      o.verdicts.map((v) => [
        h(
          'a',
          { href: `/search?q=${encodeURIComponent(`verdict:${v.value}`)}`, class: `verdict v-${v.value}` },
          v.value,
        ),
        fmt(v.count),
        h('span', { class: 'nowrap' }, `${((100 * v.count) / Math.max(1, total)).toFixed(1)}\u00a0%`),
        verdictText(v.value),
      ]),
    ),
  );
}

function flagCard(o) {
  if (!o.flagKinds.length)
    return section(
      'Outliers and flags',
      empty('No flags: nothing anomalous was found, or no analysis has run yet.'),
    );
  return section(
    'Outliers and flags',
    table(
      ['flag', 'items', 'example'],
      o.flagKinds.map((f) => [
        h(
          'a',
          { href: `/search?q=${encodeURIComponent(`flag:${f.kind}`)}`, class: `sev sev-${f.severity}` },
          f.kind,
        ),
        fmt(f.count),
        f.example,
      ]),
    ),
  );
}

function rankCard(title, rows, link) {
  if (!rows?.length) return section(title, empty('Nothing yet.'));
  const max = Math.max(...rows.map((r) => r.count));
  return section(
    title,
    h(
      'ol',
      { class: 'rank' },
      rows.map((r) =>
        h(
          'li',
          {},
          h('a', { href: link(r.value) }, r.label ? `${r.label} <${r.value}>` : r.value || '(none)'),
          h('span', { class: 'track' }, bar((100 * r.count) / max)),
          h('span', { class: 'n' }, fmt(r.count)),
        ),
      ),
    ),
  );
}

/** The strongest findings in sentences, each linking to the items behind it (docs/suspects.md). */
export function headlinesCard(list) {
  if (!list?.length) return null;
  return h(
    'section',
    { class: 'card headlines' },
    h('h2', {}, 'Headline findings'),
    h(
      'ol',
      {},
      list.map((x) =>
        h('li', {}, x.sentence, ' ', h('a', { href: x.url, class: 'small' }, 'list the items →')),
      ),
    ),
  );
}
