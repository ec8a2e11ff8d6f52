import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import * as vl from 'vega-lite';
import type { Count } from '../analyze/case-facts.js';

/**
 * Vega-Lite specs of every chart leaklens draws. The same spec is rendered to SVG in Node for the
 * report (`renderSvg`) and served to the workbench (/api/charts/<name>.svg), so a figure in the
 * report and on screen are the same figure. Data is inlined (`values`): no loader, no URL, so no
 * request can ever leave the page.
 */
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const ACCENT = '#2f5d8a';

const baseConfig = {
  font: FONT,
  view: { stroke: null },
  axis: {
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 'normal',
    gridColor: '#e6e9ee',
    domainColor: '#98a2b3',
  },
  title: { fontSize: 13, anchor: 'start', fontWeight: 600, color: '#1d2939' },
} as const;

/** Vertical bars over time (messages per day/month, posts per interval). */
export function timelineSpec(
  data: Count[],
  title: string,
  unit: 'day' | 'month' | 'minute' | 'hour',
  yTitle = 'messages',
): TopLevelSpec {
  const tu =
    unit === 'month'
      ? 'yearmonth'
      : unit === 'day'
        ? 'yearmonthdate'
        : unit === 'hour'
          ? 'yearmonthdatehours'
          : 'yearmonthdatehoursminutes';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 640,
    height: 180,
    config: baseConfig,
    data: { values: data.map((d) => ({ t: d.value, n: d.count })) },
    mark: { type: 'bar', color: ACCENT, tooltip: true },
    encoding: {
      x: { field: 't', type: 'temporal', timeUnit: tu, title: null },
      y: { field: 'n', type: 'quantitative', title: yTitle },
    },
  } as TopLevelSpec;
}

/** Horizontal ranked bars (top senders, verdicts, document types, languages…). */
export function rankSpec(data: Count[], title: string, xTitle = 'count', color = ACCENT): TopLevelSpec {
  const rows = shortLabels(data.slice(0, 20)).map((k, i) => ({
    k,
    n: data[i]!.count,
    full: data[i]!.label ? `${data[i]!.label} <${data[i]!.value}>` : data[i]!.value,
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 300,
    height: { step: 18 },
    config: baseConfig,
    data: { values: rows },
    mark: { type: 'bar', color },
    encoding: {
      // Headless vega estimates text widths without a canvas, generously: a lower limit cut labels that fit.
      y: { field: 'k', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 320 } },
      x: { field: 'n', type: 'quantitative', title: xTitle },
      tooltip: [
        { field: 'full', type: 'nominal', title: 'value' },
        { field: 'n', type: 'quantitative', title: xTitle },
      ],
    },
  } as TopLevelSpec;
}

/**
 * Axis labels short enough to show whole in a half-width card: a person's name without the address
 * (the address stays in the tooltip; kept when two people share a name), a MIME type by its
 * familiar short form (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet → xlsx).
 */
export function shortLabels(data: Count[]): string[] {
  const first = data.map((d) => (d.label ? d.label : shortMime(d.value || '(none)')));
  return first.map((k, i) =>
    first.indexOf(k) !== first.lastIndexOf(k) && data[i]!.label ? `${k} <${data[i]!.value}>` : k,
  );
}

const MIME_SHORT: Record<string, string> = {
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/msword': 'doc',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.ms-powerpoint': 'ppt',
  'application/pdf': 'pdf',
  'message/rfc822': 'e-mail (rfc822)',
};

function shortMime(v: string): string {
  if (MIME_SHORT[v]) return MIME_SHORT[v];
  return /^[a-z]+\/[\w.+-]+$/.test(v) ? v.replace(/^application\/(vnd\.)?/, '') : v;
}

/** Verdict colours are fixed so "verified" is always green and "body-altered" always red. */
export const VERDICT_COLORS: Record<string, string> = {
  verified: '#2e7d32',
  'verified-third-party': '#66bb6a',
  'body-altered': '#c62828',
  'signature-invalid': '#e65100',
  'key-unavailable': '#f9a825',
  'weak-key': '#8d6e63',
  unsigned: '#90a4ae',
};

export function verdictSpec(data: Count[], title = 'Authenticity verdicts'): TopLevelSpec {
  const domain = data.map((d) => d.value);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 300,
    height: { step: 20 },
    config: baseConfig,
    data: { values: data.map((d) => ({ k: d.value, n: d.count })) },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'k', type: 'nominal', sort: '-x', title: null },
      x: { field: 'n', type: 'quantitative', title: 'messages' },
      color: {
        field: 'k',
        type: 'nominal',
        legend: null,
        scale: { domain, range: domain.map((v) => VERDICT_COLORS[v] ?? '#607d8b') },
      },
    },
  } as TopLevelSpec;
}

