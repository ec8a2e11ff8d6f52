// How the leak travelled (issue #14): the campaign page's trail card (summary, one timeline lane
// per platform whose marks open their post, first-seen table, hand-offs) and the item page's list
// of posts that showed or quoted the item. Drawn as SVG elements like the search histogram; every
// string goes in as text.
import { get } from '../api.js';
import { date, empty, errorBox, fmt, h, s, section, table } from '../dom.js';

const VIA_CLASS = { file: 'via-file', quote: 'via-quote', link: 'via-link', hashtag: 'via-hashtag' };
const mainVia = (roles) => roles.find((r) => VIA_CLASS[r]) ?? 'link';
const who = (handle) => (handle ? handle : '–');

/** The trail card of the campaign page; `openPost(postId, label)` shows a post in the posts panel. */
export async function trailCard(openPost) {
  const card = section('How the leak travelled', h('p', { class: 'muted' }, 'Loading the trail…'));
  card.id = 'trail';
  try {
    const t = await get('/api/trail');
    if (!t.available) {
      card.replaceChildren(h('h2', {}, 'How the leak travelled'), empty(t.reason));
      return card;
    }
    const postLink = (postId, text, label) =>
      h(
        'a',
        {
          href: `/campaign?post=${encodeURIComponent(postId)}`,
          class: 'num-link',
          onclick: (ev) => {
            ev.preventDefault();
            openPost(postId, label);
          },
        },
        text,
      );
    card.replaceChildren(
      h('h2', {}, 'How the leak travelled'),
      // A team case's stored trail, older than its posts or dump (docs/team.md).
      t.stale ? h('p', { class: 'muted small' }, `Out of date: ${t.stale}.`) : null,
      t.summary?.length
        ? h(
            'ul',
            { class: 'findings' },
            t.summary.map((x) => h('li', {}, x)),
          )
        : empty('No post in this case showed, quoted or linked the dump.'),
      t.lanes?.length ? lanesChart(t.lanes, openPost) : null,
      t.items?.length > t.lanesItems
        ? h(
            'p',
            { class: 'muted small' },
            `The lanes show the posts of the ${fmt(t.lanesItems)} most carried of ${fmt(t.items.length)} items, and every first post and hand-off.`,
          )
        : null,
      t.firstSeen?.length
        ? h(
            'div',
            {},
            h('h3', {}, 'First seen, per platform'),
            table(
              ['platform', 'time', 'account', 'how', 'post'],
              t.firstSeen.map((f) => [
                f.platform,
                date(f.time),
                who(f.handle),
                f.via,
                postLink(f.postId, 'open', `first post on ${f.platform}`),
              ]),
            ),
          )
        : null,
      t.handoffs?.length
        ? h(
            'div',
            {},
            h('h3', {}, 'Hand-offs'),
            table(
              ['from', 'to', 'time', 'evidence', 'post'],
              t.handoffs.map((x) => [
                x.fromPlatform,
                x.toPlatform,
                date(x.time),
                h('span', { class: 'small' }, x.evidence.map((e) => e.detail).join(' · ')),
                postLink(x.postId, 'open', `hand-off ${x.fromPlatform} → ${x.toPlatform}`),
              ]),
            ),
          )
        : null,
      t.items?.length
        ? h(
            'div',
            {},
            h('h3', {}, 'Dump items that surfaced'),
            table(
              ['item', 'posts', 'accounts', 'platforms', 'first'],
              t.items
                .slice(0, 20)
                .map((i) => [
                  h('a', { href: `/item/${encodeURIComponent(i.itemId)}` }, i.title || i.itemId),
                  fmt(i.posts),
                  fmt(i.accounts),
                  i.platforms.join(', '),
                  postLink(
                    i.first.postId,
                    `${i.first.platform} ${date(i.first.time)}`,
                    `first post of ${i.title}`,
                  ),
                ]),
            ),
          )
        : null,
    );
  } catch (err) {
    card.replaceChildren(h('h2', {}, 'How the leak travelled'), errorBox(err));
  }
  return card;
}

const TICK_MINUTES = [1, 5, 10, 15, 30, 60, 120, 360, 720, 1440, 10080, 43200];

