// People: everyone seen on mail or as a document author; a person's page with their messages,
// documents, correspondents and activity over time.
import { get } from '../api.js';
import { badges } from '../badges.js';
import { bar, date, empty, fmt, h, mount, section, table } from '../dom.js';
import { navigate } from '../main.js';
import { mailGraphCard } from './mail-graph.js';

export async function peoplePage(params) {
  const q = params.get('q') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const res = await get(`/api/people?${new URLSearchParams({ q, offset: String(offset), limit: '100' })}`);
  const input = h('input', {
    type: 'search',
    value: q,
    placeholder: 'name or address',
    'aria-label': 'filter people',
  });
  mount(
    h(
      'div',
      { class: 'page people' },
      h('h1', {}, 'People'),
      outliersCard(res.outliers ?? []),
      q ? null : mailGraphCard(),
      q ? null : namedCard(res.named ?? []),
      h(
        'form',
        {
          class: 'searchbar',
          onsubmit: (ev) => {
            ev.preventDefault();
            navigate(`/people?q=${encodeURIComponent(input.value)}`);
          },
        },
        input,
        h('button', { type: 'submit' }, 'Filter'),
      ),
      h(
        'div',
        { class: 'two wide-left' },
        section(
          `Addresses (${fmt(res.total)})`,
          res.people.length
            ? table(
                ['person', 'messages', 'sent', 'received'],
                res.people.map((p) => [
                  h(
                    'span',
                    {},
                    h(
                      'a',
                      { href: `/people/${encodeURIComponent(p.address)}` },
                      p.name ? `${p.name} <${p.address}>` : p.address,
                    ),
                    badges(p, 3),
                  ),
                  fmt(p.messages),
                  fmt(p.sent),
                  fmt(p.received),
                ]),
              )
            : empty('Nobody matches.'),
          res.total > offset + 100
            ? h(
                'p',
                {},
                h(
                  'a',
                  { href: `/people?${new URLSearchParams({ q, offset: String(offset + 100) })}` },
                  'Next 100 →',
                ),
              )
            : null,
        ),
        section(
          'Document authors and editors',
          res.authors.length
            ? table(
                ['name', 'documents'],
                res.authors.map((a) =>
                  h(
                    'tr',
                    { class: a.reasons?.length ? 'outlier' : '', title: (a.reasons ?? []).join('; ') },
                    h(
                      'td',
                      {},
                      h('a', { href: `/people/${encodeURIComponent(a.name)}` }, a.name),
                      badges(a, 2),
                    ),
                    h('td', {}, fmt(a.documents)),
                  ),
                ),
              )
            : empty('No document names an author.'),
        ),
      ),
    ),
  );
}

export async function personPage(key) {
  const p = await get(`/api/people/${encodeURIComponent(key)}`);
  const max = Math.max(1, ...p.activity.map((a) => a.count));
  mount(
    h(
      'div',
      { class: 'page person' },
      h('p', { class: 'crumbs' }, h('a', { href: '/people' }, '← People')),
      h(
        'h1',
        {},
        p.name ? `${p.name}` : p.key,
        p.name && p.address ? h('span', { class: 'muted' }, ` <${p.address}>`) : null,
      ),
      p.reasons?.length
        ? h(
            'div',
            { class: 'note-box outlier-why' },
            h('strong', {}, 'Why this person stands out: '),
            h(
              'ul',
              {},
              p.reasons.map((r) => h('li', {}, r)),
            ),
            badges(p, 8),
          )
        : null,
      p.address
        ? h(
            'p',
            {},
            h('a', { href: `/search?q=${encodeURIComponent(`from:${p.address}`)}` }, 'Search mail from'),
            ' · ',
            h('a', { href: `/search?q=${encodeURIComponent(`to:${p.address}`)}` }, 'mail to'),
          )
        : h(
            'p',
            {},
            h(
              'a',
              { href: `/search?q=${encodeURIComponent(`person:"${p.name ?? p.key}"`)}` },
              'Search everything naming this person',
            ),
          ),
      h(
        'div',
        { class: 'two' },
        section(
          'Activity per month',
          p.activity.length
            ? h(
                'ol',
                { class: 'rank' },
                p.activity.map((a) =>
                  h(
                    'li',
                    {},
                    h(
                      'a',
                      { href: `/search?q=${encodeURIComponent(`${p.address} date:${a.value}`)}` },
                      a.value,
                    ),
                    h('span', { class: 'track' }, bar((100 * a.count) / max)),
                    h('span', { class: 'n' }, fmt(a.count)),
                  ),
                ),
              )
            : empty('No dated mail.'),
        ),
        section(
          'Correspondents',
          p.correspondents.length
            ? table(
                ['address', 'messages together'],
                p.correspondents.map((c) => [
                  h(
                    'a',
                    { href: `/people/${encodeURIComponent(c.value)}` },
                    c.label ? `${c.label} <${c.value}>` : c.value,
                  ),
                  fmt(c.count),
                ]),
              )
            : empty('None.'),
        ),
      ),
      passagesCard(p.passages ?? []),
      section(
        `Messages (${fmt(p.messages.length)})`,
        p.messages.length
          ? table(
              ['date', 'subject', 'from', 'role'],
              p.messages.map((m) => [
                date(m.date),
                h(
                  'span',
                  {},
                  h('a', { href: `/item/${encodeURIComponent(m.id)}` }, m.subject || '(no subject)'),
                  badges(m, 3),
                ),
                m.from ?? '',
                m.roles,
              ]),
            )
          : empty('No mail.'),
      ),
      section(
        `Documents authored or edited (${fmt(p.documents.length)})`,
        p.documents.length
          ? table(
              ['file', 'author', 'last modified by', 'modified', 'carried by (e-mails)'],
              p.documents.map((d) => [
                h(
                  'span',
                  {},
                  h('a', { href: `/item/${encodeURIComponent(d.id)}` }, d.filename || d.id),
                  h('div', {}, badges(d, 3)),
                ),
                d.author ?? '',
                d.lastModifiedBy ?? '',
                date(d.modified),
                carriers(d.carriedBy ?? []),
              ]),
            )
          : empty('No document names this person.'),
      ),
    ),
  );
}