/** Posts over time with milestone rules (campaign). */
export function campaignSpec(
  series: { t: string; n: number }[],
  milestones: { t: string; label: string }[],
  title: string,
): TopLevelSpec {
  const placed = placeLabels(series, milestones, CAMPAIGN_WIDTH);
  const text = (align: 'left' | 'right') => ({
    data: { values: placed.filter((m) => m.align === align) },
    mark: {
      type: 'text',
      align,
      dx: align === 'left' ? 3 : -3,
      fontSize: 10,
      color: '#c62828',
      baseline: 'top',
    },
    // scale: null puts each label at its own pixel row, so labels of close milestones stack.
    encoding: {
      x: { field: 't', type: 'temporal' },
      y: { field: 'py', type: 'quantitative', scale: null },
      text: { field: 'label' },
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: CAMPAIGN_WIDTH,
    height: 200,
    config: baseConfig,
    layer: [
      {
        data: { values: series },
        mark: { type: 'area', color: ACCENT, opacity: 0.8, interpolate: 'step-after' },
        encoding: {
          x: { field: 't', type: 'temporal', title: null },
          y: { field: 'n', type: 'quantitative', title: 'posts' },
        },
      },
      {
        data: { values: milestones },
        mark: { type: 'rule', color: '#c62828', strokeDash: [4, 3] },
        encoding: { x: { field: 't', type: 'temporal' } },
      },
      text('left'),
      text('right'),
    ],
  } as TopLevelSpec;
}

const CAMPAIGN_WIDTH = 640;
/** Approximate width of a 10 px label character, enough to tell whether two labels would touch. */
const CHAR_PX = 5.6;
const ROW_PX = 13;

/**
 * Milestone labels that do not collide: each goes on the first row where it does not overlap a
 * label already placed (milestones of 100 and 1,000 posts often fall minutes apart in a day-long
 * chart), and a label that would run off the right edge is drawn to the left of its rule.
 */
export function placeLabels(
  series: { t: string }[],
  milestones: { t: string; label: string }[],
  width: number,
): { t: string; label: string; py: number; align: 'left' | 'right' }[] {
  const times = [...series.map((d) => Date.parse(d.t)), ...milestones.map((m) => Date.parse(m.t))].filter(
    Number.isFinite,
  );
  const lo = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - lo);
  const rows: [number, number][][] = [];
  return [...milestones]
    .sort((a, b) => Date.parse(a.t) - Date.parse(b.t))
    .map((m) => {
      const x = ((Date.parse(m.t) - lo) / span) * width;
      const w = m.label.length * CHAR_PX + 6;
      const align: 'left' | 'right' = x + w > width ? 'right' : 'left';
      const [a, b] = align === 'left' ? [x, x + w] : [x - w, x];
      let row = rows.findIndex((r) => r.every(([c, d]) => b < c || a > d));
      if (row < 0) row = rows.push([]) - 1;
      rows[row]!.push([a, b]);
      return { ...m, py: 2 + row * ROW_PX, align };
    });
}

/**
 * Renders a Vega-Lite spec to an SVG string in Node (vega's headless SVG renderer, no canvas).
 * @example
 * const svg = await renderSvg(rankSpec([{ value: 'a', count: 3 }], 'Top'));
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: noLoader() });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A loader that refuses every URL: specs carry inline data only. */
function noLoader(): vega.Loader {
  const refuse = async (): Promise<never> => {
    throw new Error('charts use inline data only');
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse } as unknown as vega.Loader;
}
