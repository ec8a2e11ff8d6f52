import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { generateDemo } from '../../src/demo/generate.js';
import type { Truth } from '../../src/demo/truth.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { buildReport } from '../../src/report/report.js';
import { importPosts } from '../../src/social/import/index.js';
import { Store } from '../../src/store/store.js';
import { verifyCase } from '../../src/verify/case.js';
import { addKeyFiles } from '../../src/verify/key-archive.js';
import { startServer } from '../../src/web/server.js';
import { browserMissing, launch, ready, watchedPage } from './browser.js';
import { buildCase, emailId, FIXTURES, hostileBodies } from './helpers.js';

const skip = browserMissing() ?? false;
let kase: Awaited<ReturnType<typeof buildCase>>;
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let origin: string;

describe('workbench in a real browser', { skip }, () => {
  before(async () => {
    kase = await buildCase();
    await importPosts(kase.dir, [join(FIXTURES, 'social', 'coortweet-sample.csv')]);
    server = await startServer({ store: kase.store, host: '127.0.0.1', port: 0 });
    origin = `http://127.0.0.1:${server.port}`;
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    kase?.cleanup();
  });

  it('search: facets narrow the results, the URL holds the search, keys open a hit', async () => {
    const { page, watch } = await watchedPage(browser, origin);
    await page.goto(`${origin}/search?q=hostile`);
    await ready(page, '/search');
    assert.equal(await page.locator('.hit').count(), 12);
    assert.equal(await page.locator('.facet[data-facet="domain"] li').count(), 1);
    await page.locator('.facet[data-facet="domain"] a', { hasText: 'evil.test' }).click();
    await page.waitForURL(/domain%3Aevil\.test|domain:evil\.test/);
    assert.equal(new URL(page.url()).searchParams.get('q'), 'hostile domain:evil.test');
    await page.waitForSelector('.chip');
    assert.match((await page.locator('.count').textContent()) ?? '', /^12 results/);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    assert.equal(await page.locator('.hit.selected').count(), 1);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/item\/em-/);
    await ready(page, new URL(page.url()).pathname);
    assert.match((await page.locator('h1').textContent()) ?? '', /^hostile /);
    assert.deepEqual(watch.foreign, []);
    assert.deepEqual(watch.errors, []);
  });

  it('search: brushing the date histogram filters by a month range', async () => {
    const { page, watch } = await watchedPage(browser, origin);
    await page.goto(`${origin}/search?q=kind:email`);
    await ready(page, '/search');
    const bars = page.locator('svg.hist .hbar');
    assert.equal(await bars.count(), 4, 'months 2001-04, 2003-07, 2016-07, 2017-05');
    const a = await bars.nth(1).boundingBox();
    const b = await bars.nth(2).boundingBox();
    assert.ok(a && b);
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForURL(/after/);
    assert.equal(new URL(page.url()).searchParams.get('q'), 'kind:email after:2003-07 before:2016-08');
    await ready(page, '/search');
    // The page was already marked ready for /search before the brush: wait for the new count.
    await page
      .waitForFunction(() => /^2 results/.test(document.querySelector('.count')?.textContent ?? ''), null, {
        timeout: 10_000,
      })
      .catch(() => undefined);
    assert.match((await page.locator('.count').textContent()) ?? '', /^2 results/);
    assert.deepEqual(watch.foreign, []);
  });

  it('message: headers, sanitised body with its inline cid: image, attachment, download', async () => {
    const { page, watch } = await watchedPage(browser, origin);
    const id = emailId(kase.store, 'cid-inline-1@campaign.example');
    await page.goto(`${origin}/item/${id}`);
    await ready(page, `/item/${id}`);
    assert.match(
      (await page.locator('dl.kv').first().textContent()) ?? '',
      /Claire Dupont <claire@campaign\.example>/,
    );
    const frame = page.frameLocator('iframe.body-frame');
    await frame.locator('img').waitFor();
    const width = await frame.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth);
    assert.equal(width, 8, 'the 8×8 inline PNG loaded from the workbench');
    assert.equal(await frame.locator('a[title="link to https://bank.example/pay"]').count(), 1);
    assert.equal(await page.locator('table.grid a', { hasText: 'logo.png' }).count(), 1);
    assert.match(
      (await page.locator('a', { hasText: 'Download original' }).getAttribute('href')) ?? '',
      /^\/api\/blobs\/[0-9a-f]{64}$/,
    );
    assert.deepEqual(watch.foreign, []);
  });

  it('hostile corpus: no script runs, no request leaves the workbench', async () => {
    const { page, watch } = await watchedPage(browser, origin);
    for (const { name } of hostileBodies()) {
      const id = emailId(kase.store, `hostile-${name}@evil.test`);
      await page.goto(`${origin}/item/${id}`);
      await ready(page, `/item/${id}`);
      const frame = page.frameLocator('iframe.body-frame');
      await frame.locator(`text=marker-${name}`).waitFor();
      assert.equal(await page.title(), 'leaklens workbench', `${name} changed the title`);
      await page.locator('.tab', { hasText: 'Plain text' }).click();
      await frame.locator(`text=Plain part of ${name}`).waitFor();
      // Opening the original and the raw headers must not load anything either.
      await page.locator('summary', { hasText: 'Raw headers' }).click();
    }
    await page.waitForTimeout(300);
    assert.deepEqual(watch.foreign, [], 'requests that tried to leave');
    assert.deepEqual(watch.dialogs, [], 'dialogs opened by script');
    assert.deepEqual(watch.errors, []);
  });

  it('tags and notes: added on an item, stored in the case, listed on the tags page', async () => {
    const { page, watch } = await watchedPage(browser, origin);
    const id = emailId(kase.store, 'hostile-11-forms@evil.test');
    await page.goto(`${origin}/item/${id}`);
    await ready(page, `/item/${id}`);
    await page.fill('input[name="tag"]', 'phishing');
    await page.click('form.inline button');
    await page.locator('.tag a', { hasText: 'phishing' }).waitFor();
    await page.fill('textarea[name="note"]', 'form posting to evil.test');
    await page.click('.note-form button');
    await page.locator('blockquote.note', { hasText: 'form posting to evil.test' }).waitFor();
    const rows = kase.store.db
      .prepare('SELECT kind, value FROM annotations WHERE item_id = ? ORDER BY id')
      .all(id);
    assert.deepEqual(rows, [
      { kind: 'tag', value: 'phishing' },
      { kind: 'note', value: 'form posting to evil.test' },
    ]);
    await page.goto(`${origin}/tags`);
    await ready(page, '/tags');
    assert.match((await page.locator('.tags').first().textContent()) ?? '', /phishing \(1\)/);
    await page.goto(`${origin}/search?q=tag:phishing`);
    await ready(page, '/search');
    assert.equal(await page.locator('.hit').count(), 1);
    assert.deepEqual(watch.foreign, []);
  });

  it('campaign: findings, coordination network, numbers open their posts', async () => {
    const { page, watch } = await watchedPage(browser, origin);
    await page.goto(`${origin}/campaign`);
    await ready(page, '/campaign');
    assert.match((await page.locator('.stats').textContent()) ?? '', /2,997posts/);
    await page.locator('svg.network circle').first().waitFor();
    // The sample's coordinated network: 6 accounts (3 groups) with ties above the 0.5 quantile.
    assert.equal(await page.locator('svg.network circle').count(), 6);
    // The CooRTweet sample has no texts: the near-identical texts card says there are none.
    assert.match(
      (await page.locator('main').textContent()) ?? '',
      /Near-identical texts.*No near-identical texts posted together/,
    );
    await page
      .locator('img.chart-img')
      .evaluate((img: HTMLImageElement) =>
        img.complete ? null : new Promise((r) => img.addEventListener('load', r)),
      );
    assert.ok(
      await page.locator('img.chart-img').evaluate((img: HTMLImageElement) => img.naturalWidth > 100),
    );
    await page.locator('.num-link').first().click();
    // The panel ends with the posts or with the server's error: say which, not only "timed out".
    await page.locator('.posts-panel table, .posts-panel .error').first().waitFor();
    assert.equal(
      await page.locator('.posts-panel .error').count(),
      0,
      (await page.locator('.posts-panel').textContent()) ?? '',
    );
    assert.match((await page.locator('.posts-panel').textContent()) ?? '', /2,997 posts/);
    assert.deepEqual(watch.foreign, []);
    assert.deepEqual(watch.errors, []);
  });

  it('overview, documents, people and failures render with their data', async () => {
    const { page, watch } = await watchedPage(browser, origin);
    for (const [path, text] of [
      ['/overview', /20e-mails/],
      ['/documents', /tzora-titan-4-hummer-xl-manual\.pdf/],
      ['/people', /attacker@evil\.test/],
      ['/failures', /generated-truncated\.zip.*truncated/],
    ] as const) {
      await page.goto(`${origin}${path}`);
      await ready(page, path);
      assert.match((await page.locator('main').textContent()) ?? '', text, path);
    }
    assert.deepEqual(watch.foreign, []);
    assert.deepEqual(watch.errors, []);
  });

  it('report: one self-contained file that loads nothing', async () => {
    const html = await buildReport(kase.store, { now: new Date('2026-01-01T00:00:00Z') });
    const out = join(mkdtempSync(join(tmpdir(), 'll-report-')), 'report.html');
    await import('node:fs').then((fs) => fs.writeFileSync(out, html));
    const { page, watch } = await watchedPage(browser, 'file://');
    await page.goto(`file://${out}`);
    const headings = await page.locator('h2').allTextContents();
    assert.deepEqual(headings, [
      'Suspects',
      '1. The dump',
      '2. Authenticity',
      '3. Metadata and outside editors',
      '4. What is in it',
      '5. The amplification',
      '6. How the leak travelled',
      'Items cited',
    ]);
    assert.ok((await page.locator('figure svg').count()) >= 3);
    assert.doesNotMatch(readFileSync(out, 'utf8'), /<script|<link|<img|@import|url\(/i);
    assert.deepEqual(watch.foreign, []);
  });
});