/** People whose documents' metadata stands out (other alphabet, language, time zone, software). */
function outliersCard(list) {
  if (!list.length) return null;
  return section(
    `Outliers (${fmt(list.length)})`,
    h(
      'p',
      { class: 'muted small' },
      'People the document metadata sets apart from the rest of the dump; the reasons come from the metadata flags of their documents.',
    ),
    h(
      'ul',
      { class: 'plain outliers' },
      list.map((o) =>
        h(
          'li',
          { class: 'outlier' },
          h('a', { href: `/people/${encodeURIComponent(o.key)}` }, o.name || o.key),
          h('span', { class: 'muted small' }, ` ${fmt(o.documents)} document(s)`),
          badges(o, 6),
          h('div', { class: 'small' }, o.reasons.join('; ')),
        ),
      ),
    ),
  );
}

/** The e-mails that carried a document, each with its verdict badge. */
function carriers(list) {
  if (!list.length) return h('span', { class: 'muted small' }, 'not attached to any e-mail');
  return h(
    'ul',
    { class: 'plain small' },
    list.map((e) =>
      h(
        'li',
        {},
        h('a', { href: `/item/${encodeURIComponent(e.id)}` }, e.subject || '(no subject)'),
        h('span', { class: 'muted' }, ` ${e.from ?? ''} ${date(e.date)}`),
        badges(e, 2),
      ),
    ),
  );
}

const TYPE_LABEL = { PER: 'person', ORG: 'organisation', LOC: 'place' };
const FILTER = { PER: 'person', ORG: 'org', LOC: 'place' };

/** Names found in running text (bodies, documents, OCR text): each links to a search for it. */
function namedCard(list) {
  if (!list.length) return null;
  return section(
    'Named in the text of e-mails and documents',
    h(
      'p',
      { class: 'muted small' },
      'People, organisations and places written in bodies and documents (not only in headers), linked to the identity they were matched with.',
    ),
    table(
      ['name', 'type', 'mentions', 'items', 'identity'],
      list.map((n) => [
        h('a', { href: `/search?${new URLSearchParams({ q: `${FILTER[n.type]}:"${n.text}"` })}` }, n.text),
        TYPE_LABEL[n.type] ?? n.type,
        fmt(n.mentions),
        fmt(n.items),
        n.identity
          ? h(
              'a',
              { href: `/people/${encodeURIComponent(n.identity.addresses[0] ?? n.identity.name)}` },
              n.identity.name,
            )
          : '',
      ]),
    ),
  );
}

/** The passages of bodies and documents that name this person, the name in bold. */
function passagesCard(list) {
  return section(
    `Named in the text (${fmt(list.length)})`,
    list.length
      ? h(
          'ul',
          { class: 'plain passages' },
          list.map((m) => {
            const [before, rest = ''] = (m.passage ?? '').split('«');
            const [name, after = ''] = rest.split('»');
            return h(
              'li',
              {},
              h('a', { href: `/item/${encodeURIComponent(m.item_id)}` }, m.field),
              ' ',
              before,
              h('strong', {}, name ?? m.text),
              after,
            );
          }),
        )
      : empty('No body or document names this person.'),
  );
}
