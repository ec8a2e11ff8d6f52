// Tiny DOM builder. Text always goes in as text nodes: leaked content never becomes markup.

/** h('a', { href: '/x', class: 'y', onclick: fn }, 'text', child) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** SVG element (for the histogram). */
export function s(tag, attrs = {}) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

export function mount(node) {
  const view = document.getElementById('view');
  view.replaceChildren(node);
  return view;
}

/**
 * A search snippet: the server sends escaped text with <mark> around matches. Rebuild it from
 * text nodes and <mark> elements only, so nothing else in it can ever become markup.
 */
export function snippet(html) {
  const out = h('span', { class: 'snippet' });
  const parts = String(html ?? '').split(/(<mark>|<\/mark>)/);
  let marked = false;
  for (const p of parts) {
    if (p === '<mark>') marked = true;
    else if (p === '</mark>') marked = false;
    else if (p) {
      const text = decode(p);
      out.append(marked ? h('mark', {}, text) : document.createTextNode(text));
    }
  }
  return out;
}

function decode(s) {
  return s.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);/gi, (m, e) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    const n = k.startsWith('#x') ? Number.parseInt(k.slice(2), 16) : Number.parseInt(k.slice(1), 10);
    return Number.isFinite(n) ? String.fromCodePoint(n) : m;
  });
}

export const fmt = (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : (n ?? ''));

export function bytes(n) {
  if (typeof n !== 'number') return '';
  const u = ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < u.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i ? 1 : 0)} ${u[i]}`;
}

export function date(iso) {
  if (!iso) return '';
  return String(iso)
    .replace('T', ' ')
    .replace(/(:\d\d)(\.\d+)?Z$/, '$1 UTC');
}

export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...children);
}

export function table(headers, rows, opts = {}) {
  return h(
    'table',
    { class: `grid ${opts.class ?? ''}` },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((x) => h('th', {}, x)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((r) =>
        r instanceof Node
          ? r
          : h(
              'tr',
              {},
              r.map((c) => h('td', {}, c)),
            ),
      ),
    ),
  );
}

export function empty(text) {
  return h('p', { class: 'muted empty' }, text);
}

export function errorBox(err) {
  return h('p', { class: 'error', role: 'alert' }, String(err?.message ?? err));
}

/** A proportional bar; width set through CSSOM (allowed by the CSP, unlike style attributes). */
export function bar(pct, cls = 'bar') {
  const el = h('span', { class: cls });
  el.style.width = `${Math.max(1, Math.min(100, pct))}%`;
  return el;
}
