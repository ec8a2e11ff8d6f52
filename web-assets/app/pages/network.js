// The coordination network: accounts as nodes, coordinated pairs as edges (weight = shared
// objects within the time window). Laid out with a small deterministic force simulation and drawn
// as SVG; hover shows an account and its ties, click lists its posts, wheel zooms, drag pans.
import { get } from '../api.js';
import { h, s } from '../dom.js';

/** The tightest community in red; the next ones in distinct hues; accounts in no community grey. */
const TIGHTEST = '#c62828';
const PALETTE = [
  '#2f5d8a',
  '#2e7d32',
  '#6a1b9a',
  '#ef6c00',
  '#00838f',
  '#ad1457',
  '#5d4037',
  '#9e9d24',
  '#546e7a',
];
const OTHER = '#b0b8c4';
/** Communities given a colour and a legend row; the rest are drawn as "other". */
const LEGEND_MAX = 8;

/** The figure at once; the full strong network replaces the top pairs when it arrives. */
export function networkView(coord, onAccount) {
  const fig = h('figure', { class: 'network-fig' }, h('p', { class: 'muted' }, 'Drawing the network…'));
  get('/api/campaign/network')
    .then((net) => fig.replaceWith(draw(coord, net.edges?.length ? net.edges : coord.topEdges, onAccount)))
    .catch(() => fig.replaceWith(draw(coord, coord.topEdges, onAccount)));
  return fig;
}

/**
 * Colour by Louvain community (the analysis ranks them by the mean weight of their ties, so the
 * first is the most tightly knit: a ring acting in lockstep), not by connected group: a ring of 26
 * inside a 400-account group is otherwise the same colour as the crowd around it.
 */
function communityIndex(coord) {
  const handle = new Map();
  const community = new Map();
  for (const g of coord.groups ?? []) {
    g.accounts.forEach((a, i) => {
      handle.set(a, g.handles[i]);
    });
  }
  const list = (coord.communities ?? []).slice(0, LEGEND_MAX);
  list.forEach((m, ci) => {
    m.accounts.forEach((a, i) => {
      community.set(a, ci);
      if (m.handles?.[i]) handle.set(a, m.handles[i]);
    });
  });
  return { handle, community, list };
}

const colour = (ci) => (ci === undefined ? OTHER : ci === 0 ? TIGHTEST : PALETTE[(ci - 1) % PALETTE.length]);