// The demo's altered messages (planted by src/demo/tamper.ts): the item page must show what
// changed, not the HTML part that hides it.
describe('workbench on the demo: what changed in an altered message', { skip }, () => {
  let demo: { dir: string; store: Store; truth: Truth };
  let demoServer: Awaited<ReturnType<typeof startServer>>;
  let demoBrowser: Browser;
  let demoOrigin: string;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'll-e2e-demo-'));
    const truth = await generateDemo(dir, { size: 'small', seed: 2017, noPosts: true });
    const store = Store.open(join(dir, 'case'));
    addKeyFiles(store, [join(dir, truth.keys)]);
    await ingestPaths(store, [join(dir, 'dump')], { workers: 0, silent: true });
    await verifyCase(store, { silent: true });
    demo = { dir, store, truth };
    demoServer = await startServer({ store, host: '127.0.0.1', port: 0 });
    demoOrigin = `http://127.0.0.1:${demoServer.port}`;
    demoBrowser = await launch();
  });
  after(async () => {
    await demoBrowser?.close();
    await demoServer?.close();
    demo?.store.close();
    if (demo) rmSync(demo.dir, { recursive: true, force: true });
  });

  const idOf = (kind: string) => {
    const planted = demo.truth.emails.find((e) => e.kind === kind);
    assert.ok(planted, kind);
    return emailId(demo.store, planted.messageId.replace(/^<|>$/g, ''));
  };

  it('body-altered: the inserted sentence is highlighted, the plain part is shown first, the flag is listed', async () => {
    const { page, watch } = await watchedPage(demoBrowser, demoOrigin);
    const id = idOf('body-altered');
    await page.goto(`${demoOrigin}/item/${id}`);
    await ready(page, `/item/${id}`);
    const inserted = await page.locator('.diff ins').allTextContents();
    assert.equal(inserted.length, 1, inserted.join('|'));
    assert.match(inserted[0] ?? '', /^Merci de faire le virement .*\(Chypre\).*trésorier\.\s*$/);
    assert.equal(await page.locator('.diff del').count(), 0);
    assert.match((await page.locator('iframe.body-frame').getAttribute('src')) ?? '', /\?part=text$/);
    await page.frameLocator('iframe.body-frame').locator('pre.plain', { hasText: 'Chypre' }).waitFor();
    assert.equal(await page.locator('.tab.on').textContent(), 'Plain text');
    assert.match((await page.locator('ul.flags').textContent()) ?? '', /text-html-mismatch/);
    assert.deepEqual(watch.foreign, []);
    assert.deepEqual(watch.errors, []);
  });

  it('header-altered: the signed Subject as signed and as it reads now', async () => {
    const { page, watch } = await watchedPage(demoBrowser, demoOrigin);
    const id = idOf('header-altered');
    await page.goto(`${demoOrigin}/item/${id}`);
    await ready(page, `/item/${id}`);
    const row = page.locator('table.grid tr', { hasText: 'Subject' }).first();
    const signed = (await row.locator('del').textContent()) ?? '';
    assert.equal((await row.locator('td').nth(2).textContent())?.trim(), `${signed} – URGENT : virement`);
    assert.equal(
      (await row.locator('ins').textContent())?.trim(),
      '– URGENT : virement',
      'only the addition highlighted',
    );
    assert.match((await page.locator('ul.flags').textContent()) ?? '', /signed-header-changed/);
    assert.deepEqual(watch.errors, []);
  });
});