/** Timeline lanes: x is time, one row per platform, one mark per post (click: open it). */
export function lanesChart(lanes, openPost) {
  const W = 960;
  const LANE = 34;
  const LEFT = 90;
  const RIGHT = 16;
  /** Room between the lane names and the first mark. */
  const PAD = 14;
  const TOP = 8;
  const H = TOP + lanes.length * LANE + 22;
  const times = lanes.flatMap((l) => l.marks.map((m) => Date.parse(m.time)));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const span = Math.max(60_000, t1 - t0);
  const x = (t) => LEFT + PAD + ((Date.parse(t) - t0) / span) * (W - LEFT - PAD - RIGHT - PAD);
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    class: 'trail-lanes',
    role: 'img',
    'aria-label': `trail timeline: ${lanes.map((l) => `${l.platform} ${l.marks.length} posts`).join(', ')}`,
  });
  lanes.forEach((lane, i) => {
    const y = TOP + i * LANE + LANE / 2;
    svg.append(s('line', { x1: LEFT, x2: W - RIGHT, y1: y, y2: y, class: 'lane-rule' }));
    const name = s('text', { x: LEFT - 8, y: y + 4, 'text-anchor': 'end', class: 'lane-name' });
    name.textContent = lane.platform;
    svg.append(name);
    for (const m of lane.marks) {
      const g = s('g', {
        class: `mark ${VIA_CLASS[mainVia(m.roles)]}${m.roles.includes('first') ? ' first' : ''}${m.roles.includes('handoff') ? ' handoff' : ''}`,
        tabindex: 0,
        role: 'button',
        'data-post': m.postId,
      });
      const cx = x(m.time);
      if (m.roles.includes('handoff'))
        g.append(
          s('rect', { x: cx - 6, y: y - 6, width: 12, height: 12, transform: `rotate(45 ${cx} ${y})` }),
        );
      else g.append(s('circle', { cx, cy: y, r: m.roles.includes('first') ? 7 : 5 }));
      const title = s('title');
      title.textContent = `${date(m.time)} — ${m.label}`;
      g.append(title);
      const open = () => openPost(m.postId, `${m.platform} post ${date(m.time)}`);
      g.addEventListener('click', open);
      g.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          open();
        }
      });
      svg.append(g);
    }
  });
  // Ticks on round UTC times, at most eight; the first and last post's times at the ends.
  const step = TICK_MINUTES.find((m) => span / (m * 60_000) <= 8) ?? TICK_MINUTES.at(-1);
  for (let t = Math.ceil(t0 / (step * 60_000)) * step * 60_000; t <= t1; t += step * 60_000) {
    const iso = new Date(t).toISOString();
    svg.append(s('line', { x1: x(iso), x2: x(iso), y1: TOP, y2: H - 20, class: 'tick' }));
    const el = s('text', { x: x(iso), y: H - 6, 'text-anchor': 'middle', class: 'axis' });
    el.textContent = iso.slice(11, 16);
    svg.append(el);
  }
  return h(
    'figure',
    { class: 'trail-figure' },
    svg,
    h(
      'figcaption',
      { class: 'muted' },
      `${date(new Date(t0).toISOString())} → ${date(new Date(t1).toISOString())} (times UTC). One lane per platform. ● a post that showed (file), quoted or linked the dump (larger: the platform’s first); ◆ a hand-off from another platform. Click a mark to open its post.`,
    ),
  );
}

/** The item page's card: every post that showed or quoted this item, with its evidence. */
export async function itemTrailCard(id) {
  const card = section('Seen in posts', h('p', { class: 'muted' }, 'Loading…'));
  try {
    const r = await get(`/api/items/${encodeURIComponent(id)}/trail`);
    if (!r.available) {
      card.replaceChildren(
        h('h2', {}, 'Seen in posts'),
        empty(r.reason ?? 'No posts imported in this case.'),
      );
      return card;
    }
    card.replaceChildren(
      h('h2', {}, 'Seen in posts'),
      r.posts.length
        ? table(
            ['time', 'platform', 'account', 'evidence', 'post'],
            r.posts.map((p) => [
              date(p.time),
              p.platform,
              who(p.handle),
              h(
                'ul',
                { class: 'evidence' },
                p.evidence.map((e) => h('li', {}, h('strong', {}, e.via), ' ', e.detail)),
              ),
              h(
                'span',
                {},
                p.text ? h('span', { class: 'small' }, p.text) : null,
                ' ',
                h('a', { href: `/campaign?post=${encodeURIComponent(p.postId)}` }, 'open post'),
              ),
            ]),
            { class: 'item-trail' },
          )
        : empty('No post showed, quoted or linked this item.'),
    );
  } catch (err) {
    card.replaceChildren(h('h2', {}, 'Seen in posts'), errorBox(err));
  }
  return card;
}
