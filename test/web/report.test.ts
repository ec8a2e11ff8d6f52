import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { renderSvg, timelineSpec } from '../../src/report/charts.js';
import { buildReport } from '../../src/report/report.js';
import { buildCase, emailId } from './helpers.js';

let kase: Awaited<ReturnType<typeof buildCase>>;
let html: string;
before(async () => {
  kase = await buildCase();
  html = await buildReport(kase.store, { title: 'Test <case>', now: new Date('2026-01-01T00:00:00Z') });
});
after(() => kase.cleanup());

describe('report', () => {
  it('tells the suspects, then the six chapters in order, then the cited items', () => {
    const heads = [...html.matchAll(/<h2 id="([a-z]+)">/g)].map((m) => m[1]);
    assert.deepEqual(heads, [
      'suspects',
      'dump',
      'authenticity',
      'metadata',
      'contents',
      'amplification',
      'trail',
      'references',
    ]);
  });

  it('is self-contained: no script, no external resource, a CSP that forbids loading', () => {
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(|src=/i);
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/,
    );
    assert.ok((html.match(/<svg /g) ?? []).length >= 3, 'inline SVG charts');
  });

  it('states the dump in numbers computed from the case', () => {
    assert.match(html, /The case holds <strong>20 e-mails<\/strong>/);
    assert.match(html, /<strong>3 documents<\/strong> \(3 of them attachments\)/);
    assert.match(html, /2 files could not be processed/);
    assert.match(html, /<td>truncated<\/td><td>2<\/td>/);
  });

  it('says what was not measured instead of inventing it', () => {
    assert.match(html, /have not been verified in this case/);
    assert.match(html, /No social-media posts were imported in this case/);
  });

  it('cites items with a numbered appendix entry giving provenance and hash', () => {
    const first = emailId(kase.store, '4890112.1075845067403.JavaMail.evans@thyme');
    assert.match(html, /Earliest <a class="ref" href="#ref-1">\[1\]<\/a>/);
    const row = new RegExp(`<span id="ref-1">\\[1\\]</span>.*?${first}`);
    assert.match(html, row);
    assert.match(html, /<code>mail\/testRFC822-CC-BCC<\/code>/);
  });

  it('escapes what comes from the dump and the title', () => {
    assert.match(html, /<title>Test &#60;case&#62;<\/title>/);
    assert.doesNotMatch(html, /<attacker@evil\.test>/);
  });

  it('is reproducible: the same case and time give the same bytes', async () => {
    const again = await buildReport(kase.store, {
      title: 'Test <case>',
      now: new Date('2026-01-01T00:00:00Z'),
    });
    assert.equal(again, html);
  });
});

describe('charts', () => {
  it('render the same spec to SVG with escaped labels', async () => {
    const svg = await renderSvg(
      timelineSpec(
        [
          { value: '2017-05-01', count: 3 },
          { value: '2017-05-02', count: 7 },
        ],
        'T <x>',
        'day',
      ),
    );
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /T &lt;x&gt;/);
  });
});
