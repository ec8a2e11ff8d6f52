// Suspects: the landing page. What may be forged, altered or edited by an outsider, why, and the
// stories that tie them together (docs/suspects.md). Every item links to its page.
import { get } from '../api.js';
import { date, empty, fmt, h, mount, section, table } from '../dom.js';
import { headlinesCard } from './overview.js';
import { verdictText } from './verdicts.js';

const CLASS_TEXT = {
  cryptographic: 'a signature proves it',
  case: 'breaks a pattern of the whole dump',
  heuristic: 'a rule on the item alone',
};

function badge(s) {
  // The verdict (even "unsigned") and, when it says more, the finding behind the rank.
  const v = s.verdict
    ? h('span', { class: `verdict v-${s.verdict}`, title: verdictText(s.verdict) }, s.verdict)
    : null;
  const f =
    s.finding !== s.verdict
      ? h('span', { class: `badge sev-${s.severity}`, title: CLASS_TEXT[s.class] ?? '' }, s.finding)
      : null;
  return h('span', { class: 'badges' }, v, v && f ? ' ' : null, f);
}

function itemLink(s) {
  return h('a', { href: s.url, class: 'suspect-title' }, s.title || s.id);
}

function storyCard(story, byId) {
  const items = story.items.map((id) => byId.get(id)).filter(Boolean);
  return h(
    'article',
    { class: 'card story', 'data-story': String(story.id) },
    h('h3', {}, `Story ${story.id}`),
    h('p', { class: 'story-sentence' }, story.sentence),
    h(
      'ul',
      { class: 'story-items' },
      items.map((s) =>
        h(
          'li',
          {},
          badge(s),
          ' ',
          itemLink(s),
          h('span', { class: 'muted' }, ` · ${s.kind} · ${date(s.date)}`),
        ),
      ),
    ),
  );
}

export async function suspectsPage() {
  const r = await get('/api/suspects?limit=500');
  const byId = new Map(r.suspects.map((s) => [s.id, s]));
  mount(
    h(
      'div',
      { class: 'page suspects' },
      h('h1', {}, 'Suspects'),
      h(
        'p',
        { class: 'lede' },
        r.total
          ? `${fmt(r.total)} items may be forged, altered or edited by an outsider: ${fmt(r.counts.emails)} e-mails and ${fmt(r.counts.documents)} documents, strongest evidence first.`
          : 'No suspect: no e-mail or document has a failing signature or a flag of medium or high severity.',
      ),
      h(
        'p',
        { class: 'muted' },
        'Order: what a signature proves, then what breaks a pattern of the whole dump, then rules on one item; then severity and the number of independent signals. ',
        h('a', { href: '/overview' }, 'Overview of the whole dump'),
      ),
      // The stories are right below: their sentence need not be said twice.
      headlinesCard(r.headlines.filter((x) => !r.stories.some((s) => s.sentence === x.sentence))),
      r.stories.length
        ? section(
            'Stories',
            h(
              'div',
              { class: 'stories' },
              r.stories.map((s) => storyCard(s, byId)),
            ),
          )
        : null,
      r.total
        ? section(
            `Suspect items (${fmt(r.total)})`,
            table(
              ['#', 'finding', 'item', 'why', 'date', 'story'],
              r.suspects.map((s) =>
                h(
                  'tr',
                  { class: 'suspect', 'data-id': s.id },
                  h('td', { class: 'num' }, String(s.rank)),
                  h('td', {}, badge(s)),
                  h('td', {}, itemLink(s), h('div', { class: 'muted small' }, s.kind)),
                  h('td', { class: 'reason' }, s.reason),
                  h('td', { class: 'nowrap' }, date(s.date).slice(0, 10)),
                  h('td', { class: 'num' }, s.story ? String(s.story) : ''),
                ),
              ),
              { class: 'suspects-table' },
            ),
            r.total > r.suspects.length ? empty(`… and ${fmt(r.total - r.suspects.length)} more.`) : null,
          )
        : null,
    ),
  );
}
