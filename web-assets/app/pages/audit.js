// The audit log (admins only; the server refuses everyone else): who opened, searched, exported
// or annotated what, newest first, filtered by user, action or target.
import { get } from '../api.js';
import { date, h, mount, table } from '../dom.js';

export async function auditPage(params) {
  const q = new URLSearchParams();
  for (const k of ['user', 'action', 'target']) if (params.get(k)) q.set(k, params.get(k));
  const { entries } = await get(`/api/audit?${q}`);
  const field = (name, label) =>
    h('input', { name, placeholder: label, 'aria-label': label, value: params.get(name) ?? '' });
  mount(
    h(
      'div',
      { class: 'page' },
      h('h1', {}, 'Audit log'),
      h(
        'form',
        { class: 'inline', method: 'get', action: '/audit' },
        field('user', 'user'),
        field('action', 'action (open, search, export, annotate…)'),
        field('target', 'item id, query or user'),
        h('button', { type: 'submit' }, 'Filter'),
      ),
      table(
        ['time', 'user', 'action', 'target', 'detail', 'address'],
        entries.map((e) => [
          date(e.at),
          e.user,
          e.action,
          e.action === 'open' || e.action === 'annotate'
            ? h('a', { href: `/item/${encodeURIComponent(e.target)}` }, e.target)
            : e.target,
          e.detail,
          e.address,
        ]),
      ),
    ),
  );
}
