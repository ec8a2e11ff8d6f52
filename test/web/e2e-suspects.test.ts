/**
 * The Suspects page in Chromium on the small demo (seed 2017): the landing page shows the
 * fabricated and altered e-mails and the documents the outsider edited, each with its reason,
 * and the story that ties the fabricated e-mails to the documents — at 1280 and 1440 px.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { generateDemo } from '../../src/demo/generate.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { runStages } from '../../src/pipeline/all-stages.js';
import { Store } from '../../src/store/store.js';
import { addKeyFiles } from '../../src/verify/key-archive.js';
import { startServer } from '../../src/web/server.js';
import { browserMissing, launch, ready, watchedPage } from './browser.js';

const skip = browserMissing() ?? false;
const root = mkdtempSync(join(tmpdir(), 'll-suspects-e2e-'));
let store: Store;
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let origin: string;

describe('Suspects page on the demo, in a real browser', { skip }, () => {
  before(async () => {
    const dir = join(root, 'demo');
    const truth = await generateDemo(dir, { size: 'small', seed: 2017 });
    store = Store.open(join(dir, 'case'));
    addKeyFiles(store, [join(dir, truth.keys)]);
    await ingestPaths(store, [join(dir, 'dump')], { silent: true, workers: 1 });
    await runStages(store, { silent: true });
    server = await startServer({ store, host: '127.0.0.1', port: 0 });
    origin = `http://127.0.0.1:${server.port}`;
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    store?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('the overview opens with the headline findings, each linking to its items', async () => {
    const { page, watch } = await watchedPage(browser, origin, 1280);
    await page.goto(`${origin}/overview`);
    await ready(page, '/overview');
    const items = page.locator('.headlines li');
    assert.equal(await items.count(), 5);
    assert.match(
      (await items.nth(0).textContent()) ?? '',
      /^3 e-mails of 24–25 Mar 2017 .*look like one operation/,
    );
    assert.match(
      (await items.nth(1).textContent()) ?? '',
      /4 e-mails claim to come from avancer\.example.*may be fabricated/,
    );
    await items.nth(3).locator('a').click();
    await page.waitForURL(/\/search\?q=flag%3Aoutside-editor/);
    await ready(page, '/search');
    await page.waitForSelector('.hit');
    assert.equal(await page.locator('.hit').count(), 5);
    assert.deepEqual(watch.errors, []);
  });

  for (const width of [1280, 1440]) {
    it(`the landing page lists fabricated, altered and outside-edited items with reasons (${width} px)`, async () => {
      const { page, watch } = await watchedPage(browser, origin, width);
      await page.goto(`${origin}/`);
      await ready(page, '/');
      assert.equal(await page.locator('h1').textContent(), 'Suspects');
      assert.match((await page.locator('#nav a').first().textContent()) ?? '', /^Suspects$/);
      const rows = page.locator('tr.suspect');
      assert.equal(await rows.count(), 28);
      const text = async (finding: string) =>
        (await page.locator('tr.suspect', { hasText: finding }).allTextContents()).join('\n');
      // Fabricated: unsigned although the domain signs, with the rate as the reason.
      const fabricated = await text('unsigned-from-signing-domain');
      assert.equal(
        (fabricated.match(/Unsigned, although avancer\.example signs \d+ of its \d+ messages/g) ?? []).length,
        4,
      );
      // Altered after signing: text changed, or signed headers changed (the Subject gained "URGENT").
      assert.equal(await page.locator('tr.suspect .verdict.v-body-altered').count(), 7);
      assert.equal(await page.locator('tr.suspect .verdict.v-signature-invalid').count(), 3);
      assert.match(await text('URGENT'), /the Subject was changed after signing/);
      // The outsider's documents, with the editor named in the reason.
      const docs = await text('outside-editor');
      assert.equal(
        (docs.match(/Edited outside the organisation: \w+ "Рошка Георгий Петрович" in Cyrillic/g) ?? [])
          .length,
        5,
      );
      for (const f of ['Budget_Lyon_1.xlsx', 'Budget_Pau_5.pdf'])
        assert.match(docs, new RegExp(f.replace('.', '\\.')));
      // The first story ties the fabricated mails to the documents they carry.
      const story = (await page.locator('.story').first().textContent()) ?? '';
      assert.match(
        story,
        /3 e-mails of 24–25 Mar 2017 .*5 documents of 27 Mar 2017 .*look like one operation/,
      );
      assert.equal(await page.locator('.story').first().locator('li').count(), 8);
      // Reasons wrap inside the page: no horizontal scroll at this width.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the window`);
      // A suspect opens its item page.
      await page.locator('.story').first().locator('a').first().click();
      await page.waitForURL(/\/item\//);
      await ready(page, new URL(page.url()).pathname);
      assert.deepEqual(watch.foreign, []);
      assert.deepEqual(watch.errors, []);
    });
  }
});
