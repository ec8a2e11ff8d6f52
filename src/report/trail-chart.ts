import type { TopLevelSpec } from 'vega-lite';
import type { TrailLane } from '../trail/lanes.js';
import { renderSvg } from './charts.js';

/** Colours of the evidence kinds, the same as the workbench's lanes (web-assets/style.css). */
const VIA_COLORS: Record<string, string> = {
  file: '#b42318',
  quote: '#b54708',
  link: '#2f5d8a',
  hashtag: '#667085',
};

/**
 * The trail as lanes: one row per platform in first-seen order, one point per post, coloured by
 * the evidence that tied it to the dump; hand-offs drawn as diamonds, first posts larger.
 * @example await trailLanesSvg(trailLanes(trail, links))
 */
export function trailLanesSpec(lanes: TrailLane[]): TopLevelSpec {
  const order = lanes.map((l) => l.platform);
  const values = lanes.flatMap((l) =>
    l.marks.map((m) => {
      const via = m.roles.find((r) => r in VIA_COLORS) ?? 'link';
      return {
        platform: l.platform,
        t: m.time,
        via,
        kind: m.roles.includes('handoff') ? 'hand-off' : m.roles.includes('first') ? 'first post' : 'post',
        size: m.roles.includes('first') || m.roles.includes('handoff') ? 140 : 60,
        label: m.label,
      };
    }),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'How the leak travelled: posts tied to the dump, per platform',
    width: 640,
    height: { step: 34 },
    config: {
      font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      view: { stroke: null },
      axis: { labelFontSize: 11, titleFontSize: 11, gridColor: '#e6e9ee', domainColor: '#98a2b3' },
      title: { fontSize: 13, anchor: 'start', fontWeight: 600, color: '#1d2939' },
    },
    data: { values },
    mark: { type: 'point', filled: true, opacity: 0.9 },
    encoding: {
      // UTC throughout: the summary sentences and tables give UTC times.
      x: {
        field: 't',
        type: 'temporal',
        title: 'UTC',
        scale: { type: 'utc', padding: 12 },
        axis: { format: '%H:%M', labelOverlap: true },
      },
      y: { field: 'platform', type: 'nominal', sort: order, title: null },
      color: {
        field: 'via',
        type: 'nominal',
        title: 'tied by',
        scale: { domain: Object.keys(VIA_COLORS), range: Object.values(VIA_COLORS) },
      },
      shape: {
        field: 'kind',
        type: 'nominal',
        title: null,
        scale: { domain: ['first post', 'hand-off', 'post'], range: ['circle', 'diamond', 'circle'] },
      },
      size: { field: 'size', type: 'quantitative', scale: null, legend: null },
      tooltip: [
        { field: 't', type: 'temporal', title: 'time (UTC)', format: '%Y-%m-%d %H:%M:%S', formatType: 'utc' },
        { field: 'label', type: 'nominal', title: 'post' },
      ],
    },
  } as TopLevelSpec;
}

/** The lanes chart as SVG (null when no post is tied to the dump). */
export async function trailLanesSvg(lanes: TrailLane[]): Promise<string | null> {
  if (!lanes.some((l) => l.marks.length)) return null;
  return renderSvg(trailLanesSpec(lanes));
}
