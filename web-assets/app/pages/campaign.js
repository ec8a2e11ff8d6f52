// Campaign: timeline with milestones, seed and velocity, active accounts, bots with reasons,
// amplifiers, the coordination network, languages and countries. Every number opens its posts.
import { get } from '../api.js';
import { date, empty, errorBox, fmt, h, mount, section, table } from '../dom.js';
import { networkView } from './network.js';
import { trailCard } from './trail.js';

const pct = (x) => `${(100 * (x ?? 0)).toFixed(1)}\u00a0%`;
const dur = (ms) => {
  const m = Math.round((ms ?? 0) / 60000);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
};

export async function campaignPage(params) {
  const a = await get('/api/campaign');
  if (!a.available) {
    mount(h('div', { class: 'page campaign' }, h('h1', {}, 'Campaign'), empty(a.reason)));
    return;
  }
  const posts = h('aside', { class: 'posts-panel card', hidden: true });
  /** A link (usually a number) that lists the posts behind it. */
  const link = (text, filter, label) =>
    h(
      'a',
      {
        href: '#posts',
        class: 'num-link',
        title: 'show the posts behind this',
        onclick: (ev) => {
          ev.preventDefault();
          showPosts(posts, filter, label);
        },
      },
      text,
    );
  const n = (value, filter, label) => link(fmt(value), filter, label);
  n.link = link;
  // How the leak travelled (trail.js): filled in when /api/trail answers; its marks open their post.
  const trail = h('div', { class: 'trail-slot' });
  const openPost = (id, label) => showPosts(posts, { ids: id }, label || 'post');
  mount(
    h(
      'div',
      { class: 'page campaign' },
      h('h1', {}, 'Campaign'),
      h('p', { class: 'muted' }, `${date(a.window.from)} → ${date(a.window.to)} (${dur(a.window.spanMs)})`),
      h(
        'div',
        { class: 'stats' },
        stat('posts', n(a.posts, {}, 'all posts')),
        stat('reposts', n(a.reposts, { reposts: 1 }, 'all reposts')),
        stat('accounts', n(a.accounts, {}, 'posts by all accounts')),
        a.bots
          ? stat('bot-like accounts', n(a.bots.botLike, { botLike: 1 }, 'posts by bot-like accounts'))
          : null,
        a.coordination
          ? stat(
              'coordinated accounts',
              n(a.coordination.coordinatedAccounts, { coordinated: 1 }, 'posts by coordinated accounts'),
            )
          : null,
      ),
      a.summary?.length
        ? section(
            'Findings',
            h(
              'ul',
              { class: 'findings' },
              a.summary.map((s) => h('li', {}, s)),
            ),
          )
        : null,
      trail,
      section(
        'Posts over time',
        h('img', {
          class: 'chart-img',
          src: '/api/campaign/timeline.svg',
          alt: 'posts over time with milestones',
        }),
        milestones(a, n),
      ),
      h('div', { class: 'two' }, seedCard(a, n), velocityCard(a, n)),
      cascadeCard(a, n),
      activeCard(a, n),
      h('div', { class: 'two' }, botsCard(a, n), amplifiersCard(a, n)),
      coordinationCard(a, n),
      textCoordinationCard(a, n),
      h(
        'div',
        { class: 'two' },
        shareCard(
          'Languages (posts)',
          a.languages?.byPosts,
          a.languages ? `${pct(a.languages.unknownShare)} unknown` : '',
          (key, count) => n(count, { lang: key }, `posts in ${key}`),
        ),
        shareCard(
          'Countries (accounts with a known location)',
          a.countries?.byAccounts,
          a.countries
            ? `${fmt(a.countries.knownAccounts)} of ${fmt(a.countries.accounts)} accounts located`
            : '',
          (key, count) => n(count, { country: key }, `posts by accounts in ${key}`),
        ),
      ),
      posts,
    ),
  );
  // The trail is computed on the server's one thread: asked for once the charts above have loaded
  // (or failed), so it never delays them.
  const charts = [...document.querySelectorAll('img.chart-img')].map((i) => i.decode());
  Promise.allSettled(charts)
    .then(() => trailCard(openPost))
    .then((c) => trail.replaceWith(c));
  // /campaign?post=ID (the item page's "open post" links) opens that post.
  if (params?.get('post')) openPost(params.get('post'), 'post');
}

