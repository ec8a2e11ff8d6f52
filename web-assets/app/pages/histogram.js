// Date histogram of the hits per month; drag across bars to filter to that range (a brush),
// click one bar for that month. Drawn as SVG elements, no chart library needed for this one.
import { h, s } from '../dom.js';

export function histogram(months, onRange) {
  const W = 720;
  const H = 70;
  const max = Math.max(...months.map((m) => m.count));
  const bw = W / months.length;
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H + 16}`,
    class: 'hist',
    role: 'img',
    'aria-label': 'results per month; drag to filter',
  });
  const bars = months.map((m, i) => {
    const bh = Math.max(1, (m.count / max) * H);
    const g = s('g', { class: 'hbar' });
    g.append(s('rect', { x: i * bw, y: 0, width: bw, height: H, class: 'hit-area' }));
    g.append(s('rect', { x: i * bw + 1, y: H - bh, width: Math.max(1, bw - 2), height: bh, class: 'val' }));
    const t = s('title');
    t.textContent = `${m.value}: ${m.count}`;
    g.append(t);
    svg.append(g);
    return g;
  });
  const label = (i, anchor) => {
    const t = s('text', {
      x: anchor === 'end' ? W : i * bw,
      y: H + 13,
      'text-anchor': anchor,
      class: 'axis',
    });
    t.textContent = months[i].value;
    svg.append(t);
  };
  label(0, 'start');
  label(months.length - 1, 'end');
  let start = null;
  const indexAt = (ev) => {
    const r = svg.getBoundingClientRect();
    return Math.max(
      0,
      Math.min(months.length - 1, Math.floor(((ev.clientX - r.left) / r.width) * months.length)),
    );
  };
  const paint = (a, b) => {
    bars.forEach((g, i) => {
      g.classList.toggle('brushed', a !== null && i >= Math.min(a, b) && i <= Math.max(a, b));
    });
  };
  svg.addEventListener('pointerdown', (ev) => {
    start = indexAt(ev);
    svg.setPointerCapture(ev.pointerId);
    paint(start, start);
  });
  svg.addEventListener('pointermove', (ev) => start !== null && paint(start, indexAt(ev)));
  svg.addEventListener('pointerup', (ev) => {
    if (start === null) return;
    const end = indexAt(ev);
    const [a, b] = [Math.min(start, end), Math.max(start, end)];
    start = null;
    onRange(months[a].value, months[b].value);
  });
  return h(
    'figure',
    { class: 'histogram' },
    svg,
    h('figcaption', { class: 'muted' }, 'Results per month — drag across bars to filter by date'),
  );
}
