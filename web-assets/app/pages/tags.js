// Tags and notes across the case, and the saved searches.
import { get } from '../api.js';
import { date, empty, fmt, h, mount, section, table } from '../dom.js';

export async function tagsPage() {
  const [res, saved] = await Promise.all([get('/api/annotations'), get('/api/saved-searches')]);
  const notes = res.annotations.filter((a) => a.kind === 'note');
  mount(
    h(
      'div',
      { class: 'page tags-page' },
      h('h1', {}, 'Tags and notes'),
      h(
        'div',
        { class: 'two' },
        section(
          'Tags',
          res.tags.length
            ? h(
                'div',
                { class: 'tags' },
                res.tags.map((t) =>
                  h(
                    'a',
                    { class: 'tag', href: `/search?q=${encodeURIComponent(`tag:${t.value}`)}` },
                    `${t.value} (${fmt(t.count)})`,
                  ),
                ),
              )
            : empty('No tags yet: open an item and tag it.'),
        ),
        section(
          'Saved searches',
          saved.length
            ? h(
                'ul',
                { class: 'plain' },
                saved.map((s) =>
                  h(
                    'li',
                    {},
                    h('a', { href: `/search?q=${encodeURIComponent(s.query)}` }, s.name),
                    h('code', { class: 'small muted' }, ` ${s.query}`),
                  ),
                ),
              )
            : empty('No saved searches.'),
        ),
      ),
      section(
        `Notes (${notes.length})`,
        notes.length
          ? table(
              ['item', 'note', 'by', 'when'],
              notes.map((n) => [
                h('a', { href: `/item/${encodeURIComponent(n.itemId)}` }, n.title || n.itemId),
                n.value,
                n.author ?? '',
                date(n.createdAt),
              ]),
            )
          : empty('No notes yet.'),
      ),
    ),
  );
}
