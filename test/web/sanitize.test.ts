import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sanitizeBody } from '../../src/web/sanitize.js';
import { hostileBodies } from './helpers.js';

/** Anything in sanitised output that could run code or fetch a resource. */
const DANGEROUS = [
  // evil.test may remain as inert text, never in an attribute other than the link title.
  /\s(?!title)[a-z-]+\s*=\s*"[^"]*evil\.test/i,
  /<script/i,
  /\son[a-z]+\s*=/i,
  /javascript:/i,
  /data:/i,
  /url\s*\(/i,
  /@import/i,
  /<(meta|link|base|style|iframe|frame|object|embed|form|input|button|svg|math|video|audio|source|picture)\b/i,
  /\b(srcset|background|poster|formaction|action|href)\s*=/i,
];

describe('sanitizeBody on the hostile corpus', () => {
  const bodies = hostileBodies();
  it('has the twelve attack messages', () => assert.equal(bodies.length, 12));
  for (const { name, html } of bodies) {
    it(`${name}: nothing dangerous survives, the text does`, () => {
      const out = sanitizeBody(html, { cidUrl: (cid) => `/api/items/x/cid/${cid}` });
      for (const re of DANGEROUS) assert.doesNotMatch(out, re, `${name} leaked ${re}`);
      assert.match(out, new RegExp(`marker-${name}`));
    });
  }
});

describe('sanitizeBody details', () => {
  it('rewrites cid: images to the workbench endpoint and keeps alt', () => {
    const out = sanitizeBody('<img src="cid:logo@x" alt="logo" width="20" onerror="x()">', {
      cidUrl: (cid) => `/api/items/em-1/cid/${encodeURIComponent(cid)}`,
    });
    assert.equal(out, '<img src="/api/items/em-1/cid/logo%40x" alt="logo" width="20" />');
  });

  it('drops an image whose source is remote, relative or data:', () => {
    for (const src of [
      'http://t.example/p.gif',
      '//t.example/p.gif',
      'p.gif',
      'data:image/png;base64,AAAA',
    ]) {
      assert.equal(sanitizeBody(`<p>a<img src="${src}">b</p>`), '<p>ab</p>', src);
    }
  });

  it('turns links into text with the target shown as a title', () => {
    assert.equal(
      sanitizeBody('<a href="https://bank.example/pay" onclick="x()">pay</a>'),
      '<a title="link to https://bank.example/pay">pay</a>',
    );
  });

  it('names the scheme of a script or data link instead of quoting it', () => {
    assert.equal(
      sanitizeBody('<a href=" JaVa\tScript:alert(1)">x</a>'),
      '<a title="link to [javascript link removed]">x</a>',
    );
    assert.equal(
      sanitizeBody('<a href="data:text/html,hi">x</a>'),
      '<a title="link to [data link removed]">x</a>',
    );
  });

  it('keeps safe inline styles and drops fetching ones', () => {
    assert.equal(
      sanitizeBody('<p style="color: red; background: url(http://t.example/x); font-weight: bold">x</p>'),
      '<p style="color:red;font-weight:bold">x</p>',
    );
  });

  it('keeps tables and text formatting', () => {
    const html =
      '<table border="1"><tbody><tr><td colspan="2"><b>Total</b> <i>1 200 €</i></td></tr></tbody></table>';
    assert.equal(sanitizeBody(html), html);
  });
});
