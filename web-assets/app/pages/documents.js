// Documents: the metadata table, outliers (flagged documents) first and highlighted.
import { get } from '../api.js';
import { flagChips } from '../badges.js';
import { bytes, date, empty, fmt, h, mount } from '../dom.js';
import { navigate } from '../main.js';

const PAGE = 100;
const MAIN_COLUMNS = new Set(['author', 'lastModifiedBy', 'modified', 'application', 'language']);
const LABELS = {
  author: 'Author',
  lastModifiedBy: 'Last modified by',
  created: 'Created',
  modified: 'Modified',
  application: 'Application',
  company: 'Company',
  language: 'Language',
  template: 'Template',
  timezoneOffset: 'UTC offset (min)',
};

export async function documentsPage(params) {
  const q = params.get('q') ?? '';
  const sort = params.get('sort') ?? 'flags';
  const dir = params.get('dir') ?? 'desc';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const res = await get(
    `/api/documents?${new URLSearchParams({ q, sort, dir, offset: String(offset), limit: String(PAGE) })}`,
  );
  const keep = params.get('cols') === 'all' ? { cols: 'all' } : {};
  const url = (o) => `/documents?${new URLSearchParams({ q, sort, dir, ...keep, ...o })}`;
  const th = (key, label) =>
    h(
      'th',
      {},
      h(
        'a',
        {
          href: url({ sort: key, dir: sort === key && dir === 'desc' ? 'asc' : 'desc', offset: '0' }),
          class: sort === key ? `sorted ${dir}` : '',
        },
        label,
      ),
    );
  // Only the metadata columns some listed document fills: an empty column is noise. By default the
  // few a reader compares first, so the table fits 1280 px; "all columns" shows the rest.
  const all = params.get('cols') === 'all';
  const cols = res.columns.filter(
    (c) =>
      (all || MAIN_COLUMNS.has(c)) &&
      res.documents.some((d) => d.meta[c] !== null && d.meta[c] !== undefined && d.meta[c] !== ''),
  );
  const input = h('input', {
    type: 'search',
    value: q,
    placeholder: 'filter by file name or any metadata value',
    'aria-label': 'filter documents',
  });
  mount(
    h(
      'div',
      { class: 'page documents' },
      h('h1', {}, 'Documents'),
      h(
        'p',
        { class: 'muted' },
        `${fmt(res.total)} documents. Rows with flags (metadata outliers, e.g. an editor in another alphabet or time zone) are highlighted; click a column to sort. `,
        params.get('cols') === 'all'
          ? h('a', { href: `/documents?${new URLSearchParams({ q, sort, dir })}` }, 'Fewer columns')
          : h('a', { href: url({ cols: 'all' }) }, 'All metadata columns'),
      ),
      h(
        'form',
        {
          class: 'searchbar',
          onsubmit: (ev) => {
            ev.preventDefault();
            navigate(url({ q: input.value, offset: '0' }));
          },
        },
        input,
        h('button', { type: 'submit' }, 'Filter'),
      ),
      res.documents.length && !cols.length
        ? h(
            'p',
            { class: 'note-box' },
            'No metadata (author, editor, dates, application) has been extracted for these documents yet: run the metadata analysis (leaklens analyze).',
          )
        : null,
      res.documents.length
        ? h(
            'div',
            { class: 'scroll' },
            h(
              'table',
              { class: 'grid docs' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  th('name', 'File'),
                  th('flags', 'Flags'),
                  cols.map((c) => th(c, LABELS[c] ?? c)),
                ),
              ),
              h(
                'tbody',
                {},
                res.documents.map((d) =>
                  h(
                    'tr',
                    { class: d.nflags ? 'outlier' : '' },
                    h(
                      'td',
                      { class: 'file' },
                      h('a', { href: `/item/${encodeURIComponent(d.id)}` }, d.filename || d.id),
                      h(
                        'div',
                        { class: 'small muted', title: d.mime ?? '' },
                        `${shortMime(d.mime)} · ${bytes(d.size)}`,
                      ),
                    ),
                    h('td', { class: 'chips-cell', title: d.flagText ?? '' }, flagChips(d.flags, 3) ?? ''),
                    cols.map((c) =>
                      h(
                        'td',
                        { class: c === 'created' || c === 'modified' ? 'small' : '' },
                        cell(c, d.meta[c]),
                      ),
                    ),
                  ),
                ),
              ),
            ),
          )
        : empty('No documents match.'),
      h(
        'nav',
        { class: 'pager' },
        offset > 0
          ? h('a', { href: url({ offset: String(Math.max(0, offset - PAGE)) }) }, '← Previous')
          : h('span'),
        h(
          'span',
          { class: 'muted' },
          `${fmt(Math.min(res.total, offset + 1))}–${fmt(offset + res.documents.length)} of ${fmt(res.total)}`,
        ),
        offset + PAGE < res.total
          ? h('a', { href: url({ offset: String(offset + PAGE) }) }, 'Next →')
          : h('span'),
      ),
    ),
  );
}

function cell(col, v) {
  if (v === null || v === undefined) return '';
  if (col === 'author' || col === 'lastModifiedBy')
    return h('a', { href: `/people/${encodeURIComponent(String(v))}` }, String(v));
  // The day in the cell, the full time (with its zone) on hover: the column stays narrow.
  if (col === 'created' || col === 'modified') return h('span', { title: date(v) }, String(v).slice(0, 10));
  return String(v);
}

/** application/vnd.openxmlformats-officedocument.wordprocessingml.document → wordprocessingml.document */
function shortMime(m) {
  if (!m) return '';
  return m
    .replace(/^application\//, '')
    .replace(/^vnd\.(openxmlformats-officedocument\.|oasis\.opendocument\.|ms-)/, '');
}