const stat = (label, value) => h('div', { class: 'stat' }, h('strong', {}, value), h('span', {}, label));

function milestones(a, n) {
  if (!a.milestones?.length) return null;
  return table(
    ['milestone', 'reached at', 'after', 'post'],
    a.milestones.map((m) => [
      n(m.posts, { to: m.reachedAt }, `the first ${fmt(m.posts)} posts`),
      date(m.reachedAt),
      dur(m.elapsedMs),
      m.postId ? n(1, { ids: m.postId }, `post ${m.postId}`) : '',
    ]),
  );
}

function seedCard(a, n) {
  return section(
    'Seed posts (the first in scope)',
    a.seed?.length
      ? table(
          ['time', 'account', 'text'],
          a.seed.map((s) => [
            n.link(date(s.time), { ids: s.id }, `post ${s.id}`),
            accountLink(s, n),
            h('span', { class: 'small' }, s.text),
          ]),
        )
      : empty('No posts.'),
  );
}

function velocityCard(a, n) {
  return section(
    'Repost velocity',
    a.velocity?.length
      ? table(
          ['post', 'by', '≤1 min', '≤5 min', '≤60 min', 'total'],
          a.velocity.map((v) => [
            h('span', { class: 'small', title: v.text }, v.text.slice(0, 60)),
            accountLink(v, n),
            n(v.within1m, { repostOf: v.id, to: plus(v.time, 60e3) }, `reposts of ${v.id} within 1 min`),
            n(v.within5m, { repostOf: v.id, to: plus(v.time, 300e3) }, `reposts of ${v.id} within 5 min`),
            n(v.within60m, { repostOf: v.id, to: plus(v.time, 3600e3) }, `reposts of ${v.id} within 60 min`),
            n(v.reposts, { repostOf: v.id }, `all reposts of ${v.id}`),
          ]),
        )
      : empty('No reposts.'),
  );
}

const plus = (iso, ms) => new Date(Date.parse(iso) + ms).toISOString();

function accountLink(x, n) {
  const name = x.handle ? `@${x.handle}` : x.accountId;
  return x.accountId ? n.link(name, { account: x.accountId }, `posts by ${name}`) : (name ?? '');
}

function activeCard(a, n) {
  const act = a.activeAccounts;
  if (!act?.accounts?.length) return section('Most active accounts', empty('No accounts.'));
  const top = act.top;
  return section(
    'Most active accounts',
    top
      ? h(
          'p',
          {},
          `The ${top.n} most active accounts posted ${fmt(top.posts)} times (${pct(top.share)} of all posts) in ${dur(top.spanMs)}.`,
        )
      : null,
    table(
      ['account', 'posts', 'per day', 'max in 2 h', 'window', 'max in 24 h', 'DFRLab level'],
      act.accounts
        .slice(0, 25)
        .map((x) => [
          accountLink(x, n),
          n(x.posts, { account: x.accountId }, `posts by ${x.handle ?? x.accountId}`),
          x.perDay?.toFixed?.(1) ?? x.perDay,
          n(
            x.max2h,
            { account: x.accountId, from: x.max2hFrom, to: plus(x.max2hFrom, 7200e3) },
            `${x.handle ?? x.accountId}: busiest 2 hours`,
          ),
          h('span', { class: 'small' }, date(x.max2hFrom)),
          n(
            x.max24h,
            { account: x.accountId, from: x.max24hFrom, to: plus(x.max24hFrom, 86400e3) },
            `${x.handle ?? x.accountId}: busiest 24 hours`,
          ),
          h('span', { class: `level l-${x.level}` }, x.level),
        ]),
    ),
  );
}

