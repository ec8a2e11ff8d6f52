// Search: query bar with syntax help, facets, a date histogram that filters by brushing, snippets,
// sort, pagination and keyboard navigation (j/k or arrows, Enter opens). The URL holds the search.

import { del, get, post } from '../api.js';
import { badges } from '../badges.js';
import { date, empty, errorBox, fmt, h, mount, snippet } from '../dom.js';
import { navigate } from '../main.js';
import { histogram } from './histogram.js';

const PAGE = 20;
const FACET_TITLES = {
  kind: 'Kind',
  sender: 'Sender',
  recipient: 'Recipient',
  domain: 'Domain',
  verdict: 'Verdict',
  type: 'Document type',
  language: 'Language',
  attachment: 'Attachments',
};
const FACET_FILTER = {
  sender: 'from',
  recipient: 'to',
  domain: 'domain',
  verdict: 'verdict',
  type: 'type',
  language: 'lang',
  kind: 'kind',
};

export function searchUrl(q, sort = 'relevance', offset = 0) {
  const p = new URLSearchParams({ q });
  if (sort !== 'relevance') p.set('sort', sort);
  if (offset) p.set('offset', String(offset));
  return `/search?${p}`;
}

/** `name:value`, quoted when the value has spaces. */
export function term(name, value) {
  return /[\s"]/.test(value) ? `${name}:"${value.replace(/"/g, '')}"` : `${name}:${value}`;
}

export async function searchPage(params) {
  const q = params.get('q') ?? '';
  const sort = params.get('sort') ?? 'relevance';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [res, syntax, saved] = await Promise.all([
    get(`/api/search?${new URLSearchParams({ q, sort, offset: String(offset), limit: String(PAGE) })}`).catch(
      (e) => ({ error: e }),
    ),
    get('/api/search/syntax'),
    get('/api/saved-searches'),
  ]);
  const input = h('input', {
    id: 'q',
    type: 'search',
    value: q,
    placeholder: 'words, "phrases", from:, to:, after:, verdict: …',
    'aria-label': 'query',
    autocomplete: 'off',
  });
  const sortSel = h(
    'select',
    { id: 'sort', 'aria-label': 'sort' },
    [
      ['relevance', 'Relevance'],
      ['date', 'Newest first'],
      ['date-asc', 'Oldest first'],
    ].map(([v, t]) => h('option', { value: v, selected: v === sort }, t)),
  );
  const help = h(
    'details',
    { class: 'syntax' },
    h('summary', {}, 'Query syntax'),
    h(
      'ul',
      {},
      syntax.text.map((t) => h('li', {}, t)),
      syntax.filters.map((f) => h('li', {}, h('code', {}, `${f.name}:`), ' ', f.help)),
    ),
  );
  const form = h(
    'form',
    {
      class: 'searchbar',
      onsubmit: (ev) => {
        ev.preventDefault();
        navigate(searchUrl(input.value, sortSel.value));
      },
    },
    input,
    sortSel,
    h('button', { type: 'submit' }, 'Search'),
    h('button', { type: 'button', class: 'secondary', onclick: () => saveSearch(q) }, 'Save search'),
  );
  sortSel.addEventListener('change', () => navigate(searchUrl(input.value, sortSel.value)));
  const main = res.error ? errorBox(res.error) : results(res, q, sort, offset);
  mount(
    h(
      'div',
      { class: 'page search' },
      form,
      help,
      h(
        'div',
        { class: 'search-body' },
        h('aside', { class: 'facets' }, res.error ? null : facets(res, q, sort), savedList(saved)),
        h('div', { class: 'results-col' }, main),
      ),
    ),
  );
  if (!q) input.focus();
}

function results(res, q, sort, offset) {
  const month = res.facets?.month ?? [];
  const hist =
    month.length > 1
      ? histogram(month, (from, to) => navigate(searchUrl(withDateRange(q, from, to), sort)))
      : null;
  if (!res.hits.length) return h('div', {}, hist, empty(q ? `No results for ${q}.` : 'The case is empty.'));
  const list = h(
    'ol',
    { class: 'hits', start: String(offset + 1) },
    res.hits.map((hit) =>
      h(
        'li',
        { class: 'hit', dataset: { id: hit.id } },
        h(
          'a',
          { class: 'title', href: `/item/${encodeURIComponent(hit.id)}` },
          hit.subject || hit.filename || '(no subject)',
        ),
        h(
          'div',
          { class: 'meta' },
          h('span', { class: `kind k-${hit.kind}` }, hit.kind),
          hit.fromName || hit.from ? ` ${hit.fromName || hit.from}` : '',
          hit.date ? ` · ${date(hit.date)}` : '',
          hit.filename && hit.subject ? ` · ${hit.filename}` : '',
          badges(hit),
        ),
        hit.snippet ? snippet(hit.snippet) : null,
      ),
    ),
  );
  keyboard(list);
  const pager = h(
    'nav',
    { class: 'pager' },
    offset > 0
      ? h('a', { href: searchUrl(q, sort, Math.max(0, offset - PAGE)), rel: 'prev' }, '← Previous')
      : h('span'),
    h(
      'span',
      { class: 'muted' },
      `${fmt(offset + 1)}–${fmt(offset + res.hits.length)} of ${fmt(res.total)} · ${res.tookMs} ms`,
    ),
    offset + PAGE < res.total
      ? h('a', { href: searchUrl(q, sort, offset + PAGE), rel: 'next' }, 'Next →')
      : h('span'),
  );
  return h(
    'div',
    {},
    h('p', { class: 'count' }, h('strong', {}, fmt(res.total)), ` result${res.total === 1 ? '' : 's'}`),
    hist,
    list,
    pager,
  );
}

/** Replaces any date filters of the query with the brushed range (months, inclusive). */
export function withDateRange(q, from, to) {
  const rest = q.replace(/(^|\s)-?(after|before|date):\S+/g, ' ').trim();
  const [y, m] = to.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return `${rest} after:${from} before:${next}`.trim();
}

function facets(res, q, sort) {
  const out = [];
  const active = new Set(q.split(/\s+(?=(?:[^"]*"[^"]*")*[^"]*$)/).filter(Boolean));
  const chips = [...active].filter((t) => /^-?[a-z]+[:<>=]/i.test(t));
  if (chips.length) {
    out.push(
      h(
        'div',
        { class: 'chips' },
        chips.map((t) =>
          h(
            'a',
            {
              class: 'chip',
              href: searchUrl([...active].filter((x) => x !== t).join(' '), sort),
              title: 'remove this filter',
            },
            t,
            ' ×',
          ),
        ),
      ),
    );
  }
  for (const [name, title] of Object.entries(FACET_TITLES)) {
    const values = res.facets?.[name];
    if (!values?.length) continue;
    const filterOf = (v) =>
      name === 'attachment'
        ? v.startsWith('with')
          ? 'has:attachment'
          : '-has:attachment'
        : term(FACET_FILTER[name], v);
    out.push(
      h(
        'div',
        { class: 'facet', dataset: { facet: name } },
        h('h3', {}, title),
        h(
          'ul',
          {},
          values.slice(0, 10).map((v) => {
            const t = filterOf(v.value);
            const on = active.has(t);
            return h(
              'li',
              { class: on ? 'on' : '' },
              h(
                'a',
                {
                  href: searchUrl(
                    on ? [...active].filter((x) => x !== t).join(' ') : `${q} ${t}`.trim(),
                    sort,
                  ),
                },
                v.value,
              ),
              h('span', { class: 'n' }, fmt(v.count)),
            );
          }),
        ),
      ),
    );
  }
  return out;
}

function savedList(saved) {
  if (!saved.length) return null;
  return h(
    'div',
    { class: 'facet saved' },
    h('h3', {}, 'Saved searches'),
    h(
      'ul',
      {},
      saved.map((s) =>
        h(
          'li',
          {},
          h('a', { href: searchUrl(s.query) }, s.name),
          h(
            'button',
            {
              class: 'link',
              title: 'delete',
              onclick: async () => {
                await del(`/api/saved-searches/${s.id}`);
                navigate(location.pathname + location.search, true);
              },
            },
            '×',
          ),
        ),
      ),
    ),
  );
}

async function saveSearch(q) {
  const name = prompt('Name of this search', q);
  if (!name) return;
  await post('/api/saved-searches', { name, query: q });
  navigate(location.pathname + location.search, true);
}

/** j/k or ↓/↑ move through the hits, Enter or o opens the selected one. */
function keyboard(list) {
  let at = -1;
  const items = () => [...list.querySelectorAll('.hit')];
  const select = (i) => {
    const all = items();
    if (!all.length) return;
    at = Math.max(0, Math.min(all.length - 1, i));
    all.forEach((el, j) => {
      el.classList.toggle('selected', j === at);
    });
    all[at].scrollIntoView({ block: 'nearest' });
  };
  const onKey = (ev) => {
    if (!document.body.contains(list)) return document.removeEventListener('keydown', onKey);
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName ?? '')) return;
    if (ev.key === 'j' || ev.key === 'ArrowDown') select(at + 1);
    else if (ev.key === 'k' || ev.key === 'ArrowUp') select(at - 1);
    else if ((ev.key === 'Enter' || ev.key === 'o') && at >= 0)
      navigate(items()[at].querySelector('a').getAttribute('href'));
    else return;
    ev.preventDefault();
  };
  document.addEventListener('keydown', onKey);
}
