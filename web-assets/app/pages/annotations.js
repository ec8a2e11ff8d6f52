// Tags and notes on an item, stored in the case (annotations table).
import { del, get, post } from '../api.js';
import { date, errorBox, h, section } from '../dom.js';

export function annotationsCard(itemId) {
  const body = h('div', { class: 'annotations' });
  const card = section('Tags and notes', body);
  const load = async () => {
    const list = await get(`/api/items/${encodeURIComponent(itemId)}/annotations`);
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
    body.replaceChildren(
      h(
        'div',
        { class: 'tags' },
        tags.map((t) =>
          h(
            'span',
            { class: 'tag' },
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
    );
  };
  load().catch((e) => body.replaceChildren(errorBox(e)));
  return card;
}