function botsCard(a, n) {
  const b = a.bots;
  if (!b?.accounts?.length) return section('Bot-likeness', empty('No accounts scored.'));
  return section(
    'Bot-likeness',
    h(
      'p',
      { class: 'muted small' },
      `${fmt(b.scored)} accounts scored, ${fmt(b.botLike)} bot-like, ${fmt(b.mixed)} mixed.` +
        (b.heldOut
          ? ` Bot-like means score ≥ ${b.threshold}: at this threshold ${Math.round(b.heldOut.precision * 100)}% of held-out accounts flagged were bots in ${b.heldOut.dataset} (measured on profile fields). Each reason shows its weight in log-odds.`
          : ''),
    ),
    table(
      ['account', 'score', 'reasons'],
      b.accounts
        .slice(0, 12)
        .map((x) => [
          accountLink(x, n),
          h('span', { class: `band b-${x.band}` }, x.score.toFixed(2)),
          h('span', { class: 'small reasons' }, x.reasons.join(' · ')),
        ]),
    ),
  );
}

function amplifiersCard(a, n) {
  const am = a.amplifiers;
  if (!am?.accounts?.length) return section('Amplifiers', empty('No reposts.'));
  return section(
    'Amplifiers',
    table(
      ['account', 'reposts received', 'share', 'reposters', 'mentions'],
      am.accounts.map((x) => [
        accountLink(x, n),
        x.accountId
          ? n(x.repostsReceived, { repostOfAccount: x.accountId }, `reposts of ${x.handle ?? x.accountId}`)
          : fmt(x.repostsReceived),
        pct(x.repostShare),
        x.accountId
          ? n(x.reposters, { repostOfAccount: x.accountId }, `reposts of ${x.handle ?? x.accountId}`)
          : fmt(x.reposters),
        x.handle
          ? n(x.mentionsReceived, { mention: x.handle }, `posts mentioning @${x.handle}`)
          : fmt(x.mentionsReceived),
      ]),
    ),
  );
}

function coordinationCard(a, n) {
  const c = a.coordination;
  if (!c) return section('Coordination', empty('Coordination was not computed.'));
  return section(
    'Coordinated accounts',
    h(
      'p',
      {},
      `${fmt(c.coordinatedAccounts)} accounts in ${fmt(c.groupCount ?? c.groups.length)} groups shared the same ${c.by === 'object' ? 'objects' : 'posts'} within ${c.timeWindow} s at least ${c.minParticipation} times (CooRTweet semantics; edge weight above the ${c.edgeWeight} quantile).`,
    ),
    c.topEdges?.length
      ? networkView(c, (acct, name) => n.link(name, { account: acct }, `posts by ${name}`).click())
      : empty('No coordinated pairs.'),
    c.groups?.length
      ? table(
          ['group', 'accounts', 'edges', 'communities', 'objects'],
          c.groups.map((g) => [
            `#${g.id}`,
            h(
              'span',
              {},
              n(g.accounts.length, { group: g.id }, `posts by group #${g.id}`),
              ' ',
              groupMembers(g),
            ),
            n(g.edges, { group: g.id }, `posts by group #${g.id}`),
            fmt(g.communities),
            n(g.objects, { group: g.id }, `posts by group #${g.id}`),
          ]),
        )
      : null,
    c.communities?.length
      ? h(
          'div',
          {},
          h('h3', {}, 'Most tightly knit communities'),
          h(
            'p',
            { class: 'muted small' },
            'Louvain communities of 3 or more accounts, by the mean weight of the ties inside them.',
          ),
          table(
            ['group', 'accounts', 'ties', 'mean weight'],
            c.communities
              .slice(0, 10)
              .map((m, i) => [
                `#${m.group}`,
                h(
                  'span',
                  {},
                  n(m.accounts.length, { community: i }, `posts by this community`),
                  ' ',
                  groupMembers(m),
                ),
                n(m.edges, { community: i }, `posts by this community`),
                String(m.meanWeight),
              ]),
          ),
        )
      : null,
  );
}