function draw(coord, allEdges, onAccount) {
  const { handle, community, list } = communityIndex(coord);
  const ids = [...new Set(allEdges.flatMap((e) => [e.a, e.b]))].slice(0, 600);
  const index = new Map(ids.map((id, i) => [id, i]));
  const edges = allEdges.filter((e) => index.has(e.a) && index.has(e.b));
  const pos = layout(
    ids.length,
    edges.map((e) => [index.get(e.a), index.get(e.b), e.weight]),
  );
  const W = 800;
  const H = 460;
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    class: 'network',
    role: 'img',
    'aria-label': `coordination network of ${ids.length} accounts, coloured by community`,
  });
  const root = s('g');
  const labels = s('g', { class: 'labels' });
  svg.append(root);
  const maxW = Math.max(...edges.map((e) => e.weight), 1);
  const lines = edges.map((e) => {
    const [a, b] = [pos[index.get(e.a)], pos[index.get(e.b)]];
    const same = community.get(e.a) !== undefined && community.get(e.a) === community.get(e.b);
    const l = s('line', {
      x1: a.x * W,
      y1: a.y * H,
      x2: b.x * W,
      y2: b.y * H,
      'stroke-width': 0.5 + (2.5 * e.weight) / maxW,
      class: `edge${same && community.get(e.a) === 0 ? ' tight' : ''}`,
    });
    l.dataset.a = e.a;
    l.dataset.b = e.b;
    l.dataset.c = same ? String(community.get(e.a)) : '';
    root.append(l);
    return l;
  });
  const degree = new Map();
  for (const e of edges) for (const x of [e.a, e.b]) degree.set(x, (degree.get(x) ?? 0) + 1);
  const info = h(
    'p',
    { class: 'muted small net-info' },
    `${ids.length} accounts, ${edges.length} coordinated ties, coloured by community (red: the most tightly knit). Hover a node for its name and ties, click it for its posts; pick a community below to isolate it; scroll to zoom, drag to pan.`,
  );
  const nameOf = (id) => (handle.get(id) ? `@${handle.get(id)}` : id);
  /** A name beside a node; on the isolation circle it points outward (anchor end on the left half). */
  const label = (id, p, out = null) => {
    const t = out
      ? s('text', {
          x: p.x * W + 10 * Math.cos(out),
          y: p.y * H + 10 * Math.sin(out) + 4,
          'text-anchor': Math.cos(out) < -0.01 ? 'end' : Math.cos(out) > 0.01 ? 'start' : 'middle',
          class: 'label',
        })
      : s('text', { x: p.x * W + 7, y: p.y * H + 4, class: 'label' });
    t.textContent = nameOf(id);
    return t;
  };
  const nodes = ids.map((id, i) => {
    const p = pos[i];
    const ci = community.get(id);
    const c = s('circle', {
      cx: p.x * W,
      cy: p.y * H,
      r: 3 + Math.min(7, Math.sqrt(degree.get(id) ?? 1) * 1.5),
      fill: colour(ci),
      class: `node${ci === 0 ? ' tight' : ''}`,
      tabindex: '0',
    });
    c.dataset.c = ci === undefined ? '' : String(ci);
    c.dataset.account = id;
    const t = s('title');
    t.textContent = `${nameOf(id)} · ${degree.get(id) ?? 0} ties · ${ci === undefined ? 'no community' : `community ${ci + 1}`}`;
    c.append(t);
    let hover = null;
    c.addEventListener('mouseenter', () => {
      for (const l of lines) l.classList.toggle('hi', l.dataset.a === id || l.dataset.b === id);
      info.textContent = `${nameOf(id)}: ${degree.get(id) ?? 0} coordinated ties${ci === undefined ? '' : `, community ${ci + 1}`}`;
      hover = label(id, { x: c.cx.baseVal.value / W, y: c.cy.baseVal.value / H });
      labels.append(hover);
    });
    c.addEventListener('mouseleave', () => {
      for (const l of lines) l.classList.remove('hi');
      hover?.remove();
    });
    c.addEventListener('click', () => onAccount(id, nameOf(id)));
    root.append(c);
    return c;
  });
  root.append(labels);
  const fixed = s('g', { class: 'labels fixed' });
  root.append(fixed);
  /** Moves every node to `at` (index → {x, y} in the unit square) and its ties with it. */
  const place = (at) => {
    nodes.forEach((n, i) => {
      n.setAttribute('cx', at[i].x * W);
      n.setAttribute('cy', at[i].y * H);
    });
    edges.forEach((e, k) => {
      const [a, b] = [at[index.get(e.a)], at[index.get(e.b)]];
      lines[k].setAttribute('x1', a.x * W);
      lines[k].setAttribute('y1', a.y * H);
      lines[k].setAttribute('x2', b.x * W);
      lines[k].setAttribute('y2', b.y * H);
    });
  };
  /**
   * Isolate one community (null: show all): the rest fades, and its members, which the layout packs
   * tightly when they act in lockstep, are spread on a circle and named.
   */
  const isolate = (ci) => {
    svg.classList.toggle('isolated', ci !== null);
    for (const n of nodes) n.classList.toggle('in', ci !== null && n.dataset.c === String(ci));
    for (const l of lines) l.classList.toggle('in', ci !== null && l.dataset.c === String(ci));
    const members = ci === null ? [] : ids.map((id, i) => [id, i]).filter(([id]) => community.get(id) === ci);
    const at = pos.map((p) => ({ ...p }));
    // Start a little off the vertical so no two names share the top or bottom row.
    const angleOf = (k) => (2 * Math.PI * (k + 0.5)) / members.length - Math.PI / 2;
    members.forEach(([, i], k) => {
      at[i] = { x: 0.5 + 0.3 * Math.cos(angleOf(k)), y: 0.5 + 0.4 * Math.sin(angleOf(k)) };
    });
    place(at);
    fixed.replaceChildren(...members.map(([id, i], k) => label(id, at[i], angleOf(k))));
    for (const b of legend.querySelectorAll('button')) b.classList.toggle('on', b.dataset.c === String(ci));
  };
  const legend = legendOf(list, isolate);
  panZoom(svg, root);
  return h('figure', { class: 'network-fig' }, svg, legend, info);
}

