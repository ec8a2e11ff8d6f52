// Who writes to whom: the e-mail communication graph as a picture (the heaviest sender → recipient
// pairs), coloured by domain, senders of suspect mail ringed in red; GEXF download for Gephi.
import { get } from '../api.js';
import { h, s } from '../dom.js';
import { navigate } from '../main.js';
import { layout, panZoom } from './network.js';

const DOMAIN_COLOURS = ['#2f5d8a', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#ad1457'];
const OTHER = '#b0b8c4';
/** Names written on the picture without hovering: the busiest addresses only, or it turns to ink. */
const LABELLED = 12;

export function mailGraphCard() {
  const card = h(
    'section',
    { class: 'card mail-graph' },
    h('h2', {}, 'Who writes to whom'),
    h('p', { class: 'muted' }, 'Drawing the communication graph…'),
  );
  get('/api/graph?limit=150')
    .then((g) => {
      if (!g.edges?.length) return card.remove();
      card.replaceChildren(h('h2', {}, 'Who writes to whom'), draw(g));
    })
    .catch(() => card.remove());
  return card;
}

function draw(g) {
  const W = 800;
  const H = 420;
  const index = new Map(g.nodes.map((n, i) => [n.id, i]));
  const edges = g.edges.filter((e) => index.has(e.source) && index.has(e.target));
  const pos = layout(
    g.nodes.length,
    edges.map((e) => [index.get(e.source), index.get(e.target), e.messages]),
  );
  const domains = topDomains(g.nodes);
  const colour = (n) => domains.get(n.domain) ?? OTHER;
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    class: 'network mailgraph',
    role: 'img',
    'aria-label': `communication graph of ${g.nodes.length} addresses`,
  });
  const root = s('g');
  svg.append(root);
  const maxM = Math.max(1, ...edges.map((e) => e.messages));
  for (const e of edges) {
    const [a, b] = [pos[index.get(e.source)], pos[index.get(e.target)]];
    root.append(
      s('line', {
        x1: a.x * W,
        y1: a.y * H,
        x2: b.x * W,
        y2: b.y * H,
        'stroke-width': 0.5 + (3 * e.messages) / maxM,
        class: 'edge',
      }),
    );
  }
  const volume = (n) => n.sent + n.received;
  const labelled = new Set(
    [...g.nodes]
      .sort((a, b) => volume(b) - volume(a))
      .slice(0, LABELLED)
      .map((n) => n.id),
  );
  const labels = s('g', { class: 'labels' });
  g.nodes.forEach((n, i) => {
    const p = pos[i];
    const c = s('circle', {
      cx: p.x * W,
      cy: p.y * H,
      r: 3 + Math.min(9, Math.sqrt(volume(n))),
      fill: colour(n),
      class: `node${n.suspect ? ' suspect' : ''}`,
      tabindex: '0',
    });
    const t = s('title');
    t.textContent = `${n.label} <${n.id}> · sent ${n.sent}, received ${n.received}${n.suspect ? ` · ${n.suspect} message(s) in their name altered, forged or flagged` : ''}`;
    c.append(t);
    c.addEventListener('click', () => navigate(`/people/${encodeURIComponent(n.id)}`));
    root.append(c);
    if (labelled.has(n.id) || n.suspect) {
      const l = s('text', { x: p.x * W + 8, y: p.y * H + 4, class: 'label' });
      l.textContent = n.label;
      labels.append(l);
    }
  });
  root.append(labels);
  panZoom(svg, root);
  const legend = h(
    'div',
    { class: 'net-legend' },
    [...domains].map(([d, col]) => {
      const sw = h('span', { class: 'swatch' });
      sw.style.background = col;
      return h('span', { class: 'legend-item' }, sw, d);
    }),
    h('span', { class: 'legend-item' }, h('span', { class: 'swatch other' }), 'other domains'),
    h(
      'span',
      { class: 'legend-item' },
      h('span', { class: 'swatch ring' }),
      'mail in their name altered, forged or flagged',
    ),
  );
  return h(
    'figure',
    { class: 'network-fig' },
    svg,
    legend,
    h(
      'p',
      { class: 'muted small' },
      `${g.nodes.length} addresses, the ${edges.length} heaviest sender → recipient pairs (line width = messages). Click an address for its page. `,
      h('a', { href: '/api/graph.gexf', download: 'mail-graph.gexf' }, 'Download as GEXF (Gephi)'),
    ),
  );
}

/** The most frequent domains get a colour each, in order of addresses. */
function topDomains(nodes) {
  const count = new Map();
  for (const n of nodes) count.set(n.domain, (count.get(n.domain) ?? 0) + 1);
  return new Map(
    [...count]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, DOMAIN_COLOURS.length)
      .map(([d], i) => [d, DOMAIN_COLOURS[i]]),
  );
}
