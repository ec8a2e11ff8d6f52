import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cascadeSpec } from '../../src/report/cascade-chart.js';
import { placeLabels, renderSvg, shortLabels } from '../../src/report/charts.js';

test('milestone labels a few minutes apart in a long chart go on separate rows', () => {
  const series = [{ t: '2017-05-05T18:49:00Z' }, { t: '2017-05-06T00:45:00Z' }];
  const placed = placeLabels(
    series,
    [
      { t: '2017-05-05T18:56:22Z', label: '100 posts' },
      { t: '2017-05-05T19:00:08Z', label: '1,000 posts' },
      { t: '2017-05-05T21:13:33Z', label: '10,000 posts' },
      { t: '2017-05-06T00:44:00Z', label: '20,000 posts' },
    ],
    640,
  );
  assert.deepEqual(
    placed.map((p) => [p.label, p.py, p.align]),
    [
      ['100 posts', 2, 'left'],
      ['1,000 posts', 15, 'left'], // 4 minutes later: would overlap the first
      ['10,000 posts', 2, 'left'], // far enough: back on the first row
      ['20,000 posts', 2, 'right'], // at the right edge: drawn leftward
    ],
  );
});

test('rank chart labels: names without addresses unless two share a name, short MIME types', () => {
  assert.deepEqual(
    shortLabels([
      { value: 'ines@a.example', label: 'Inès Bonnet', count: 3 },
      { value: 'n1@a.example', label: 'Nathalie Marchand', count: 2 },
      { value: 'n2@a.example', label: 'Nathalie Marchand', count: 1 },
      { value: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', count: 1 },
      { value: 'image/jpeg', count: 1 },
      { value: 'brasserie-du-port.example', count: 1 },
    ]),
    [
      'Inès Bonnet',
      'Nathalie Marchand <n1@a.example>',
      'Nathalie Marchand <n2@a.example>',
      'xlsx',
      'image/jpeg',
      'brasserie-du-port.example',
    ],
  );
});

test('the cascade chart renders the 1- and 5-minute counts it is given', async () => {
  const svg = await renderSvg(
    cascadeSpec({
      handle: 'seed',
      minutes: 60,
      points: [
        { s: 4, n: 1 },
        { s: 50, n: 15 },
        { s: 290, n: 87 },
        { s: 1200, n: 120 },
      ],
      within1m: 15,
      within5m: 87,
      total: 130,
    }),
  );
  assert.match(svg, /15 within 1 min/);
  assert.match(svg, /87 within 5 min/);
  assert.match(svg, /Reposts of the first post \(@seed\), first 60 minutes/);
});