/** One row per coloured community: swatch, size, mean tie weight; a click isolates it. */
function legendOf(list, isolate) {
  const rows = list.map((m, ci) => {
    const sw = h('span', { class: 'swatch' });
    sw.style.background = colour(ci);
    return h(
      'button',
      { type: 'button', class: 'legend-item', dataset: { c: String(ci) }, onclick: () => isolate(ci) },
      sw,
      `${ci === 0 ? 'Tightest: ' : ''}community ${ci + 1} · ${m.accounts.length} accounts · mean tie weight ${m.meanWeight}`,
    );
  });
  const other = h('span', { class: 'swatch' });
  other.style.background = OTHER;
  return h(
    'div',
    { class: 'net-legend', role: 'group', 'aria-label': 'communities' },
    rows,
    h('span', { class: 'legend-item muted' }, other, 'other accounts'),
    h(
      'button',
      { type: 'button', class: 'legend-item all', dataset: { c: 'null' }, onclick: () => isolate(null) },
      'Show all',
    ),
  );
}

/** Fruchterman–Reingold in the unit square, seeded so the same case always draws the same picture. */
export function layout(n, edges) {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const p = Array.from({ length: n }, () => ({ x: rnd(), y: rnd(), dx: 0, dy: 0 }));
  const k = Math.sqrt(1 / Math.max(1, n)) * 0.9;
  // Cap the pair computations (~8 million) so a large network never freezes the page for long.
  const iterations = Math.max(40, Math.min(200, Math.floor(8e6 / Math.max(1, (n * n) / 2))));
  const cool = 0.02 ** (1 / iterations);
  for (let it = 0, t = 0.1; it < iterations; it++, t *= cool) {
    for (const a of p) a.dx = a.dy = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = p[i].x - p[j].x;
        const dy = p[i].y - p[j].y;
        const d = Math.max(1e-3, Math.hypot(dx, dy));
        const f = (k * k) / d;
        p[i].dx += (dx / d) * f;
        p[i].dy += (dy / d) * f;
        p[j].dx -= (dx / d) * f;
        p[j].dy -= (dy / d) * f;
      }
    }
    for (const [i, j] of edges) {
      const dx = p[i].x - p[j].x;
      const dy = p[i].y - p[j].y;
      const d = Math.max(1e-3, Math.hypot(dx, dy));
      const f = (d * d) / k;
      p[i].dx -= (dx / d) * f;
      p[i].dy -= (dy / d) * f;
      p[j].dx += (dx / d) * f;
      p[j].dy += (dy / d) * f;
    }
    for (const a of p) {
      const d = Math.max(1e-6, Math.hypot(a.dx, a.dy));
      a.x += (a.dx / d) * Math.min(d, t) + (0.5 - a.x) * 0.01;
      a.y += (a.dy / d) * Math.min(d, t) + (0.5 - a.y) * 0.01;
    }
  }
  const xs = p.map((a) => a.x);
  const ys = p.map((a) => a.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return p.map((a) => ({
    x: 0.04 + (0.92 * (a.x - x0)) / Math.max(1e-6, x1 - x0),
    y: 0.05 + (0.9 * (a.y - y0)) / Math.max(1e-6, y1 - y0),
  }));
}

export function panZoom(svg, root) {
  let scale = 1;
  let tx = 0;
  let ty = 0;
  let drag = null;
  const apply = () => root.setAttribute('transform', `translate(${tx} ${ty}) scale(${scale})`);
  svg.addEventListener(
    'wheel',
    (ev) => {
      ev.preventDefault();
      scale = Math.max(0.5, Math.min(8, scale * (ev.deltaY < 0 ? 1.15 : 1 / 1.15)));
      apply();
    },
    { passive: false },
  );
  svg.addEventListener('pointerdown', (ev) => {
    if (ev.target.tagName === 'circle') return;
    drag = { x: ev.clientX - tx, y: ev.clientY - ty };
  });
  svg.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    tx = ev.clientX - drag.x;
    ty = ev.clientY - drag.y;
    apply();
  });
  svg.addEventListener('pointerup', () => {
    drag = null;
  });
}
