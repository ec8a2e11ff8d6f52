// The coordination network: accounts as nodes, coordinated pairs as edges (weight = shared
// objects within the time window). Laid out with a small deterministic force simulation and drawn
// as SVG; hover shows an account and its ties, click lists its posts, wheel zooms, drag pans.
import { get } from '../api.js';
import { h, s } from '../dom.js';

const PALETTE = [
  '#2f5d8a',
  '#c62828',
  '#2e7d32',
  '#6a1b9a',
  '#ef6c00',
  '#00838f',
  '#ad1457',
  '#5d4037',
  '#546e7a',
  '#9e9d24',
];

/** The figure at once; the full strong network replaces the top pairs when it arrives. */
export function networkView(coord, onAccount) {
  const fig = h('figure', { class: 'network-fig' }, h('p', { class: 'muted' }, 'Drawing the network…'));
  get('/api/campaign/network')
    .then((net) => fig.replaceWith(draw(coord, net.edges?.length ? net.edges : coord.topEdges, onAccount)))
    .catch(() => fig.replaceWith(draw(coord, coord.topEdges, onAccount)));
  return fig;
}

function draw(coord, allEdges, onAccount) {
  const handle = new Map();
  const group = new Map();
  coord.groups.forEach((g, gi) => {
    g.accounts.forEach((a, i) => {
      handle.set(a, g.handles[i]);
      group.set(a, gi);
    });
  });
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
    'aria-label': `coordination network of ${ids.length} accounts`,
  });
  const root = s('g');
  svg.append(root);
  const maxW = Math.max(...edges.map((e) => e.weight), 1);
  const lines = edges.map((e) => {
    const [a, b] = [pos[index.get(e.a)], pos[index.get(e.b)]];
    const l = s('line', {
      x1: a.x * W,
      y1: a.y * H,
      x2: b.x * W,
      y2: b.y * H,
      'stroke-width': 0.5 + (2.5 * e.weight) / maxW,
      class: 'edge',
    });
    l.dataset.a = e.a;
    l.dataset.b = e.b;
    root.append(l);
    return l;
  });
  const degree = new Map();
  for (const e of edges) for (const x of [e.a, e.b]) degree.set(x, (degree.get(x) ?? 0) + 1);
  const info = h(
    'p',
    { class: 'muted small net-info' },
    `${ids.length} accounts, ${edges.length} coordinated ties (colour = group). Hover a node for its ties, click it for its posts; scroll to zoom, drag to pan.`,
  );
  ids.forEach((id, i) => {
    const p = pos[i];
    const name = handle.get(id) ? `@${handle.get(id)}` : id;
    const c = s('circle', {
      cx: p.x * W,
      cy: p.y * H,
      r: 3 + Math.min(7, Math.sqrt(degree.get(id) ?? 1) * 1.5),
      fill: PALETTE[(group.get(id) ?? 9) % PALETTE.length],
      class: 'node',
      tabindex: '0',
    });
    const t = s('title');
    t.textContent = `${name} · ${degree.get(id) ?? 0} ties · group #${coord.groups[group.get(id)]?.id ?? '?'}`;
    c.append(t);
    c.addEventListener('mouseenter', () => {
      for (const l of lines) l.classList.toggle('hi', l.dataset.a === id || l.dataset.b === id);
      info.textContent = `${name}: ${degree.get(id) ?? 0} coordinated ties`;
    });
    c.addEventListener('mouseleave', () => {
      for (const l of lines) l.classList.remove('hi');
    });
    c.addEventListener('click', () => onAccount(id, name));
    root.append(c);
  });
  panZoom(svg, root);
  return h('figure', { class: 'network-fig' }, svg, info);
}

/** Fruchterman–Reingold in the unit square, seeded so the same case always draws the same picture. */
function layout(n, edges) {
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

function panZoom(svg, root) {
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
