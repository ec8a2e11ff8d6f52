import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './charts.js';

/** The parts of a campaign analysis the cascade chart reads (src/social/signals/cascade.ts). */
interface CascadeLike {
  cascade?: {
    handle: string | null;
    minutes: number;
    points: { s: number; n: number }[];
    within1m: number;
    within5m: number;
    total: number;
  } | null;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * Cumulative reposts of the seed post over its first hour, with the 1- and 5-minute marks: the
 * picture Hoaxy draws of a claim's spread, here of the post that launched the campaign.
 */
export function cascadeSpec(c: NonNullable<CascadeLike['cascade']>): TopLevelSpec {
  const series = [{ m: 0, n: 0 }, ...c.points.map((p) => ({ m: p.s / 60, n: p.n }))];
  const last = series.at(-1)!;
  if (last.m < c.minutes) series.push({ m: c.minutes, n: last.n });
  const marks = [
    { m: 1, label: `${c.within1m} within 1 min` },
    { m: 5, label: `${c.within5m} within 5 min` },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Reposts of the first post${c.handle ? ` (@${c.handle})` : ''}, first ${c.minutes} minutes`,
    width: 640,
    height: 200,
    config: {
      font: FONT,
      view: { stroke: null },
      axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', gridColor: '#e6e9ee' },
      title: { fontSize: 13, anchor: 'start', fontWeight: 600, color: '#1d2939' },
    },
    layer: [
      {
        data: { values: series },
        mark: { type: 'area', interpolate: 'step-after', color: '#2f5d8a', opacity: 0.85, tooltip: true },
        encoding: {
          x: {
            field: 'm',
            type: 'quantitative',
            title: 'minutes after the first post',
            scale: { domain: [0, c.minutes] },
          },
          y: { field: 'n', type: 'quantitative', title: 'reposts (cumulative)' },
        },
      },
      {
        data: { values: marks },
        mark: { type: 'rule', color: '#c62828', strokeDash: [4, 3] },
        encoding: { x: { field: 'm', type: 'quantitative' } },
      },
      {
        data: { values: marks.map((x, i) => ({ ...x, py: 2 + i * 13 })) },
        mark: { type: 'text', align: 'left', dx: 3, baseline: 'top', fontSize: 10, color: '#c62828' },
        encoding: {
          x: { field: 'm', type: 'quantitative' },
          y: { field: 'py', type: 'quantitative', scale: null },
          text: { field: 'label' },
        },
      },
    ],
  } as TopLevelSpec;
}

/**
 * The seed's repost cascade as SVG, or null when the seed was never reposted.
 * @example await seedCascadeSvg(await analyzeCampaign(dir))
 */
export async function seedCascadeSvg(a: CascadeLike): Promise<string | null> {
  if (!a.cascade?.points.length) return null;
  return renderSvg(cascadeSpec(a.cascade));
}
