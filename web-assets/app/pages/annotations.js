// Tags and notes on an item, stored in the case (annotations table), each with its author and
// time. The card polls every few seconds so that other users' tags and notes appear live; it does
// not redraw while something is being typed. Readers see the annotations without the forms (the
// server refuses their writes anyway).
import { del, get, getSession, post } from '../api.js';
import { date, errorBox, h, section } from '../dom.js';

const POLL_MS = 5000;

export function annotationsCard(itemId) {
  const body = h('div', { class: 'annotations' });
  const card = section('Tags and notes', body);
  let shown = '';
  const load = async (list) => {
    list ??= await get(`/api/items/${encodeURIComponent(itemId)}/annotations`);
    shown = list.map((a) => a.id).join(',');
    const { role } = await getSession();
    const canWrite = role !== 'reader';
    const tags = list.filter((a) => a.kind === 'tag');
    const notes = list.filter((a) => a.kind === 'note');
    const tagInput = h('input', {
      name: 'tag',
      placeholder: 'add a tag',
      'aria-label': 'new tag',
      maxlength: '80',
    });
    const noteInput = h('textarea', {
      name: 'note',
      placeholder: 'add a note',
      'aria-label': 'new note',
      rows: '2',
    });
    const err = h('div');
    const add = async (kind, input) => {
      if (!input.value.trim()) return;
      try {
        await post(`/api/items/${encodeURIComponent(itemId)}/annotations`, { kind, value: input.value });
        await load();
      } catch (e) {
        err.replaceChildren(errorBox(e));
      }
    };
    const parts = [
      h(
        'div',
        { class: 'tags' },
        tags.map((t) =>
          h(
            'span',
            { class: 'tag', title: `${t.author ?? ''} · ${date(t.createdAt)}` },
            h('a', { href: `/search?q=${encodeURIComponent(`tag:${t.value}`)}` }, t.value),
            h(
              'button',
              {
                class: 'link',
                title: 'remove tag',
                onclick: async () => {
                  await del(`/api/annotations/${t.id}`);
                  await load();
                },
              },
              '×',
            ),
          ),
        ),
      ),
      canWrite &&
        h(
          'form',
          {
            class: 'inline',
            onsubmit: (ev) => {
              ev.preventDefault();
              add('tag', tagInput);
            },
          },
          tagInput,
          h('button', { type: 'submit' }, 'Tag'),
        ),
      ...notes.map((n) =>
        h(
          'blockquote',
          { class: 'note' },
          n.value,
          h(
            'footer',
            { class: 'muted small' },
            `${n.author ?? ''} · ${date(n.createdAt)} `,
            h(
              'button',
              {
                class: 'link',
                onclick: async () => {
                  await del(`/api/annotations/${n.id}`);
                  await load();
                },
              },
              'delete',
            ),
          ),
        ),
      ),
      canWrite &&
        h(
          'form',
          {
            class: 'note-form',
            onsubmit: (ev) => {
              ev.preventDefault();
              add('note', noteInput);
            },
          },
          noteInput,
          h('button', { type: 'submit' }, 'Add note'),
        ),
      err,
    ];
    body.replaceChildren(...parts.filter(Boolean));
  };
  load().catch((e) => body.replaceChildren(errorBox(e)));
  const timer = setInterval(async () => {
    if (!card.isConnected) return clearInterval(timer);
    if ([...body.querySelectorAll('input, textarea')].some((f) => f.value)) return;
    const list = await get(`/api/items/${encodeURIComponent(itemId)}/annotations`).catch(() => undefined);
    if (list && list.map((a) => a.id).join(',') !== shown) await load(list);
  }, POLL_MS);
  return card;
}