/** A group's first twelve members by handle (id when the handle is unknown). */
function groupMembers(g) {
  return h(
    'span',
    { class: 'small' },
    g.handles
      .map((x, i) => (x ? `@${x}` : g.accounts[i]))
      .slice(0, 12)
      .join(', '),
    g.accounts.length > 12 ? ` … (+${g.accounts.length - 12})` : '',
  );
}

function textCoordinationCard(a, n) {
  const c = a.textCoordination;
  if (!c) return null;
  if (c.skipped) return section('Near-identical texts', empty(`Not compared: ${c.skipped}.`));
  return section(
    'Near-identical texts',
    h(
      'p',
      {},
      `${fmt(c.coordinatedAccounts)} accounts in ${fmt(c.groupCount ?? c.groups.length)} groups posted near-identical texts (word 3-gram similarity ${c.minSimilarity ?? 0.8} or more) within ${c.timeWindow} s at least ${c.minParticipation} times.`,
    ),
    c.groups?.length
      ? table(
          ['group', 'accounts', 'edges', 'example'],
          c.groups.map((g) => {
            const e = (c.topEdges ?? []).find((x) => g.accounts.includes(x.a))?.evidence?.[0];
            return [
              `#${g.id}`,
              h(
                'span',
                {},
                n(g.accounts.length, { textGroup: g.id }, `posts by text group #${g.id}`),
                ' ',
                groupMembers(g),
              ),
              n(g.edges, { textGroup: g.id }, `posts by text group #${g.id}`),
              h('span', { class: 'small muted' }, e ? e.object.slice(0, 120) : ''),
            ];
          }),
        )
      : empty('No near-identical texts posted together.'),
  );
}

function shareCard(title, shares, note, countLink) {
  if (!shares?.length) return section(title, empty('Unknown.'));
  return section(
    title,
    h('p', { class: 'muted small' }, note),
    table(
      ['', 'count', 'share'],
      shares
        .slice(0, 12)
        .map((s) => [s.key, countLink ? countLink(s.key, s.count) : fmt(s.count), pct(s.share)]),
    ),
  );
}

async function showPosts(panel, filter, label) {
  panel.hidden = false;
  panel.replaceChildren(h('h2', {}, label || 'Posts'), h('p', { class: 'muted' }, 'Loading…'));
  const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v));
  try {
    const res = await get(`/api/posts?${q}`);
    panel.replaceChildren(
      h(
        'div',
        { class: 'panel-head' },
        h('h2', {}, label || 'Posts'),
        h(
          'button',
          {
            class: 'link',
            onclick: () => {
              panel.hidden = true;
            },
          },
          'close ×',
        ),
      ),
      h(
        'p',
        { class: 'muted' },
        `${fmt(res.total)} posts${res.total > res.posts.length ? `, first ${res.posts.length} shown` : ''}`,
      ),
      table(
        ['time', 'account', 'text'],
        res.posts.map((p) => [
          date(p.time),
          p.handle ? `@${p.handle}` : p.accountId,
          h('span', { class: 'small' }, p.repostOf ? `RT ${p.text}` : p.text),
        ]),
      ),
    );
  } catch (err) {
    panel.replaceChildren(errorBox(err));
  }
  panel.scrollIntoView({ behavior: 'smooth', block: 'start' });
}

/** The seed's repost cascade over its first hour (Hoaxy-style): a burst shows as a wall. */
function cascadeCard(a, n) {
  const c = a.cascade;
  if (!c?.points?.length) return null;
  return section(
    'Repost cascade of the first post',
    h('img', {
      class: 'chart-img cascade',
      src: '/api/campaign/cascade.svg',
      alt: `cumulative reposts of the first post: ${c.within1m} within 1 minute, ${c.within5m} within 5 minutes`,
    }),
    h(
      'p',
      { class: 'small' },
      `${fmt(c.within1m)} reposts within a minute, ${fmt(c.within5m)} within five, ${fmt(c.total)} in all. `,
      n.link(
        'List the reposts',
        { repostOf: c.postId },
        `reposts of ${c.handle ? `@${c.handle}` : c.postId}`,
      ),
    ),
  );
}
